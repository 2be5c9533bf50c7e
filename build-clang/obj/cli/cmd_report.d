build-clang/obj/cli/cmd_report.o: src/cli/cmd_report.c \
  include/cli/commands.h include/core/status.h include/cli/options.h \
  include/core/config.h include/returns/return_kind.h \
  include/core/arena.h include/core/strbuf.h include/findings/defects.h \
  include/findings/report.h include/core/date.h \
  include/findings/finding.h include/io/db.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h \
  include/privacy/policy.h include/privacy/pseudo.h include/core/log.h \
  include/pipeline/shared_report.h include/returns/registry.h

include/cli/commands.h:

include/core/status.h:

include/cli/options.h:

include/core/config.h:

include/returns/return_kind.h:

include/core/arena.h:

include/core/strbuf.h:

include/findings/defects.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/db.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/core/log.h:

include/pipeline/shared_report.h:

include/returns/registry.h:
