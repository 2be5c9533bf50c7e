build-clang/obj/pipeline/synth.o: src/pipeline/synth.c \
  include/pipeline/synth.h include/synth/options.h include/core/date.h \
  include/returns/cin/cin_synth.h include/synth/sink.h \
  include/returns/families/families_synth.h \
  include/returns/ssda903/cla_synth.h

include/pipeline/synth.h:

include/synth/options.h:

include/core/date.h:

include/returns/cin/cin_synth.h:

include/synth/sink.h:

include/returns/families/families_synth.h:

include/returns/ssda903/cla_synth.h:
