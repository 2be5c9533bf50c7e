build-clang/obj/returns/ssda903/cla_validator.o: \
  src/returns/ssda903/cla_validator.c include/core/log.h \
  include/core/xalloc.h include/returns/ssda903/cla_ref.h \
  include/core/date.h include/returns/ssda903/cla_store.h \
  include/returns/ssda903/cla_rules.h include/returns/ssda903/cla_spec.h \
  include/core/strbuf.h include/findings/finding.h \
  include/returns/ssda903/cla_validate.h \
  include/returns/ssda903/cla_validator.h include/returns/validator.h \
  include/core/status.h include/findings/report.h include/io/sniff.h

include/core/log.h:

include/core/xalloc.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_store.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/findings/finding.h:

include/returns/ssda903/cla_validate.h:

include/returns/ssda903/cla_validator.h:

include/returns/validator.h:

include/core/status.h:

include/findings/report.h:

include/io/sniff.h:
