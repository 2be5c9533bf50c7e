build-clang/obj/returns/cin/cin_rules_identifiers.o: \
  src/returns/cin/cin_rules_identifiers.c \
  include/returns/cin/cin_record.h include/core/arena.h \
  include/core/date.h include/returns/cin/cin_codes.h \
  include/returns/cin/cin_rules.h include/core/id_set.h \
  include/findings/finding.h include/core/upn.h include/core/xalloc.h

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:

include/returns/cin/cin_codes.h:

include/returns/cin/cin_rules.h:

include/core/id_set.h:

include/findings/finding.h:

include/core/upn.h:

include/core/xalloc.h:
