build-clang/obj/io/json_writer.o: src/io/json_writer.c \
  include/io/json_writer.h include/core/strbuf.h include/io/json.h

include/io/json_writer.h:

include/core/strbuf.h:

include/io/json.h:
