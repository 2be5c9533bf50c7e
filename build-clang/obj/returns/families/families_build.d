build-clang/obj/returns/families/families_build.o: \
  src/returns/families/families_build.c include/core/log.h \
  include/core/paths.h include/core/strbuf.h include/core/xalloc.h \
  include/returns/families/families.h include/core/date.h \
  include/io/csv.h include/io/db.h include/core/status.h \
  include/privacy/policy.h include/privacy/pseudo.h \
  include/core/id_set.h include/findings/finding.h \
  include/returns/families/families_kind.h include/returns/return_kind.h \
  include/core/arena.h include/core/config.h include/findings/defects.h \
  include/findings/report.h include/io/outset.h \
  include/privacy/manifest.h include/io/json_writer.h include/io/json.h

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/returns/families/families.h:

include/core/date.h:

include/io/csv.h:

include/io/db.h:

include/core/status.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/core/id_set.h:

include/findings/finding.h:

include/returns/families/families_kind.h:

include/returns/return_kind.h:

include/core/arena.h:

include/core/config.h:

include/findings/defects.h:

include/findings/report.h:

include/io/outset.h:

include/privacy/manifest.h:

include/io/json_writer.h:

include/io/json.h:
