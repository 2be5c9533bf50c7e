build-clang/obj/io/csv_reader.o: src/io/csv_reader.c \
  include/core/xalloc.h include/io/csv.h include/core/strbuf.h \
  include/io/utf8.h

include/core/xalloc.h:

include/io/csv.h:

include/core/strbuf.h:

include/io/utf8.h:
