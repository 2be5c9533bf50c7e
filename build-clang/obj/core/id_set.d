build-clang/obj/core/id_set.o: src/core/id_set.c include/core/id_set.h \
  include/core/xalloc.h

include/core/id_set.h:

include/core/xalloc.h:
