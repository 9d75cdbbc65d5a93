# tlswrap and httpd-lite.  See README.md.
#   make            build both programs
#   make check      install missing test dependencies (root on Debian), run tests
#   make run        serve www/ over HTTPS on 127.0.0.1:8443 through tcpserver
#   make STATIC=0   link dynamically (the default: static, against musl)
#   make LIBC=glibc static, against glibc
#   make SANITIZE=1 build with ASan and UBSan
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -D_GNU_SOURCE -Icommon
LDLIBS_BEARSSL := -lbearssl

# Static by default (libbearssl.a and libc.a): a process per connection then
# starts with no dynamic loader, no relocations and fewer pages.  A static
# build links musl (Debian's musl-tools), not glibc: glibc's start-up asks
# the CPU for its features and cache sizes with dozens of CPUID
# instructions, each of which traps to the hypervisor on a virtual machine.
# Measured on one (2 CPUs, kernel 6.18.44, 2026-12-02, `make bench`,
# bench/results.md): 0.6 ms of CPU to start and end a static glibc
# process, 0.05 ms with musl, paid twice per connection.
#   LIBC=glibc  static against glibc's libc.a instead
#   STATIC=0    dynamic, against glibc; sanitizers need it
STATIC ?= 1
LIBC ?= musl
ifeq ($(SANITIZE),1)
STATIC := 0
endif
ifeq ($(STATIC),1)
LDFLAGS += -static
else
LIBC := glibc
endif
ifeq ($(LIBC),musl)
ifeq ($(origin CC),default)
CC := musl-gcc
endif
# musl's headers first; the kernel's (linux/, asm/) and BearSSL's after them.
MULTIARCH := $(shell gcc -print-multiarch 2>/dev/null)
LIBC_CPPFLAGS := -idirafter /usr/include -idirafter /usr/include/$(MULTIARCH)
# Debian's libbearssl.a is built for glibc: common/musl/fortify.c has the
# three glibc functions it calls that musl lacks.
BEARSSL_GLUE := common/musl/fortify.o
LDLIBS_BEARSSL := $(shell gcc -print-file-name=libbearssl.a 2>/dev/null) $(BEARSSL_GLUE)
ifeq ($(shell command -v $(CC) 2>/dev/null),)
CC_MISSING := cc-missing
endif
endif
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
endif
ifeq ($(WERROR),1)
WARN += -Werror
endif

ALL_CFLAGS = $(CPPFLAGS) $(LIBC_CPPFLAGS) $(WARN) $(CFLAGS)

PROGRAMS := tlswrap/tlswrap httpd-lite/httpd-lite
all: $(PROGRAMS)

cc-missing:
	@echo "make: $(CC) not found: install musl-tools (Debian), or build with make LIBC=glibc" >&2; exit 1
.PHONY: cc-missing

# Pieces both programs use (privilege drop, seccomp).
COMMON_OBJS := $(patsubst %.c,%.o,$(wildcard common/*.c))

include tlswrap/build.mk
include httpd-lite/build.mk

# Unit test of the seccomp filter that both programs install.
SECCOMP_TEST := tests/unit/seccomp-test
$(SECCOMP_TEST): tests/unit/seccomp-test.o common/seccomp.o
	$(CC) $(LDFLAGS) -o $@ $^
all: $(SECCOMP_TEST)
CLEAN_EXTRA += $(SECCOMP_TEST)

# The flags an object was built with are part of what it depends on: after
# `make SANITIZE=1`, a plain `make` rebuilds (and `make install` never
# installs sanitizer binaries).  .build-flags is rewritten only when they
# change, so an unchanged build stays "nothing to be done".
BUILD_FLAGS := $(CC) $(ALL_CFLAGS) $(LDFLAGS) $(LDLIBS_BEARSSL) $(LDLIBS)
# A dry run (make -n, make -q) writes nothing: it shows the rebuild instead.
DRY_RUN := $(findstring n,$(firstword -$(MAKEFLAGS)))$(findstring q,$(firstword -$(MAKEFLAGS)))
ifneq ($(BUILD_FLAGS),$(file <.build-flags))
ifeq ($(DRY_RUN),)
$(file >.build-flags,$(BUILD_FLAGS))
else
.build-flags: FORCE
endif
endif
# Made above; after `make clean` in the same run, simply missing.
.build-flags: ;
FORCE:
.PHONY: FORCE

%.o: %.c .build-flags | $(CC_MISSING)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
$(PROGRAMS) $(HTTPD_TEST): .build-flags

SRCDIRS := tlswrap httpd-lite common common/musl tests/unit
-include $(wildcard $(addsuffix /*.d,$(SRCDIRS)))

# check and run install what is missing first (root on Debian), then build.
check:
	@tools/deps.sh check
	@$(MAKE) --no-print-directory all
	@certs/mkcerts.sh >/dev/null
	mandoc -Tlint -Wwarning man/*.8
	prove -e bash $(PROVEFLAGS) tests/*.t

# make lint: cppcheck, as CI runs it.  cppcheck 2.10 ignores C11 _Noreturn
# (die); suppressed: fgetpwent (both programs are single-threaded).
lint:
	@tools/deps.sh ci
	cppcheck --error-exitcode=1 --enable=warning,portability,performance \
		--std=c11 --library=posix -D_GNU_SOURCE -D__linux__ -D__x86_64__ \
		'-D_Noreturn=__attribute__((noreturn))' -Icommon --inline-suppr \
		--suppress=fgetpwentCalled \
		--quiet tlswrap httpd-lite common

# make scan: the full testssl.sh scan of tlswrap+httpd-lite (a few minutes)
scan: all
	@tools/deps.sh ci
	@certs/mkcerts.sh >/dev/null
	TESTSSL_FULL=1 prove -v -e bash tests/testssl.t
.PHONY: lint scan

run:
	@tools/deps.sh run
	@$(MAKE) --no-print-directory all
	@certs/mkcerts.sh >/dev/null
	@tools/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 755 $(PROGRAMS) $(DESTDIR)$(BINDIR)
	install -m 644 man/tlswrap.8 man/httpd-lite.8 $(DESTDIR)$(MANDIR)/man8

clean:
	rm -f $(PROGRAMS) $(CLEAN_EXTRA) $(foreach d,$(SRCDIRS),$(d)/*.o $(d)/*.d)
	rm -rf certs/out
	rm -f .build-flags

.PHONY: all check run install clean fuzz bench

# libFuzzer harnesses (tests/fuzz/README.md): make fuzz [FUZZ_SECONDS=60]
-include tests/fuzz/fuzz.mk
fuzz: fuzz-build
	@tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# make bench: tlswrap+httpd-lite against stunnel4 and nginx (bench/README.md)
bench: ; @bench/run.sh
