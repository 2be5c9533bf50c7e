build-clang/obj/synth/ids.o: src/synth/ids.c include/synth/ids.h \
  include/synth/rng.h include/core/date.h

include/synth/ids.h:

include/synth/rng.h:

include/core/date.h:
