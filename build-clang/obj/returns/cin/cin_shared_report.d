build-clang/obj/returns/cin/cin_shared_report.o: \
  src/returns/cin/cin_shared_report.c include/core/status.h \
  include/returns/cin/cin_fields.h include/privacy/policy.h \
  include/core/strbuf.h include/returns/cin/cin_policy.h \
  include/core/arena.h include/returns/cin/cin_record.h \
  include/core/date.h include/returns/cin/cin_source.h include/io/db.h \
  include/privacy/pseudo.h include/core/config.h \
  include/returns/cin/cin_shared_report.h include/returns/return_kind.h \
  include/findings/defects.h include/findings/report.h \
  include/findings/finding.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h \
  include/core/log.h include/io/outfile.h include/core/paths.h \
  include/returns/cin/cin_rules.h include/core/id_set.h \
  include/core/xalloc.h include/io/html.h

include/core/status.h:

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/core/strbuf.h:

include/returns/cin/cin_policy.h:

include/core/arena.h:

include/returns/cin/cin_record.h:

include/core/date.h:

include/returns/cin/cin_source.h:

include/io/db.h:

include/privacy/pseudo.h:

include/core/config.h:

include/returns/cin/cin_shared_report.h:

include/returns/return_kind.h:

include/findings/defects.h:

include/findings/report.h:

include/findings/finding.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:

include/core/log.h:

include/io/outfile.h:

include/core/paths.h:

include/returns/cin/cin_rules.h:

include/core/id_set.h:

include/core/xalloc.h:

include/io/html.h:
