build-clang/obj/privacy/manifest.o: src/privacy/manifest.c \
  include/io/json_writer.h include/core/strbuf.h include/io/json.h \
  include/privacy/manifest.h include/privacy/policy.h \
  include/privacy/pseudo.h include/io/outfile.h

include/io/json_writer.h:

include/core/strbuf.h:

include/io/json.h:

include/privacy/manifest.h:

include/privacy/policy.h:

include/privacy/pseudo.h:

include/io/outfile.h:
