build-clang/obj/returns/cin/cin_codes.o: src/returns/cin/cin_codes.c \
  include/returns/cin/cin_codes.h

include/returns/cin/cin_codes.h:
