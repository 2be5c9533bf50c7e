# statreturn build.
#
#   make            build bin/statreturn
#   make demo       install what is missing, start a throwaway PostgreSQL,
#                   load synthetic data, build the CIN census
#   make check      same set-up, then every test (unit, integration, lint)
#   make sanitize   build and run the unit tests under ASan + UBSan
#   make bench      speed and memory figures (printed, not asserted)
#   make web        the browser validator in build/web/ (WebAssembly)
#   make install PREFIX=/usr/local DESTDIR=
#   make deb        the Debian package (debian/, dpkg-buildpackage), in ../
#
# CPPFLAGS, CFLAGS and LDFLAGS from the environment are honoured (Debian's
# dpkg-buildflags: _FORTIFY_SOURCE, hardening).  Warnings are errors in
# development and CI builds (WERROR=-Werror, the default); a release build
# (debian/rules) sets WERROR= so that a newer compiler's new warning does
# not fail a council's package build.
#
# Sources are discovered: every .c under src/ is the program (src/main.c
# only calls app_main; the folders are the pipeline's stages, see README),
# tests/unit/test_*.c are cmocka binaries linked with the library and
# tests/unit/support/*.c.  Header dependencies come from the compiler (-MMD).

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR      = $(PREFIX)/bin
DATADIR     = $(PREFIX)/share/statreturn
MANDIR      = $(PREFIX)/share/man/man1
MAN5DIR     = $(PREFIX)/share/man/man5
SYSCONFDIR ?= /etc
CONFDIR     = $(SYSCONFDIR)/statreturn
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
BUILD      ?= build

CC         ?= cc
PKG_CONFIG ?= pkg-config

XML_CFLAGS  := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null || xml2-config --cflags 2>/dev/null)
XML_LIBS    := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || xml2-config --libs 2>/dev/null)
PQ_CFLAGS   := -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
PQ_LIBS     := -lpq
SSL_LIBS    := $(shell $(PKG_CONFIG) --libs libcrypto 2>/dev/null || echo -lcrypto)
CURL_LIBS   := $(shell $(PKG_CONFIG) --libs libcurl 2>/dev/null || echo -lcurl)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null || echo -lcmocka)

WERROR ?= -Werror
WARN = -Wall -Wextra $(WERROR) -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes -Wvla -Wpointer-arith -Wundef -Wwrite-strings \
       -Wold-style-definition -Wmissing-declarations -Wredundant-decls \
       -Wno-missing-field-initializers -Wimplicit-fallthrough
OPT     ?= -O2 -g
CFLAGS  ?=
CPPFLAGS ?=
ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
             -DSTATRETURN_VERSION='"$(VERSION)"' -DSTATRETURN_DATADIR='"$(DATADIR)"' \
             -DSTATRETURN_CONFDIR='"$(CONFDIR)"' \
             -Iinclude $(XML_CFLAGS) $(PQ_CFLAGS) $(CPPFLAGS) $(WARN) $(OPT) $(CFLAGS)
LIBS     = $(XML_LIBS) $(PQ_LIBS) $(SSL_LIBS) $(CURL_LIBS) -lm

SRCS      := $(filter-out src/main.c,$(sort $(shell find src -name '*.c')))
OBJS      := $(SRCS:src/%.c=$(BUILD)/obj/%.o)
LIB       := $(BUILD)/libstatreturn.a

# The validation library: the readers, the DfE rules, the findings and
# their report writers, and the validation driver, without libpq and
# without OpenSSL (only src/io/db.c includes libpq, only
# src/privacy/pseudo.c OpenSSL: scripts/lint.sh).  The browser build
# compiles this set.  What reads the replica, writes or pseudonymises a
# return, or makes synthetic data is left out; test_validate_lib links
# against this library alone, so a dependency that creeps in fails the link.
BUILD_ONLY := src/io/db.c src/io/contract.c src/io/http.c src/returns/cscapi/csc_state.c src/returns/cscapi/csc_send.c src/privacy/pseudo.c src/privacy/manifest.c \
              src/pipeline/build.c src/returns/registry.c src/returns/cin/cin_policy.c \
              $(wildcard src/cli/*.c src/synth/*.c src/pipeline/synth.c src/pipeline/shared_report.c \
                         src/returns/*/*_build.c src/returns/*/*_source.c src/returns/*/*_writer.c \
                         src/returns/*/*_synth.c src/returns/*/*_shared_report.c src/returns/*/*_treat.c)
VALIDATE_SRCS := $(filter-out $(BUILD_ONLY),$(SRCS))
VALIDATE_OBJS := $(VALIDATE_SRCS:src/%.c=$(BUILD)/obj/%.o)
VALIDATE_LIB  := $(BUILD)/libstatreturn-validate.a
VALIDATE_LIBS  = $(XML_LIBS) -lm

TEST_SRCS := $(wildcard tests/unit/test_*.c)
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
SUPPORT_SRCS := $(wildcard tests/unit/support/*.c)
SUPPORT_OBJS := $(SUPPORT_SRCS:tests/unit/support/%.c=$(BUILD)/obj/support/%.o)

.PHONY: all deps demo check unit integration lint sanitize bench install deb clean distclean fuzz fuzz-build fuzz-smoke \
        web web-deps web-test
.DELETE_ON_ERROR:

all: bin/statreturn

# V=1 shows the full compiler command lines.
Q = $(if $(V),,@)

bin/statreturn: $(BUILD)/obj/main.o $(LIB)
	@mkdir -p bin
	@echo "  LINK    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(LDFLAGS)

$(LIB): $(OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(VALIDATE_LIB): $(VALIDATE_OBJS)
	@rm -f $@
	$(Q)$(AR) rcs $@ $^

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/support/%.o: tests/unit/support/%.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -Itests/unit/support -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(SUPPORT_OBJS) $(LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -Itests/unit/support -o $@ $< $(SUPPORT_OBJS) $(LIB) $(CMOCKA_LIBS) $(LIBS) $(LDFLAGS)

# Linked with the validation library alone: no -lpq, no -lcrypto.
$(BUILD)/tests/test_validate_lib: tests/unit/test_validate_lib.c $(VALIDATE_LIB)
	@mkdir -p $(dir $@)
	@echo "  TEST    $@ (validation library only)"
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(VALIDATE_LIB) $(CMOCKA_LIBS) $(VALIDATE_LIBS) $(LDFLAGS)

-include $(OBJS:.o=.d) $(SUPPORT_OBJS:.o=.d) $(TEST_BINS:=.d) $(BUILD)/obj/main.d

# The browser validator: the validation library and src/web/ (its entry
# point) compiled to WebAssembly with Debian's emscripten, against libxml2
# built from Debian's source (scripts/web-deps.sh, once, cached in
# build/wasm/libxml2), and the page (web/) assembled by scripts/web-page.sh
# into build/web/: index.html, page.js, page.css and validator.js (the
# worker: emscripten's glue with the wasm and specs/ inside, so that the
# page works from file:// as from any static server).
EMCC       ?= emcc
WASM        = $(BUILD)/wasm
WASM_XML    = $(WASM)/libxml2
# The browser writes no file on disk: the output files' code (Linux system
# calls that emscripten's C library lacks) stays out.
WASM_SRCS  := $(filter-out src/io/outfile.c src/io/outset.c src/io/workdir.c src/findings/report_file.c,$(VALIDATE_SRCS))
WASM_OBJS  := $(WASM_SRCS:src/%.c=$(WASM)/obj/%.o)
WASM_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DSTATRETURN_VERSION='"$(VERSION)"' \
              -DSTATRETURN_DATADIR='"/statreturn"' -Iinclude -I$(WASM_XML)/include $(WARN) -O2
WASM_LDFLAGS = -O2 -sENVIRONMENT=worker -sSINGLE_FILE=1 -sALLOW_MEMORY_GROWTH=1 -sMAXIMUM_MEMORY=2gb \
              -sEXPORTED_FUNCTIONS=_web_validate_args,_web_year_supported,_malloc,_free \
              -sEXPORTED_RUNTIME_METHODS=ccall,FS,stringToUTF8,lengthBytesUTF8 -lworkerfs.js \
              --embed-file specs@/statreturn/specs --pre-js web/worker-pre.js --post-js web/worker.js
WEB_OUT     = $(BUILD)/web
SPEC_FILES := $(shell find specs -type f)
export NODE_PATH ?= /usr/share/nodejs

web-deps:
	@scripts/web-deps.sh

web: web-deps
	@$(MAKE) --no-print-directory -j2 $(WEB_OUT)/index.html

$(WASM)/obj/%.o: src/%.c $(WASM_XML)/.built
	@mkdir -p $(dir $@)
	@echo "  EMCC    $<"
	$(Q)$(EMCC) $(WASM_CFLAGS) -MMD -MP -c -o $@ $<

$(WASM)/statreturn.js: $(WASM_OBJS) $(WASM_XML)/lib/libxml2.a web/worker-pre.js web/worker.js $(SPEC_FILES)
	@echo "  LINK    $@ (WebAssembly)"
	$(Q)$(EMCC) $(WASM_LDFLAGS) -o $@ $(WASM_OBJS) $(WASM_XML)/lib/libxml2.a

$(WEB_OUT)/index.html: $(WASM)/statreturn.js bin/statreturn scripts/web-page.sh web/index.html web/page.js web/page.css
	@echo "  PAGE    $(WEB_OUT)/"
	$(Q)scripts/web-page.sh $(WASM)/statreturn.js $(WEB_OUT) bin/statreturn $(VERSION)

-include $(WASM_OBJS:.o=.d)

# Installs missing Debian packages (as root, or through sudo).
deps:
	@scripts/deps.sh

# Unit tests: each binary runs from the repository root so that specs/ and
# fixtures/ resolve.  STATRETURN_SHARED points at ../shared when present.
unit: $(TEST_BINS)
	@scripts/run-unit.sh $(TEST_BINS)

integration: bin/statreturn
	@scripts/with-postgres.sh tests/integration/run.sh

lint:
	@scripts/lint.sh

check: deps
	@$(MAKE) --no-print-directory -j2 all $(TEST_BINS)
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory integration
	@$(MAKE) --no-print-directory fuzz-smoke
	@$(MAKE) --no-print-directory web-test

# The browser validator in headless Chromium (skips, saying so, when the
# toolchain cannot be installed).
web-test: all
	@scripts/web-test.sh

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/with-postgres.sh scripts/demo.sh

sanitize:
	@$(MAKE) --no-print-directory BUILD=build-san OPT="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    LDFLAGS="-fsanitize=address,undefined" bin/statreturn-san build-san-tests
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 scripts/run-unit.sh $(TEST_SRCS:tests/unit/%.c=build-san/tests/%)

bin/statreturn-san: $(BUILD)/obj/main.o $(LIB)
	@mkdir -p bin
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(LDFLAGS)

build-san-tests: $(TEST_BINS)

# libFuzzer harnesses (tests/fuzz/fuzz_*.c) for every reader, built with
# clang, ASan and UBSan over the validation library in build-fuzz/.
# `make fuzz` runs each FUZZ_SECONDS (600); `make check` runs each for
# FUZZ_RUNS inputs as a smoke test (scripts/fuzz.sh).
FUZZ_BUILD   := build-fuzz
FUZZ_BINS    := $(patsubst tests/fuzz/%.c,$(FUZZ_BUILD)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_OPT     := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
FUZZ_SECONDS ?= 600
FUZZ_RUNS    ?= 300

fuzz-build:
	@$(MAKE) --no-print-directory -j2 CC=clang BUILD=$(FUZZ_BUILD) OPT="$(FUZZ_OPT)" $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz_common.h tests/fuzz/fuzz_validate.h $(VALIDATE_LIB)
	@mkdir -p $(dir $@)
	@echo "  FUZZ    $@"
	$(Q)$(CC) $(ALL_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -o $@ $< $(VALIDATE_LIB) $(VALIDATE_LIBS)

fuzz: deps fuzz-build
	@scripts/fuzz.sh --seconds $(FUZZ_SECONDS)

fuzz-smoke: fuzz-build
	@scripts/fuzz.sh --runs $(FUZZ_RUNS)

bench: deps
	@$(MAKE) --no-print-directory all
	@scripts/with-postgres.sh scripts/bench.sh

# The council-editable files (policies, purposes, families layouts) and a
# commented statreturn.conf also go to CONFDIR, where an installed binary
# reads them first; an existing file there is never replaced.
CONF_FILES = $(wildcard specs/purposes.conf specs/*/policy_*.conf specs/families/layout_*.conf)

install: bin/statreturn
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) $(DESTDIR)$(MAN5DIR) $(DESTDIR)$(CONFDIR)
	install -m 0755 bin/statreturn $(DESTDIR)$(BINDIR)/statreturn
	install -m 0644 man/statreturn.1 $(DESTDIR)$(MANDIR)/statreturn.1
	install -m 0644 man/statreturn.conf.5 $(DESTDIR)$(MAN5DIR)/statreturn.conf.5
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/bin/statreturn|$(BINDIR)/statreturn|' systemd/statreturn-build@.service \
	    >$(DESTDIR)$(SYSTEMDUNITDIR)/statreturn-build@.service
	install -m 0644 systemd/statreturn-build@.timer $(DESTDIR)$(SYSTEMDUNITDIR)/statreturn-build@.timer
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/statreturn-build@.service
	cp -R specs sql $(DESTDIR)$(DATADIR)/
	if [ -f $(WEB_OUT)/index.html ]; then install -d $(DESTDIR)$(DATADIR)/web && cp $(WEB_OUT)/* $(DESTDIR)$(DATADIR)/web/; fi
	find $(DESTDIR)$(DATADIR) -type d -exec chmod 0755 {} + ; find $(DESTDIR)$(DATADIR) -type f -exec chmod 0644 {} +
	for f in $(CONF_FILES:specs/%=%) ; do \
	    [ -e $(DESTDIR)$(CONFDIR)/$$f ] || install -D -m 0644 specs/$$f $(DESTDIR)$(CONFDIR)/$$f ; done
	[ -e $(DESTDIR)$(CONFDIR)/statreturn.conf ] || install -m 0644 etc/statreturn.conf $(DESTDIR)$(CONFDIR)/statreturn.conf

# The Debian package, built with the Debian tools from debian/ (needs
# debhelper: `make deb` installs the build dependencies it lacks, as
# `make check` does its own); the .deb is written to BUILD/deb/.
deb:
	@scripts/deb.sh

clean:
	rm -rf build build-san build-fuzz bin

distclean: clean
	rm -rf .tmp
