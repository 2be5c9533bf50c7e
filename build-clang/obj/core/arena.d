build-clang/obj/core/arena.o: src/core/arena.c include/core/arena.h \
  include/core/xalloc.h

include/core/arena.h:

include/core/xalloc.h:
