build-clang/obj/core/paths.o: src/core/paths.c include/core/paths.h \
  include/core/strbuf.h include/core/xalloc.h

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:
