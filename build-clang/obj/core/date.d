build-clang/obj/core/date.o: src/core/date.c include/core/confline.h \
  include/core/date.h include/core/xalloc.h

include/core/confline.h:

include/core/date.h:

include/core/xalloc.h:
