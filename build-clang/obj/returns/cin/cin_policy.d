build-clang/obj/returns/cin/cin_policy.o: src/returns/cin/cin_policy.c \
  include/returns/cin/cin_fields.h include/privacy/policy.h \
  include/core/strbuf.h include/returns/cin/cin_policy.h \
  include/core/arena.h include/returns/cin/cin_record.h \
  include/core/date.h include/returns/cin/cin_source.h include/io/db.h \
  include/core/status.h include/privacy/pseudo.h \
  include/returns/cin/cin_codes.h

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/core/strbuf.h:

include/returns/cin/cin_policy.h:

include/core/arena.h:

include/returns/cin/cin_record.h:

include/core/date.h:

include/returns/cin/cin_source.h:

include/io/db.h:

include/core/status.h:

include/privacy/pseudo.h:

include/returns/cin/cin_codes.h:
