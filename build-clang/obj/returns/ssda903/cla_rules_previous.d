build-clang/obj/returns/ssda903/cla_rules_previous.o: \
  src/returns/ssda903/cla_rules_previous.c \
  include/returns/ssda903/cla_rules.h include/returns/ssda903/cla_ref.h \
  include/core/date.h include/returns/ssda903/cla_spec.h \
  include/core/strbuf.h include/findings/finding.h

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/findings/finding.h:
