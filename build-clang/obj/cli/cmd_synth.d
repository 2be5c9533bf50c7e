build-clang/obj/cli/cmd_synth.o: src/cli/cmd_synth.c \
  include/cli/commands.h include/core/status.h include/core/log.h \
  include/pipeline/synth.h include/synth/options.h include/core/date.h

include/cli/commands.h:

include/core/status.h:

include/core/log.h:

include/pipeline/synth.h:

include/synth/options.h:

include/core/date.h:
