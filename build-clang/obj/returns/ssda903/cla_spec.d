build-clang/obj/returns/ssda903/cla_spec.o: \
  src/returns/ssda903/cla_spec.c include/core/arena.h \
  include/core/confline.h include/returns/ssda903/cla_spec.h \
  include/core/strbuf.h include/core/date.h include/core/paths.h \
  include/core/upn.h include/core/xalloc.h include/io/utf8.h

include/core/arena.h:

include/core/confline.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/core/date.h:

include/core/paths.h:

include/core/upn.h:

include/core/xalloc.h:

include/io/utf8.h:
