build-clang/obj/findings/report_text.o: src/findings/report_text.c \
  include/core/strbuf.h include/core/xalloc.h \
  include/findings/report_impl.h include/findings/report.h \
  include/core/date.h include/findings/finding.h

include/core/strbuf.h:

include/core/xalloc.h:

include/findings/report_impl.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:
