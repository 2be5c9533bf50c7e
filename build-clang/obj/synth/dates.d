build-clang/obj/synth/dates.o: src/synth/dates.c include/core/date.h \
  include/synth/dates.h

include/core/date.h:

include/synth/dates.h:
