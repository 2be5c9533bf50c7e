build-clang/obj/io/csv_writer.o: src/io/csv_writer.c include/io/csv.h \
  include/core/strbuf.h include/io/utf8.h

include/io/csv.h:

include/core/strbuf.h:

include/io/utf8.h:
