# tlswrap: one object per concern; see main.c for the story of a connection.
TLSWRAP_OBJS := $(patsubst %.c,%.o,$(wildcard tlswrap/*.c))
tlswrap/tlswrap: $(TLSWRAP_OBJS) $(COMMON_OBJS)
	$(CC) $(LDFLAGS) -o $@ $(TLSWRAP_OBJS) $(COMMON_OBJS) $(LDLIBS_BEARSSL) $(LDLIBS)
