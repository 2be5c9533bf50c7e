build-clang/obj/findings/report.o: src/findings/report.c \
  include/core/strbuf.h include/core/xalloc.h \
  include/findings/report_impl.h include/findings/report.h \
  include/core/date.h include/findings/finding.h include/io/csv.h \
  include/io/outfile.h include/io/utf8.h

include/core/strbuf.h:

include/core/xalloc.h:

include/findings/report_impl.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/csv.h:

include/io/outfile.h:

include/io/utf8.h:
