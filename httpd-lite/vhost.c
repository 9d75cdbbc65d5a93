/* vhost.c: -v, one directory per host name beneath the document root. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "resolve.h"
#include "vhost.h"

#define HOST_LABEL_MAX 63

int errno_status(int e)
{
	switch (e) {
	case ENOENT: case ENOTDIR: case ELOOP: case EXDEV: case ENAMETOOLONG:
		return ST_NOT_FOUND;
	case EACCES: case EPERM:
		return ST_FORBIDDEN;
	default:
		return ST_INTERNAL;
	}
}

int vhost_dir(const struct request *r, int rootfd, int *fd)
{
	char host[HOST_MAX + 1];
	const char *colon;
	size_t len, i, label = 0;

	if (r->host == NULL)
		return ST_BAD_REQUEST;
	colon = memchr(r->host, ':', r->host_len);
	len = colon ? (size_t)(colon - r->host) : r->host_len;
	if (len == 0 || len > HOST_MAX)
		return ST_BAD_REQUEST;
	for (i = 0; i < len; i++) {
		int ch = tolower((unsigned char)r->host[i]);

		if (ch == '.') {
			if (label == 0 || host[i - 1] == '-')
				return ST_BAD_REQUEST;
			label = 0;
		} else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		    (ch == '-' && label > 0)) {
			if (++label > HOST_LABEL_MAX)
				return ST_BAD_REQUEST;
		} else {
			return ST_BAD_REQUEST;
		}
		host[i] = (char)ch;
	}
	if (label == 0 || host[len - 1] == '-')
		return ST_BAD_REQUEST;
	host[len] = '\0';
	*fd = open_beneath(rootfd, host, O_PATH | O_DIRECTORY);
	return *fd < 0 ? errno_status(errno) : 0;
}
