build-clang/obj/synth/sink.o: src/synth/sink.c include/core/date.h \
  include/core/xalloc.h include/synth/ids.h include/synth/sink.h

include/core/date.h:

include/core/xalloc.h:

include/synth/ids.h:

include/synth/sink.h:
