build-clang/obj/returns/ssda903/cla_build.o: \
  src/returns/ssda903/cla_build.c include/core/log.h \
  include/core/paths.h include/core/strbuf.h include/core/xalloc.h \
  include/io/xml_writer.h include/returns/ssda903/cla_build.h \
  include/core/arena.h include/returns/ssda903/cla_rules.h \
  include/returns/ssda903/cla_ref.h include/core/date.h \
  include/returns/ssda903/cla_spec.h include/findings/finding.h \
  include/io/db.h include/core/status.h include/privacy/policy.h \
  include/privacy/pseudo.h include/returns/ssda903/cla_kind.h \
  include/returns/return_kind.h include/core/config.h \
  include/findings/defects.h include/findings/report.h \
  include/io/outset.h include/privacy/manifest.h \
  include/io/json_writer.h include/io/json.h \
  include/returns/ssda903/cla_shared_report.h \
  include/returns/ssda903/cla_validate.h \
  include/returns/ssda903/cla_store.h

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/io/xml_writer.h:

include/returns/ssda903/cla_build.h:

include/core/arena.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_spec.h:

include/findings/finding.h:

include/io/db.h:

include/core/status.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/returns/ssda903/cla_kind.h:

include/returns/return_kind.h:

include/core/config.h:

include/findings/defects.h:

include/findings/report.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:

include/returns/ssda903/cla_shared_report.h:

include/returns/ssda903/cla_validate.h:

include/returns/ssda903/cla_store.h:
