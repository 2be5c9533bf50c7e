build-clang/obj/core/xalloc.o: src/core/xalloc.c include/core/xalloc.h

include/core/xalloc.h:
