build-clang/obj/returns/ssda903/cla_writer.o: \
  src/returns/ssda903/cla_writer.c include/returns/ssda903/cla_build.h \
  include/core/arena.h include/returns/ssda903/cla_rules.h \
  include/returns/ssda903/cla_ref.h include/core/date.h \
  include/returns/ssda903/cla_spec.h include/core/strbuf.h \
  include/findings/finding.h include/io/db.h include/core/status.h \
  include/privacy/policy.h include/privacy/pseudo.h \
  include/core/xalloc.h include/io/csv.h include/io/xml_writer.h

include/returns/ssda903/cla_build.h:

include/core/arena.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/findings/finding.h:

include/io/db.h:

include/core/status.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/core/xalloc.h:

include/io/csv.h:

include/io/xml_writer.h:
