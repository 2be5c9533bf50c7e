build-clang/obj/synth/options.o: src/synth/options.c include/core/upn.h \
  include/synth/options.h include/core/date.h

include/core/upn.h:

include/synth/options.h:

include/core/date.h:
