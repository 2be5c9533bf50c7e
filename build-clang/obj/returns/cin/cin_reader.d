build-clang/obj/returns/cin/cin_reader.o: src/returns/cin/cin_reader.c \
  include/core/arena.h include/returns/cin/cin_reader.h \
  include/returns/cin/cin_record.h include/core/date.h \
  include/core/log.h include/core/paths.h include/core/strbuf.h \
  include/core/xalloc.h include/io/xml_reader.h

include/core/arena.h:

include/returns/cin/cin_reader.h:

include/returns/cin/cin_record.h:

include/core/date.h:

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/io/xml_reader.h:
