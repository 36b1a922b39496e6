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
HDR = $(wildcard src/*.h)
UNIT_TESTS = $(patsubst tests/unit/%.c,$(B)/test/%,$(wildcard tests/unit/test_*.c))

.PHONY: all run check test bench install uninstall clean deps deps-check demo

all: $(B)/nongjian

$(B)/nongjian: $(SRC_ALL) $(HDR) VERSION | $(B)
	$(CC) -std=c11 $(CPPFLAGS_NJ) -DNJ_VERSION='"$(VERSION)"' $(CPPFLAGS) $(CFLAGS) $(WARN) \
	  -o $@ $(SRC_ALL) $(LDFLAGS) $(LIBS)

# The test build: the same sources under AddressSanitizer and UBSan.
$(B)/test/nongjian: $(SRC_ALL) $(HDR) VERSION | $(B)/test
	$(CC) -std=c11 $(CPPFLAGS_NJ) -DNJ_VERSION='"$(VERSION)"' -O1 -g $(SAN) $(WARN) \
	  -o $@ $(SRC_ALL) $(LIBS)

$(B)/test/test_%: tests/unit/test_%.c tests/unit/check.h $(SRC_DOMAIN) $(HDR) | $(B)/test
	$(CC) -std=c11 $(CPPFLAGS_NJ) -DNJ_VERSION='"$(VERSION)"' -Itests/unit -O1 -g $(SAN) $(WARN) \
	  -o $@ $< $(SRC_DOMAIN) $(LIBS)

$(B) $(B)/test:
	mkdir -p $@

deps:
	@sh tools/deps.sh build

deps-check:
	@sh tools/deps.sh check

# Start on the demo database (created with a year of demo samples the
# first time).
run: deps
	@$(MAKE) --no-print-directory $(B)/nongjian
	@test -f data/nongjian.db || ./$(B)/nongjian --config conf/nongjian.ini init --demo
	./$(B)/nongjian --config conf/nongjian.ini

check: deps-check
	@$(MAKE) --no-print-directory $(B)/test/nongjian $(UNIT_TESTS)
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
