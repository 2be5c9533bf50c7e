build-clang/obj/returns/cin/cin_fields.o: src/returns/cin/cin_fields.c \
  include/returns/cin/cin_fields.h include/privacy/policy.h \
  include/core/strbuf.h include/returns/cin/cin_record.h \
  include/core/arena.h include/core/date.h

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/core/strbuf.h:

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:
