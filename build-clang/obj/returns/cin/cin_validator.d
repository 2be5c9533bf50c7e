build-clang/obj/returns/cin/cin_validator.o: \
  src/returns/cin/cin_validator.c include/core/log.h \
  include/core/paths.h include/core/strbuf.h include/core/xalloc.h \
  include/returns/cin/cin_parallel.h include/returns/cin/cin_reader.h \
  include/returns/cin/cin_record.h include/core/arena.h \
  include/core/date.h include/returns/cin/cin_rules.h \
  include/core/id_set.h include/findings/finding.h \
  include/returns/cin/cin_validator.h include/returns/validator.h \
  include/core/status.h include/findings/report.h include/io/sniff.h

include/core/log.h:

include/core/paths.h:

include/core/strbuf.h:

include/core/xalloc.h:

include/returns/cin/cin_parallel.h:

include/returns/cin/cin_reader.h:

include/returns/cin/cin_record.h:

include/core/arena.h:

include/core/date.h:

include/returns/cin/cin_rules.h:

include/core/id_set.h:

include/findings/finding.h:

include/returns/cin/cin_validator.h:

include/returns/validator.h:

include/core/status.h:

include/findings/report.h:

include/io/sniff.h:
