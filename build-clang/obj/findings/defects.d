build-clang/obj/findings/defects.o: src/findings/defects.c \
  include/core/log.h include/core/strbuf.h include/findings/defects.h

include/core/log.h:

include/core/strbuf.h:

include/findings/defects.h:
