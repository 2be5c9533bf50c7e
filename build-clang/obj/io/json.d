build-clang/obj/io/json.o: src/io/json.c include/io/json.h \
  include/core/strbuf.h include/io/utf8.h

include/io/json.h:

include/core/strbuf.h:

include/io/utf8.h:
