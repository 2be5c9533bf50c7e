build-clang/obj/returns/ssda903/cla_validate.o: \
  src/returns/ssda903/cla_validate.c include/core/arena.h \
  include/core/id_set.h include/returns/ssda903/cla_validate.h \
  include/returns/ssda903/cla_rules.h include/returns/ssda903/cla_ref.h \
  include/core/date.h include/returns/ssda903/cla_spec.h \
  include/core/strbuf.h include/findings/finding.h \
  include/returns/ssda903/cla_store.h include/core/log.h \
  include/core/paths.h include/findings/report.h include/core/xalloc.h \
  include/io/csv.h include/io/utf8.h include/io/xml_reader.h

include/core/arena.h:

include/core/id_set.h:

include/returns/ssda903/cla_validate.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/findings/finding.h:

include/returns/ssda903/cla_store.h:

include/core/log.h:

include/core/paths.h:

include/findings/report.h:

include/core/xalloc.h:

include/io/csv.h:

include/io/utf8.h:

include/io/xml_reader.h:
