build-clang/obj/core/config.o: src/core/config.c include/core/config.h \
  include/core/confline.h include/core/xalloc.h

include/core/config.h:

include/core/confline.h:

include/core/xalloc.h:
