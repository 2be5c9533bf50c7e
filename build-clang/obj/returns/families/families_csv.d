build-clang/obj/returns/families/families_csv.o: \
  src/returns/families/families_csv.c \
  include/returns/families/families.h include/core/date.h \
  include/io/csv.h include/core/strbuf.h include/io/db.h \
  include/core/status.h include/privacy/policy.h \
  include/privacy/pseudo.h include/core/id_set.h \
  include/findings/finding.h

include/returns/families/families.h:

include/core/date.h:

include/io/csv.h:

include/core/strbuf.h:

include/io/db.h:

include/core/status.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/core/id_set.h:

include/findings/finding.h:
