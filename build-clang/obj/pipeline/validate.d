build-clang/obj/pipeline/validate.o: src/pipeline/validate.c \
  include/core/log.h include/core/xalloc.h include/pipeline/validate.h \
  include/core/status.h include/findings/report.h include/core/date.h \
  include/findings/finding.h include/core/strbuf.h \
  include/returns/validator.h include/io/sniff.h \
  include/returns/validators.h

include/core/log.h:

include/core/xalloc.h:

include/pipeline/validate.h:

include/core/status.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/core/strbuf.h:

include/returns/validator.h:

include/io/sniff.h:

include/returns/validators.h:
