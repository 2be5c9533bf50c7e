build-clang/obj/returns/families/families_synth.o: \
  src/returns/families/families_synth.c include/core/date.h \
  include/core/upn.h include/core/xalloc.h \
  include/returns/families/families_synth.h include/synth/options.h \
  include/synth/sink.h include/synth/dates.h include/synth/ids.h \
  include/synth/rng.h

include/core/date.h:

include/core/upn.h:

include/core/xalloc.h:

include/returns/families/families_synth.h:

include/synth/options.h:

include/synth/sink.h:

include/synth/dates.h:

include/synth/ids.h:

include/synth/rng.h:
