# httpd-lite: one object per concern.
HTTPD_OBJS := $(patsubst %.c,%.o,$(wildcard httpd-lite/*.c))
HTTPD_LIB_OBJS := $(filter-out httpd-lite/main.o,$(HTTPD_OBJS))
httpd-lite/httpd-lite: $(HTTPD_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(HTTPD_OBJS) $(COMMON_OBJS) $(LDLIBS)

# Unit tests (TAP): every part but main.c, linked into one test program.
HTTPD_TEST := tests/unit/httpd-test
$(HTTPD_TEST): tests/unit/httpd-test.o $(HTTPD_LIB_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ tests/unit/httpd-test.o $(HTTPD_LIB_OBJS) $(COMMON_OBJS) $(LDLIBS)
all: $(HTTPD_TEST)
CLEAN_EXTRA += $(HTTPD_TEST)
