build-clang/obj/returns/cin/cin_synth.o: src/returns/cin/cin_synth.c \
  include/core/date.h include/core/upn.h include/core/xalloc.h \
  include/returns/cin/cin_synth.h include/synth/options.h \
  include/synth/sink.h include/synth/dates.h include/synth/ids.h \
  include/synth/rng.h

include/core/date.h:

include/core/upn.h:

include/core/xalloc.h:

include/returns/cin/cin_synth.h:

include/synth/options.h:

include/synth/sink.h:

include/synth/dates.h:

include/synth/ids.h:

include/synth/rng.h:
