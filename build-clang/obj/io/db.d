build-clang/obj/io/db.o: src/io/db.c /usr/include/postgresql/libpq-fe.h \
  /usr/include/postgresql/postgres_ext.h \
  /usr/include/postgresql/pg_config_ext.h include/io/db.h \
  include/core/status.h include/core/strbuf.h include/core/log.h \
  include/core/xalloc.h

/usr/include/postgresql/libpq-fe.h:

/usr/include/postgresql/postgres_ext.h:

/usr/include/postgresql/pg_config_ext.h:

include/io/db.h:

include/core/status.h:

include/core/strbuf.h:

include/core/log.h:

include/core/xalloc.h:
