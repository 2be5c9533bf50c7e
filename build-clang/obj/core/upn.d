build-clang/obj/core/upn.o: src/core/upn.c include/core/upn.h

include/core/upn.h:
