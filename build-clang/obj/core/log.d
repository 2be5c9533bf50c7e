build-clang/obj/core/log.o: src/core/log.c include/core/log.h \
  include/core/strbuf.h

include/core/log.h:

include/core/strbuf.h:
