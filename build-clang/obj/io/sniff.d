build-clang/obj/io/sniff.o: src/io/sniff.c include/io/sniff.h

include/io/sniff.h:
