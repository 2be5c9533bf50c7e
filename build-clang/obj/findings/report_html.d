build-clang/obj/findings/report_html.o: src/findings/report_html.c \
  include/core/strbuf.h include/core/xalloc.h \
  include/findings/report_impl.h include/findings/report.h \
  include/core/date.h include/findings/finding.h include/io/html.h

include/core/strbuf.h:

include/core/xalloc.h:

include/findings/report_impl.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/html.h:
