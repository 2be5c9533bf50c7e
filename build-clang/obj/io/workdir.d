build-clang/obj/io/workdir.o: src/io/workdir.c include/core/strbuf.h \
  include/io/workdir.h

include/core/strbuf.h:

include/io/workdir.h:
