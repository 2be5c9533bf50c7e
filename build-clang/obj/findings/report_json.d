build-clang/obj/findings/report_json.o: src/findings/report_json.c \
  include/core/strbuf.h include/core/xalloc.h \
  include/findings/report_impl.h include/findings/report.h \
  include/core/date.h include/findings/finding.h \
  include/io/json_writer.h include/io/json.h

include/core/strbuf.h:

include/core/xalloc.h:

include/findings/report_impl.h:

include/findings/report.h:

include/core/date.h:

include/findings/finding.h:

include/io/json_writer.h:

include/io/json.h:
