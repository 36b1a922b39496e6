# nongjian — build, run, test, install.
#   make run     install what is missing, build, create the demo database, start
#   make check   install what is missing, build with sanitizers, run every test
#   make install PREFIX=/usr/local DESTDIR=
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
DATADIR = $(PREFIX)/share/nongjian
MANDIR = $(PREFIX)/share/man/man1
SYSCONFDIR ?= /etc/nongjian
STATEDIR ?= /var/lib/nongjian
# Privilege separation (README): installed setgid NJ_GROUP, the data
# directory root:NJ_GROUP 2770, users not in the group. SETGID=no keeps
# the group-writable layout (users in the group) for machines without it.
NJ_GROUP ?= nongjian
SETGID ?= yes

CC ?= cc
# Warnings are errors in the test build (make check) and in CI (CI set, or
# WERROR=1). A plain `make` only shows them: a newer compiler's new warning
# must not stop someone building the program.
WARN_ONLY = -Wall -Wextra -Wshadow -Wformat=2
WERROR ?= $(if $(CI),1,0)
WARN_TEST = $(WARN_ONLY) -Werror
WARN = $(WARN_ONLY) $(if $(filter 1,$(WERROR)),-Werror)
CPPFLAGS_NJ = -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE \
              -I/usr/include/iniparser -I/usr/include/postgresql -Isrc
# Hardened by default: stack protector, _FORTIFY_SOURCE=2, a position-
# independent executable, RELRO with BIND_NOW. Whoever gives CFLAGS or
# LDFLAGS (a packager, `make CFLAGS='-O3 -g'`) chooses the flags instead.
ifeq ($(origin CFLAGS)$(origin LDFLAGS),undefinedundefined)
CFLAGS = -O2 -g -fstack-protector-strong -fPIE
HARDEN_CPPFLAGS = -U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2
LDFLAGS = -pie -Wl,-z,relro,-z,now
endif
LIBS = -lncursesw -ltinfo -lsqlite3 -lcsv -liniparser -ldl -lm
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

VERSION = $(shell cat VERSION 2>/dev/null || echo 0.1.0)
# make bench SCALE=10: ten times the samples a year and the producers.
SCALE ?= 1
# Build directory (separate ones let several builds run side by side).
B ?= build

# The folders are the layers (see HACKING.md): src/ui/ is the only place
# that uses curses; every other folder is domain code, linked into the tests.
SRC_DOMAIN = $(filter-out src/main.c,$(wildcard src/*.c src/*/*.c))
SRC_DOMAIN := $(filter-out src/ui/%,$(SRC_DOMAIN))
SRC_UI = $(wildcard src/ui/*.c)
SRC_ALL = src/main.c $(SRC_DOMAIN) $(SRC_UI)
OBJ = $(patsubst src/%.c,$(B)/obj/%.o,$(SRC_ALL))
TOBJ_DOMAIN = $(patsubst src/%.c,$(B)/test/obj/%.o,$(SRC_DOMAIN))
TOBJ = $(patsubst src/%.c,$(B)/test/obj/%.o,$(SRC_ALL))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c))
# A setgid install reads only $(SYSCONFDIR)/nongjian.ini: compiled in.
COMPILE = $(CC) -std=c11 $(CPPFLAGS_NJ) -DNJ_VERSION='"$(VERSION)"' \
          -DNJ_SYSCONFDIR='"$(SYSCONFDIR)"' -MMD -MP
# Test hooks (NONGJIAN_TODAY fixes "today") exist only in the test build
# and the bench's build, never in what make install installs.
TEST_HOOKS = -DNJ_TEST_HOOKS
HOOKS ?=

.PHONY: all run check test bench fuzz install uninstall clean deps deps-check

all: $(B)/nongjian

# Before the first compile: every library's header is there, or a message
# naming the missing Debian package (tools/headers.sh).
$(B)/headers.ok: tools/headers.sh
	@sh tools/headers.sh $(CC) $(CPPFLAGS_NJ) $(CPPFLAGS)
	@mkdir -p $(@D) && touch $@

$(B)/obj/%.o: src/%.c VERSION | $(B)/headers.ok
	@mkdir -p $(@D)
	$(COMPILE) $(HOOKS) $(HARDEN_CPPFLAGS) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(B)/nongjian: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LIBS)

# The test build: the same sources under AddressSanitizer and UBSan.
$(B)/test/obj/%.o: src/%.c VERSION | $(B)/headers.ok
	@mkdir -p $(@D)
	$(COMPILE) $(TEST_HOOKS) -O1 -g $(SAN) $(WARN_TEST) -c -o $@ $<

$(B)/test/nongjian: $(TOBJ)
	$(CC) $(SAN) -o $@ $(TOBJ) $(LIBS)

$(B)/test/test_%: tests/unit/test_%.c tests/unit/check.h tests/unit/testdb.h $(TOBJ_DOMAIN)
	$(COMPILE) -Itests/unit -O1 -g $(SAN) $(WARN_TEST) -o $@ $< $(TOBJ_DOMAIN) $(LIBS)

# Fuzz targets: in make check, a bounded fixed-seed run under ASan/UBSan.
FUZZERS = $(patsubst tests/fuzz/%.c,$(B)/test/%,$(wildcard tests/fuzz/fuzz_*.c))
$(B)/test/fuzz_%: tests/fuzz/fuzz_%.c tests/unit/check.h $(TOBJ_DOMAIN)
	$(COMPILE) -Itests/unit -O1 -g $(SAN) $(WARN_TEST) -o $@ $< $(TOBJ_DOMAIN) $(LIBS)

# The bench's concurrent writers under the sanitizers, for e2e pgwriters.sh.
$(B)/test/writers: tests/bench/writers.c $(TOBJ_DOMAIN)
	$(COMPILE) -O1 -g $(SAN) $(WARN_TEST) -o $@ $< $(TOBJ_DOMAIN) $(LIBS)

-include $(wildcard $(B)/obj/*.d $(B)/obj/*/*.d $(B)/test/obj/*.d $(B)/test/obj/*/*.d)

deps:
	@sh tools/deps.sh build

deps-check:
	@sh tools/deps.sh check

# Start on the demo database (created with a year of demo samples the
# first time).
run: deps
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) $(B)/nongjian
	@test -f data/nongjian.db || ./$(B)/nongjian --config conf/nongjian.ini init --demo
	./$(B)/nongjian --config conf/nongjian.ini

check: deps-check
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) $(B)/test/nongjian $(UNIT_TESTS) $(FUZZERS) \
	  $(B)/test/writers
	@B=$(B) sh tests/run.sh

test: check

bench: deps
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) B=$(B)/hooks HOOKS=$(TEST_HOOKS) \
	  $(B)/hooks/nongjian bench-progs
	@SCALE=$(SCALE) B=$(B)/hooks sh tests/bench/run.sh

# Coverage-guided fuzzing with libFuzzer (clang), FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	@sh tools/deps.sh fuzz
	@mkdir -p $(B)/fuzz
	@for f in tests/fuzz/fuzz_*.c; do \
	  n=$$(basename $$f .c); \
	  clang -std=c11 $(CPPFLAGS_NJ) -DNJ_LIBFUZZER -g -O1 -fsanitize=fuzzer,address,undefined \
	    -o $(B)/fuzz/$$n $$f $(SRC_DOMAIN) $(LIBS) || exit 1; \
	  mkdir -p $(B)/fuzz/$$n-corpus; cp tests/fuzz/corpus/$${n#fuzz_}/* $(B)/fuzz/$$n-corpus/; \
	  $(B)/fuzz/$$n -max_total_time=$(FUZZ_SECONDS) -max_len=65536 $(B)/fuzz/$$n-corpus || exit 1; \
	done

install: $(B)/nongjian
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/forms $(DESTDIR)$(DATADIR)/towns \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(SYSCONFDIR)
	install -m 0755 $(B)/nongjian $(DESTDIR)$(BINDIR)/nongjian
	install -m 0644 forms/*.ini $(DESTDIR)$(DATADIR)/forms/
	install -m 0644 conf/towns/*.csv $(DESTDIR)$(DATADIR)/towns/
	install -m 0644 conf/products.csv $(DESTDIR)$(DATADIR)/products.csv
	install -m 0644 conf/limits.csv conf/banned.csv $(DESTDIR)$(DATADIR)/
	install -m 0644 nongjian.1 $(DESTDIR)$(MANDIR)/nongjian.1
	@# Privilege separation (see README): the program setgid $(NJ_GROUP), the
	@# data directory root:$(NJ_GROUP) 2770; SETGID=no: the group layout.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
	  getent group $(NJ_GROUP) >/dev/null || groupadd --system $(NJ_GROUP) || exit 1; \
	  install -d -m 2770 -o root -g $(NJ_GROUP) $(STATEDIR) || exit 1; \
	  if [ "$(SETGID)" = yes ]; then \
	    chgrp $(NJ_GROUP) $(BINDIR)/nongjian && chmod 2755 $(BINDIR)/nongjian || exit 1; \
	    echo "已安装为 setgid $(NJ_GROUP): 数据库 $(STATEDIR) 只能通过本程序打开。不要把使用者加入 $(NJ_GROUP) 组。"; \
	  else \
	    echo "数据目录 $(STATEDIR) 属于 $(NJ_GROUP) 组 (2770)。把使用者加入该组: usermod -aG $(NJ_GROUP) 登录名"; \
	  fi; \
	else \
	  install -d $(DESTDIR)$(STATEDIR); \
	  echo "注意: 非 root 或打包安装，未设置 setgid 和 $(NJ_GROUP) 组; 请按 README 设置程序和 $(STATEDIR) 的组和权限"; \
	fi
	test -f $(DESTDIR)$(SYSCONFDIR)/nongjian.ini || \
	  sed -e 's|^path = .*|path = $(STATEDIR)/nongjian.db|' \
	      -e 's|^towns = towns/|towns = $(DATADIR)/towns/|' \
	      -e 's|^forms = .*|forms = $(DATADIR)/forms|' \
	      -e 's|^products = .*|products = $(DATADIR)/products.csv|' \
	      -e 's|^limits = .*|limits = $(DATADIR)/limits.csv|' \
	      -e 's|^banned = .*|banned = $(DATADIR)/banned.csv|' \
	      conf/nongjian.ini > $(DESTDIR)$(SYSCONFDIR)/nongjian.ini
	chmod 0644 $(DESTDIR)$(SYSCONFDIR)/nongjian.ini
	test -f $(DESTDIR)$(SYSCONFDIR)/instruments.ini || \
	  install -m 0644 conf/instruments.ini $(DESTDIR)$(SYSCONFDIR)/instruments.ini

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nongjian $(DESTDIR)$(MANDIR)/nongjian.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B)

# ---- bench: the programs `make bench` runs (tests/bench/; not part of make check) ----
# Small C programs linked with the domain objects (no main, no screens),
# plus a pty driver. tests/bench/run.sh builds the optional ones itself.
BENCH_DOMAIN = $(patsubst src/%.c,$(B)/obj/%.o,$(SRC_DOMAIN))
BENCH_PROGS = $(B)/bench/ptyrun $(B)/bench/timeit $(B)/bench/gen $(B)/bench/quota $(B)/bench/writers \
              $(B)/bench/insertloop
BENCH_COMPILE = $(CC) -std=c11 $(CPPFLAGS_NJ) $(CPPFLAGS) $(CFLAGS) $(WARN)

.PHONY: bench-progs
bench-progs: $(BENCH_PROGS)

$(B)/bench/ptyrun: tests/bench/ptyrun.c
	@mkdir -p $(@D)
	$(BENCH_COMPILE) -o $@ $< $(LDFLAGS) -lutil

$(B)/bench/timeit: tests/bench/timeit.c
	@mkdir -p $(@D)
	$(BENCH_COMPILE) -o $@ $< $(LDFLAGS)

$(B)/bench/%: tests/bench/%.c $(BENCH_DOMAIN)
	@mkdir -p $(@D)
	$(BENCH_COMPILE) -o $@ $< $(BENCH_DOMAIN) $(LDFLAGS) $(LIBS)
