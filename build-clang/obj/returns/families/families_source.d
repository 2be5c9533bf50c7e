build-clang/obj/returns/families/families_source.o: \
  src/returns/families/families_source.c include/io/contract.h \
  include/io/db.h include/core/status.h include/core/strbuf.h \
  include/returns/families/families.h include/core/date.h \
  include/io/csv.h include/privacy/policy.h include/privacy/pseudo.h \
  include/core/id_set.h include/findings/finding.h include/core/log.h \
  include/core/xalloc.h

include/io/contract.h:

include/io/db.h:

include/core/status.h:

include/core/strbuf.h:

include/returns/families/families.h:

include/core/date.h:

include/io/csv.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/core/id_set.h:

include/findings/finding.h:

include/core/log.h:

include/core/xalloc.h:
