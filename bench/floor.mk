# bench/run.sh includes this after a build's own Makefile, so that the
# floor (bench/floor.c) and its trivial child are built exactly as that
# build's programs are: same compiler, C library, flags, and tlswrap's own
# key loader and suite list.  FLOOR_SRC, FLOOR_OUT: set by run.sh.
FLOOR_OBJS := tlswrap/credentials.o tlswrap/pem.o tlswrap/readfile.o \
	tlswrap/der.o tlswrap/errnames.o tlswrap/suites.o

$(FLOOR_OUT)/floor: $(FLOOR_SRC) $(FLOOR_OBJS) $(BEARSSL_GLUE)
	$(CC) $(ALL_CFLAGS) -iquote tlswrap $(LDFLAGS) -o $@ $(FLOOR_SRC) \
		$(FLOOR_OBJS) $(LDLIBS_BEARSSL)

$(FLOOR_OUT)/nullprog:
	printf 'int main(void) { return 0; }\n' | \
		$(CC) -O2 $(LDFLAGS) -x c -o $@ -

floor: $(FLOOR_OUT)/floor $(FLOOR_OUT)/nullprog
.PHONY: floor
