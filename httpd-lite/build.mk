# httpd-lite: one object per concern.
HTTPD_OBJS := $(patsubst %.c,%.o,$(wildcard httpd-lite/*.c))
httpd-lite/httpd-lite: $(HTTPD_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(HTTPD_OBJS) $(LDLIBS)
