build-clang/obj/returns/validators.o: src/returns/validators.c \
  include/returns/cin/cin_validator.h include/returns/validator.h \
  include/core/status.h include/core/strbuf.h include/findings/report.h \
  include/core/date.h include/findings/finding.h include/io/sniff.h \
  include/returns/families/families_validator.h \
  include/returns/ssda903/cla_validator.h include/returns/validators.h

include/returns/cin/cin_validator.h:

include/returns/validator.h:

include/core/status.h:

include/core/strbuf.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/sniff.h:

include/returns/families/families_validator.h:

include/returns/ssda903/cla_validator.h:

include/returns/validators.h:
