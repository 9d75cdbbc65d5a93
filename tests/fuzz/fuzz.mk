# libFuzzer harnesses (tests/fuzz/README.md).  Included from the Makefile.
#   make fuzz                      build every harness, run each FUZZ_SECONDS
#   make fuzz FUZZ_SECONDS=30      the short CI run
#   make fuzz FUZZ_TARGETS=path    only some harnesses
#   make fuzz-build                build only
# The parts under test are compiled again, instrumented, into tests/fuzz/obj;
# the committed seeds in tests/fuzz/corpus are copied, never written to.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS  ?= -g -O1 -fno-omit-frame-pointer
FUZZ_ALL_CFLAGS = $(CPPFLAGS) $(WARN) $(FUZZ_CFLAGS) $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
FUZZ_LDFLAGS = $(FUZZ_SAN) -fsanitize=fuzzer

FUZZ_HTTPD   := request path fields
FUZZ_TLSWRAP := options pem credentials hello
FUZZ_TARGETS ?= $(FUZZ_HTTPD) $(FUZZ_TLSWRAP)
FUZZ_BINS    := $(patsubst %,tests/fuzz/%-fuzz,$(FUZZ_HTTPD) $(FUZZ_TLSWRAP))

# httpd-lite without main.c; tlswrap without main.c; common/ to both, but
# for the tlswrap harnesses without log.c (they define die() and friends
# to jump back instead of exiting).
FUZZ_COMMON_OBJS := $(patsubst %.c,tests/fuzz/obj/%.o,\
	$(filter-out common/log.c,$(wildcard common/*.c)))
FUZZ_HTTPD_OBJS := $(patsubst %.c,tests/fuzz/obj/%.o,\
	$(filter-out httpd-lite/main.c,$(wildcard httpd-lite/*.c))) \
	$(FUZZ_COMMON_OBJS) tests/fuzz/obj/common/log.o
FUZZ_TLSWRAP_OBJS := $(patsubst %.c,tests/fuzz/obj/%.o,\
	$(filter-out tlswrap/main.c,$(wildcard tlswrap/*.c))) \
	$(FUZZ_COMMON_OBJS)

tests/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(patsubst %,tests/fuzz/%-fuzz,$(FUZZ_HTTPD)): tests/fuzz/%-fuzz: \
    tests/fuzz/obj/tests/fuzz/%-fuzz.o $(FUZZ_HTTPD_OBJS)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^

$(patsubst %,tests/fuzz/%-fuzz,$(FUZZ_TLSWRAP)): tests/fuzz/%-fuzz: \
    tests/fuzz/obj/tests/fuzz/%-fuzz.o tests/fuzz/obj/tests/fuzz/log-stub.o \
    $(FUZZ_TLSWRAP_OBJS)
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $^ $(LDLIBS_BEARSSL)

-include $(wildcard tests/fuzz/obj/*/*.d tests/fuzz/obj/tests/fuzz/*.d)
CLEAN_EXTRA += $(FUZZ_BINS) tests/fuzz/obj/*/*.[od] tests/fuzz/obj/tests/fuzz/*.[od]

fuzz-deps:
	@tools/deps.sh fuzz

fuzz-build: fuzz-deps
	@$(MAKE) --no-print-directory $(patsubst %,tests/fuzz/%-fuzz,$(FUZZ_TARGETS))

.PHONY: fuzz-deps fuzz-build
