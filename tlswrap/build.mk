# tlswrap: one object per concern; see main.c for the story of a connection.
TLSWRAP_OBJS := $(patsubst %.c,%.o,$(wildcard tlswrap/*.c))
tlswrap/tlswrap: $(TLSWRAP_OBJS) $(COMMON_OBJS) $(BEARSSL_GLUE)
	$(CC) $(LDFLAGS) -o $@ $(TLSWRAP_OBJS) $(COMMON_OBJS) $(LDLIBS_BEARSSL) $(LDLIBS)

# Unit test of the wipes of the text buffer and the PEM arena: read wrapped.
READFILE_TEST := tests/unit/readfile-test
$(READFILE_TEST): tests/unit/readfile-test.o tlswrap/readfile.o tlswrap/pem.o
	$(CC) $(LDFLAGS) -Wl,--wrap=read -o $@ $^
tests/unit/readfile-test.o: CPPFLAGS += -Itlswrap
all: $(READFILE_TEST)
CLEAN_EXTRA += $(READFILE_TEST)

# Unit test: credentials_load() leaves no key byte behind on any path.
CRED_WIPE_TEST := tests/unit/credentials-wipe-test
$(CRED_WIPE_TEST): tests/unit/credentials-wipe-test.o tlswrap/credentials.o \
    tlswrap/der.o tlswrap/errnames.o tlswrap/pem.o tlswrap/readfile.o \
    $(BEARSSL_GLUE)
	$(CC) $(LDFLAGS) -o $@ $(filter-out $(BEARSSL_GLUE),$^) $(LDLIBS_BEARSSL)
tests/unit/credentials-wipe-test.o: CPPFLAGS += -Itlswrap
all: $(CRED_WIPE_TEST)
CLEAN_EXTRA += $(CRED_WIPE_TEST)
