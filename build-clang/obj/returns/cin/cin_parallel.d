build-clang/obj/returns/cin/cin_parallel.o: \
  src/returns/cin/cin_parallel.c include/returns/cin/cin_parallel.h \
  include/returns/cin/cin_reader.h include/returns/cin/cin_record.h \
  include/core/arena.h include/core/date.h include/core/log.h

include/returns/cin/cin_parallel.h:

include/returns/cin/cin_reader.h:

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:

include/core/log.h:
