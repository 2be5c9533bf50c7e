build-clang/obj/privacy/pseudo.o: src/privacy/pseudo.c \
  include/privacy/pseudo.h include/core/strbuf.h include/core/xalloc.h

include/privacy/pseudo.h:

include/core/strbuf.h:

include/core/xalloc.h:
