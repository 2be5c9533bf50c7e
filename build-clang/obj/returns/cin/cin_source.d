build-clang/obj/returns/cin/cin_source.o: src/returns/cin/cin_source.c \
  include/returns/cin/cin_fields.h include/privacy/policy.h \
  include/core/strbuf.h include/returns/cin/cin_source.h \
  include/core/arena.h include/returns/cin/cin_record.h \
  include/core/date.h include/io/db.h include/core/status.h \
  include/io/contract.h include/io/json.h include/core/xalloc.h

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/core/strbuf.h:

include/returns/cin/cin_source.h:

include/core/arena.h:

include/returns/cin/cin_record.h:

include/core/date.h:

include/io/db.h:

include/core/status.h:

include/io/contract.h:

include/io/json.h:

include/core/xalloc.h:
