build-clang/obj/returns/ssda903/cla_synth.o: \
  src/returns/ssda903/cla_synth.c include/core/date.h include/core/upn.h \
  include/core/xalloc.h include/returns/ssda903/cla_synth.h \
  include/synth/options.h include/synth/sink.h include/synth/dates.h \
  include/synth/ids.h include/synth/rng.h

include/core/date.h:

include/core/upn.h:

include/core/xalloc.h:

include/returns/ssda903/cla_synth.h:

include/synth/options.h:

include/synth/sink.h:

include/synth/dates.h:

include/synth/ids.h:

include/synth/rng.h:
