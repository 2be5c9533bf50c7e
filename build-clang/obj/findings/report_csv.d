build-clang/obj/findings/report_csv.o: src/findings/report_csv.c \
  include/core/strbuf.h include/core/xalloc.h \
  include/findings/report_impl.h include/findings/report.h \
  include/core/date.h include/findings/finding.h include/io/csv.h

include/core/strbuf.h:

include/core/xalloc.h:

include/findings/report_impl.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/csv.h:
