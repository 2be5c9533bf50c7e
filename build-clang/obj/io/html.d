build-clang/obj/io/html.o: src/io/html.c include/io/html.h \
  include/core/strbuf.h include/io/utf8.h

include/io/html.h:

include/core/strbuf.h:

include/io/utf8.h:
