/* variant.c: choosing a precompressed variant by Accept-Encoding. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "encoding.h"
#include "resolve.h"
#include "variant.h"

/* In order of preference. */
static const struct {
	const char *suffix, *coding, *alias;
} variants[] = {
	{ ".br", "br", NULL },
	{ ".gz", "gzip", "x-gzip" },
};

static int newer_or_same(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
	    (a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

/* ae accepts at least one of the codings of the variants. */
static int accepts_any(const struct field_lines *ae)
{
	size_t i;

	for (i = 0; i < sizeof variants / sizeof variants[0]; i++)
		if (accepts_coding(ae, variants[i].coding, variants[i].alias))
			return 1;
	return 0;
}

void variant_pick(const struct field_lines *ae, int dirfd, const char *name,
    const struct stat *orig, struct variant *v)
{
	char path[PATH_BUF];
	struct stat vs;
	size_t i;
	int fd;

	v->fd = -1;
	v->coding = NULL;
	/*
	 * A client that accepts none of the codings gets the original
	 * whatever exists, so nothing is opened (two failed opens per
	 * request otherwise).  The choice still depends on Accept-Encoding:
	 * Vary says so (RFC 9110 12.5.5, "might have influenced").
	 */
	v->vary = !accepts_any(ae);
	if (v->vary)
		return;
	for (i = 0; i < sizeof variants / sizeof variants[0]; i++) {
		int n = snprintf(path, sizeof path, "%s%s", name,
		    variants[i].suffix);
		if (n < 0 || (size_t)n >= sizeof path)
			continue;
		fd = open_beneath(dirfd, path, O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			continue;
		if (fstat(fd, &vs) == 0 && S_ISREG(vs.st_mode) &&
		    (vs.st_mode & S_IROTH) && newer_or_same(&vs, orig)) {
			v->vary = 1;
			if (v->coding == NULL && accepts_coding(ae,
			    variants[i].coding, variants[i].alias)) {
				v->fd = fd;
				v->sb = vs;
				v->coding = variants[i].coding;
				continue;
			}
		}
		close(fd);
	}
}
