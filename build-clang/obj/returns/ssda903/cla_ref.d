build-clang/obj/returns/ssda903/cla_ref.o: src/returns/ssda903/cla_ref.c \
  include/core/arena.h include/returns/ssda903/cla_ref.h \
  include/core/date.h include/core/xalloc.h include/io/csv.h \
  include/core/strbuf.h

include/core/arena.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/core/xalloc.h:

include/io/csv.h:

include/core/strbuf.h:
