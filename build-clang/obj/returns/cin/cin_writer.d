build-clang/obj/returns/cin/cin_writer.o: src/returns/cin/cin_writer.c \
  include/returns/cin/cin_fields.h include/privacy/policy.h \
  include/core/strbuf.h include/returns/cin/cin_writer.h \
  include/returns/cin/cin_record.h include/core/arena.h \
  include/core/date.h include/io/xml_writer.h include/core/xalloc.h

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/core/strbuf.h:

include/returns/cin/cin_writer.h:

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:

include/io/xml_writer.h:

include/core/xalloc.h:
