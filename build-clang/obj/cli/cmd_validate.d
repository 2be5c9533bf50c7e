build-clang/obj/cli/cmd_validate.o: src/cli/cmd_validate.c \
  include/cli/commands.h include/core/status.h include/core/log.h \
  include/io/outfile.h include/pipeline/validate.h \
  include/findings/report.h include/core/date.h \
  include/findings/finding.h include/core/strbuf.h \
  include/returns/validator.h include/io/sniff.h

include/cli/commands.h:

include/core/status.h:

include/core/log.h:

include/io/outfile.h:

include/pipeline/validate.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/core/strbuf.h:

include/returns/validator.h:

include/io/sniff.h:
