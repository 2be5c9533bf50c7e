build-clang/obj/returns/ssda903/cla_store.o: \
  src/returns/ssda903/cla_store.c include/core/arena.h \
  include/returns/ssda903/cla_store.h \
  include/returns/ssda903/cla_rules.h include/returns/ssda903/cla_ref.h \
  include/core/date.h include/returns/ssda903/cla_spec.h \
  include/core/strbuf.h include/findings/finding.h include/core/xalloc.h

include/core/arena.h:

include/returns/ssda903/cla_store.h:

include/returns/ssda903/cla_rules.h:

include/returns/ssda903/cla_ref.h:

include/core/date.h:

include/returns/ssda903/cla_spec.h:

include/core/strbuf.h:

include/findings/finding.h:

include/core/xalloc.h:
