build-clang/obj/returns/cin/cin_record.o: src/returns/cin/cin_record.c \
  include/returns/cin/cin_record.h include/core/arena.h \
  include/core/date.h

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:
