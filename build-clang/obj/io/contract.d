build-clang/obj/io/contract.o: src/io/contract.c include/io/contract.h \
  include/io/db.h include/core/status.h include/core/strbuf.h \
  include/core/xalloc.h

include/io/contract.h:

include/io/db.h:

include/core/status.h:

include/core/strbuf.h:

include/core/xalloc.h:
