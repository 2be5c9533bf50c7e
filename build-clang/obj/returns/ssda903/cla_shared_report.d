build-clang/obj/returns/ssda903/cla_shared_report.o: \
  src/returns/ssda903/cla_shared_report.c include/core/config.h \
  include/core/date.h include/core/id_set.h include/core/log.h \
  include/core/paths.h include/core/strbuf.h include/core/xalloc.h \
  include/io/html.h include/io/json_writer.h include/io/json.h \
  include/privacy/manifest.h include/privacy/policy.h \
  include/privacy/pseudo.h include/returns/ssda903/cla_build.h \
  include/core/arena.h include/returns/ssda903/cla_rules.h \
  include/returns/ssda903/cla_ref.h include/returns/ssda903/cla_spec.h \
  include/findings/finding.h include/io/db.h include/core/status.h \
  include/returns/ssda903/cla_shared_report.h \
  include/returns/return_kind.h include/findings/defects.h \
  include/findings/report.h include/io/outset.h

include/core/config.h:

include/core/date.h:

include/core/id_set.h:

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/io/html.h:

include/io/json_writer.h:

include/io/json.h:

include/privacy/manifest.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/returns/ssda903/cla_build.h:

include/core/arena.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/returns/ssda903/cla_spec.h:

include/findings/finding.h:

include/io/db.h:

include/core/status.h:

include/returns/ssda903/cla_shared_report.h:

include/returns/return_kind.h:

include/findings/defects.h:

include/findings/report.h:

include/io/outset.h:
