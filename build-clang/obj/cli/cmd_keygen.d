build-clang/obj/cli/cmd_keygen.o: src/cli/cmd_keygen.c \
  include/cli/commands.h include/core/status.h include/core/log.h \
  include/io/outfile.h include/privacy/pseudo.h

include/cli/commands.h:

include/core/status.h:

include/core/log.h:

include/io/outfile.h:

include/privacy/pseudo.h:
