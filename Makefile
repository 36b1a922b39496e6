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

CC ?= cc
WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wno-format-nonliteral
CPPFLAGS_NJ = -D_XOPEN_SOURCE=700 -D_XOPEN_SOURCE_EXTENDED -D_DEFAULT_SOURCE \
              -I/usr/include/iniparser -Isrc
CFLAGS ?= -O2 -g
LIBS = -lncursesw -ltinfo -lsqlite3 -lcsv -liniparser -lm
SAN = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

VERSION = $(shell cat VERSION 2>/dev/null || echo 0.1.0)
# Build directory (separate ones let several builds run side by side).
B ?= build

SRC_DOMAIN = $(filter-out src/main.c src/ui_%.c,$(wildcard src/*.c))
SRC_UI = $(wildcard src/ui_*.c)
SRC_ALL = src/main.c $(SRC_DOMAIN) $(SRC_UI)
OBJ = $(patsubst src/%.c,$(B)/obj/%.o,$(SRC_ALL))
TOBJ_DOMAIN = $(patsubst src/%.c,$(B)/test/obj/%.o,$(SRC_DOMAIN))
TOBJ = $(patsubst src/%.c,$(B)/test/obj/%.o,$(SRC_ALL))
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c))
COMPILE = $(CC) -std=c11 $(CPPFLAGS_NJ) -DNJ_VERSION='"$(VERSION)"' -MMD -MP

.PHONY: all run check test bench install uninstall clean deps deps-check

all: $(B)/nongjian

$(B)/obj/%.o: src/%.c VERSION
	@mkdir -p $(@D)
	$(COMPILE) $(CPPFLAGS) $(CFLAGS) $(WARN) -c -o $@ $<

$(B)/nongjian: $(OBJ)
	$(CC) $(CFLAGS) -o $@ $(OBJ) $(LDFLAGS) $(LIBS)

# The test build: the same sources under AddressSanitizer and UBSan.
$(B)/test/obj/%.o: src/%.c VERSION
	@mkdir -p $(@D)
	$(COMPILE) -O1 -g $(SAN) $(WARN) -c -o $@ $<

$(B)/test/nongjian: $(TOBJ)
	$(CC) $(SAN) -o $@ $(TOBJ) $(LIBS)

$(B)/test/test_%: tests/unit/test_%.c tests/unit/check.h $(TOBJ_DOMAIN)
	$(COMPILE) -Itests/unit -O1 -g $(SAN) $(WARN) -o $@ $< $(TOBJ_DOMAIN) $(LIBS)

-include $(wildcard $(B)/obj/*.d $(B)/test/obj/*.d)

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
	@$(MAKE) --no-print-directory -j$$(nproc 2>/dev/null || echo 2) $(B)/test/nongjian $(UNIT_TESTS)
	@B=$(B) sh tests/run.sh

test: check

bench: deps
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory $(B)/nongjian
	@B=$(B) sh tests/bench/run.sh

install: $(B)/nongjian
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/forms $(DESTDIR)$(DATADIR)/towns \
	  $(DESTDIR)$(MANDIR) $(DESTDIR)$(SYSCONFDIR)
	install -m 0755 $(B)/nongjian $(DESTDIR)$(BINDIR)/nongjian
	install -m 0644 forms/*.ini $(DESTDIR)$(DATADIR)/forms/
	install -m 0644 conf/towns/*.csv $(DESTDIR)$(DATADIR)/towns/
	install -m 0644 conf/products.csv $(DESTDIR)$(DATADIR)/products.csv
	install -m 0644 nongjian.1 $(DESTDIR)$(MANDIR)/nongjian.1
	test -f $(DESTDIR)$(SYSCONFDIR)/nongjian.ini || \
	  sed -e 's|^path = .*|path = $(STATEDIR)/nongjian.db|' \
	      -e 's|^towns = towns/|towns = $(DATADIR)/towns/|' \
	      -e 's|^forms = .*|forms = $(DATADIR)/forms|' \
	      -e 's|^products = .*|products = $(DATADIR)/products.csv|' \
	      conf/nongjian.ini > $(DESTDIR)$(SYSCONFDIR)/nongjian.ini

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/nongjian $(DESTDIR)$(MANDIR)/nongjian.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf $(B)
