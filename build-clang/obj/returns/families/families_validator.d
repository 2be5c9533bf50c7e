build-clang/obj/returns/families/families_validator.o: \
  src/returns/families/families_validator.c include/core/log.h \
  include/returns/families/families.h include/core/date.h \
  include/io/csv.h include/core/strbuf.h include/io/db.h \
  include/core/status.h include/privacy/policy.h \
  include/privacy/pseudo.h include/core/id_set.h \
  include/findings/finding.h \
  include/returns/families/families_validator.h \
  include/returns/validator.h include/findings/report.h \
  include/io/sniff.h

include/core/log.h:

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

include/returns/families/families_validator.h:

include/returns/validator.h:

include/findings/report.h:

include/io/sniff.h:
