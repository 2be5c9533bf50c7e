build-clang/obj/io/outset.o: src/io/outset.c include/core/strbuf.h \
  include/core/xalloc.h include/io/outfile.h include/io/outset.h \
  include/io/workdir.h

include/core/strbuf.h:

include/core/xalloc.h:

include/io/outfile.h:

include/io/outset.h:

include/io/workdir.h:
