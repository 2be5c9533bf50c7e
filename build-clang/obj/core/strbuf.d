build-clang/obj/core/strbuf.o: src/core/strbuf.c include/core/strbuf.h \
  include/core/xalloc.h

include/core/strbuf.h:

include/core/xalloc.h:
