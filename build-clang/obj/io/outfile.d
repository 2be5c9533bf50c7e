build-clang/obj/io/outfile.o: src/io/outfile.c include/core/strbuf.h \
  include/core/xalloc.h include/io/outfile.h include/io/workdir.h

include/core/strbuf.h:

include/core/xalloc.h:

include/io/outfile.h:

include/io/workdir.h:
