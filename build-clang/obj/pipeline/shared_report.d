build-clang/obj/pipeline/shared_report.o: src/pipeline/shared_report.c \
  include/core/log.h include/io/outfile.h \
  include/pipeline/shared_report.h include/core/status.h include/io/db.h \
  include/core/strbuf.h include/returns/return_kind.h \
  include/core/arena.h include/core/config.h include/findings/defects.h \
  include/findings/report.h include/core/date.h \
  include/findings/finding.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h \
  include/privacy/policy.h include/privacy/pseudo.h

include/core/log.h:

include/io/outfile.h:

include/pipeline/shared_report.h:

include/core/status.h:

include/io/db.h:

include/core/strbuf.h:

include/returns/return_kind.h:

include/core/arena.h:

include/core/config.h:

include/findings/defects.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:

include/privacy/policy.h:

include/privacy/pseudo.h:
