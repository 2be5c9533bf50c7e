build-clang/obj/io/utf8.o: src/io/utf8.c include/io/utf8.h

include/io/utf8.h:
