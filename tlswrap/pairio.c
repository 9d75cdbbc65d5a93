#include "pairio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "readfile.h"
#include "recio.h"

/* "a/b/c.pem" -> "a/b" and "c.pem"; "c.pem" -> "." and "c.pem". */
static int
split_path(const char *path, char dir[PATH_MAX], const char **base)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (slash == NULL) {
		(void)snprintf(dir, PATH_MAX, ".");
		*base = path;
		return 0;
	}
	n = slash == path ? 1 : (size_t)(slash - path);	/* "/c.pem": "/" */
	if (n >= PATH_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(dir, path, n);
	dir[n] = '\0';
	*base = slash + 1;
	return 0;
}

static int
source_open(struct pem_source *src, const char *path, int dirfd,
    const char *base)
{
	src->path = path;
	src->dirfd = dirfd;
	src->base = base;
	src->fd = open_file(dirfd, base);
	return src->fd >= 0 ? 0 : -1;
}

/* A handle that only resolves the directory (O_PATH): search permission
 * is all it needs, as when the file was opened by its full name. */
static int
dir_handle(const char *dir)
{
	return open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
}

int
pair_open(struct cert_pair *p, const char *cert, const char *key,
    char *err, size_t errlen)
{
	char cdir[PATH_MAX], kdir[PATH_MAX];
	const char *cbase, *kbase, *failed = cert;
	int kfd;

	p->cert.fd = p->key.fd = p->dirfd[0] = p->dirfd[1] = -1;
	p->key.path = p->key.base = NULL;
	p->key.dirfd = -1;
	if (key == NULL || strcmp(key, cert) == 0) {
		/* One file, replaced whole by rename(): never half swapped,
		 * never read again, no handle needed. */
		if (source_open(&p->cert, cert, AT_FDCWD, cert) != 0)
			goto fail;
		return 0;
	}
	if (split_path(cert, cdir, &cbase) != 0 ||
	    (p->dirfd[0] = dir_handle(cdir)) < 0 ||
	    source_open(&p->cert, cert, p->dirfd[0], cbase) != 0)
		goto fail;
	failed = key;
	if (split_path(key, kdir, &kbase) != 0)
		goto fail;
	kfd = p->dirfd[0];
	if (strcmp(kdir, cdir) != 0 && (kfd = p->dirfd[1] = dir_handle(kdir)) < 0)
		goto fail;
	if (source_open(&p->key, key, kfd, kbase) != 0)
		goto fail;
	return 0;
fail:
	(void)snprintf(err, errlen, "%s: %s", failed, strerror(errno));
	pair_close(p);
	return -1;
}

/* The same name through the same directory handle: whatever the name
 * points to now. */
static int
source_reopen(struct pem_source *src)
{
	int fd = open_file(src->dirfd, src->base);

	if (fd < 0)
		return -1;
	close(src->fd);
	src->fd = fd;
	return 0;
}

static int
pair_reopen(struct cert_pair *p, struct pem_source *key, char *err,
    size_t errlen)
{
	const struct pem_source *failed = &p->cert;

	if (source_reopen(&p->cert) == 0) {
		failed = key;
		if (key == NULL || source_reopen(key) == 0)
			return 0;
	}
	(void)snprintf(err, errlen, "%s: %s", failed->path, strerror(errno));
	return -1;
}

int
pair_load(struct cert_pair *p, struct credentials *cr, char *err,
    size_t errlen)
{
	struct pem_source *key = p->key.fd >= 0 ? &p->key : NULL;
	long long start = now_ms();
	size_t n;
	int r, tries;

	for (tries = 0;; tries++) {
		r = credentials_load(cr, &p->cert, key, err, errlen);
		if (r != CRED_MISMATCH || key == NULL)
			return r == 0 ? 0 : -1;
		if (tries == REREAD_MAX ||
		    now_ms() - start + REREAD_PAUSE_MS > REREAD_WINDOW_MS)
			break;
		(void)poll(NULL, 0, REREAD_PAUSE_MS);
		if (pair_reopen(p, key, err, errlen) != 0)
			return -1;
	}
	n = strlen(err);
	(void)snprintf(err + n, errlen - n, " (read %d times in %lld ms)",
	    tries + 1, now_ms() - start);
	return -1;
}

void
pair_close(struct cert_pair *p)
{
	int i;

	if (p->cert.fd >= 0)
		close(p->cert.fd);
	if (p->key.fd >= 0)
		close(p->key.fd);
	for (i = 0; i < 2; i++)
		if (p->dirfd[i] >= 0)
			close(p->dirfd[i]);
	p->cert.fd = p->key.fd = p->dirfd[0] = p->dirfd[1] = -1;
}
