build-clang/obj/returns/registry.o: src/returns/registry.c \
  include/returns/cin/cin_kind.h include/returns/return_kind.h \
  include/core/arena.h include/core/config.h include/core/status.h \
  include/core/strbuf.h include/findings/defects.h \
  include/findings/report.h include/core/date.h \
  include/findings/finding.h include/io/db.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h \
  include/privacy/policy.h include/privacy/pseudo.h \
  include/returns/families/families_kind.h include/returns/registry.h \
  include/returns/ssda903/cla_kind.h

include/returns/cin/cin_kind.h:

include/returns/return_kind.h:

include/core/arena.h:

include/core/config.h:

include/core/status.h:

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

include/returns/families/families_kind.h:

include/returns/registry.h:

include/returns/ssda903/cla_kind.h:
