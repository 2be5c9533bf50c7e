build-clang/obj/returns/cin/cin_rules.o: src/returns/cin/cin_rules.c \
  include/returns/cin/cin_rules.h include/core/id_set.h \
  include/findings/finding.h include/core/date.h \
  include/returns/cin/cin_record.h include/core/arena.h \
  include/core/strbuf.h include/core/xalloc.h

include/returns/cin/cin_rules.h:

include/core/id_set.h:

include/findings/finding.h:

include/core/date.h:

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/strbuf.h:

include/core/xalloc.h:
