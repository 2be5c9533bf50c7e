build-clang/obj/core/confline.o: src/core/confline.c \
  include/core/confline.h include/core/strbuf.h

include/core/confline.h:

include/core/strbuf.h:
