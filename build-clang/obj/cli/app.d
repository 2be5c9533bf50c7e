build-clang/obj/cli/app.o: src/cli/app.c include/cli/app.h \
  include/core/status.h include/cli/commands.h include/core/log.h

include/cli/app.h:

include/core/status.h:

include/cli/commands.h:

include/core/log.h:
