build-clang/obj/returns/cin/cin_build.o: src/returns/cin/cin_build.c \
  include/core/log.h include/core/paths.h include/core/strbuf.h \
  include/core/xalloc.h include/returns/cin/cin_fields.h \
  include/privacy/policy.h include/returns/cin/cin_kind.h \
  include/returns/return_kind.h include/core/arena.h \
  include/core/config.h include/core/status.h include/findings/defects.h \
  include/findings/report.h include/core/date.h \
  include/findings/finding.h include/io/db.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h \
  include/privacy/pseudo.h include/returns/cin/cin_policy.h \
  include/returns/cin/cin_record.h include/returns/cin/cin_source.h \
  include/returns/cin/cin_rules.h include/core/id_set.h \
  include/returns/cin/cin_shared_report.h \
  include/returns/cin/cin_writer.h include/io/xml_writer.h

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/returns/cin/cin_fields.h:

include/privacy/policy.h:

include/returns/cin/cin_kind.h:

include/returns/return_kind.h:

include/core/arena.h:

include/core/config.h:

include/core/status.h:

include/findings/defects.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/db.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:

include/privacy/pseudo.h:

include/returns/cin/cin_policy.h:

include/returns/cin/cin_record.h:

include/returns/cin/cin_source.h:

include/returns/cin/cin_rules.h:

include/core/id_set.h:

include/returns/cin/cin_shared_report.h:

include/returns/cin/cin_writer.h:

include/io/xml_writer.h:
