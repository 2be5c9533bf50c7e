build-clang/obj/privacy/policy.o: src/privacy/policy.c \
  include/core/confline.h include/core/paths.h include/core/strbuf.h \
  include/privacy/policy.h include/core/xalloc.h

include/core/confline.h:

include/core/paths.h:

include/core/strbuf.h:

include/privacy/policy.h:

include/core/xalloc.h:
