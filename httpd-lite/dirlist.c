/* dirlist.c: HTML listings with getdents64 into fixed buffers. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "dirlist.h"
#include "response.h"

/* The kernel's record; glibc 2.36 has no getdents64 wrapper to rely on. */
struct dirent64_rec {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char names[LISTING_NAMES_MAX];
static const char *entries[LISTING_ENTRIES_MAX];
static char page[LISTING_MAX];
static char dents[32768] __attribute__((aligned(8)));

int html_escape(char *out, size_t n, size_t *o, const char *s)
{
	for (; *s != '\0'; s++) {
		const char *rep = NULL;
		size_t len;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		}
		len = rep ? strlen(rep) : 1;
		if (*o + len >= n)
			return -1;
		if (rep)
			memcpy(out + *o, rep, len);
		else
			out[*o] = *s;
		*o += len;
	}
	out[*o] = '\0';
	return 0;
}

int url_encode(char *out, size_t n, size_t *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		int plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch) != NULL;

		if (*o + (plain ? 1 : 3) >= n)
			return -1;
		if (plain) {
			out[(*o)++] = (char)ch;
		} else {
			out[(*o)++] = '%';
			out[(*o)++] = hex[ch >> 4];
			out[(*o)++] = hex[ch & 15];
		}
	}
	out[*o] = '\0';
	return 0;
}

static int add(size_t *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int add(size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(page + *o, sizeof page - *o, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof page - *o)
		return -1;
	*o += (size_t)n;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Collect the names (no dotfiles) of directory dfd: count, or -1. */
static int collect(int dfd)
{
	size_t used = 0;
	int count = 0;
	long n;

	if (lseek(dfd, 0, SEEK_SET) < 0)
		return -1;
	while ((n = syscall(SYS_getdents64, dfd, dents, sizeof dents)) > 0) {
		long off;

		for (off = 0; off < n;) {
			const struct dirent64_rec *d = (const void *)(dents + off);
			size_t len = strlen(d->d_name) + 1;

			off += d->d_reclen;
			if (d->d_name[0] == '.')
				continue;  /* refused anyway: do not advertise */
			if (count == LISTING_ENTRIES_MAX || used + len > sizeof names)
				return -1;
			memcpy(names + used, d->d_name, len);
			entries[count++] = names + used;
			used += len;
		}
	}
	return n < 0 ? -1 : count;
}

static int entry_line(int dfd, size_t *o, const char *name)
{
	struct stat sb;
	struct tm tm;
	char when[32] = "-", size[32] = "-";
	int isdir;

	if (fstatat(dfd, name, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		return 0;  /* vanished meanwhile */
	isdir = S_ISDIR(sb.st_mode);
	if (gmtime_r(&sb.st_mtim.tv_sec, &tm) == NULL ||
	    strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm) == 0)
		strcpy(when, "-");
	if (!isdir && snprintf(size, sizeof size, "%lld",
	    (long long)sb.st_size) >= (int)sizeof size)
		return -1;
	if (add(o, "<tr><td><a href=\"") < 0 ||
	    url_encode(page, sizeof page, o, name) < 0 ||
	    add(o, "%s\">", isdir ? "/" : "") < 0 ||
	    html_escape(page, sizeof page, o, name) < 0 ||
	    add(o, "%s</a></td><td>%s</td><td>%s</td></tr>\n",
	    isdir ? "/" : "", size, when) < 0)
		return -1;
	return 0;
}

static int build(int dfd, const struct request *r, size_t *o)
{
	char shown[PATH_BUF];
	int count, i;

	count = collect(dfd);
	if (count < 0)
		return -1;
	qsort(entries, (size_t)count, sizeof entries[0], by_name);
	/* The raw path is shown escaped, never decoded into markup. */
	if ((size_t)snprintf(shown, sizeof shown, "%.*s", (int)r->path_len,
	    r->path) >= sizeof shown)
		return -1;
	if (add(o, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>Index of ") < 0 ||
	    html_escape(page, sizeof page, o, shown) < 0 ||
	    add(o, "</title></head>\n<body><h1>Index of ") < 0 ||
	    html_escape(page, sizeof page, o, shown) < 0 ||
	    add(o, "</h1>\n<table>\n<tr><th>Name</th><th>Size</th>"
	    "<th>Modified (UTC)</th></tr>\n") < 0)
		return -1;
	for (i = 0; i < count; i++)
		if (entry_line(dfd, o, entries[i]) < 0)
			return -1;
	return add(o, "</table>\n</body></html>\n");
}

int dirlist(struct conn *c, const struct request *r, int keep, int dfd,
    struct outcome *o)
{
	size_t len = 0;

	if (build(dfd, r, &len) < 0)
		return resp_answer(c, r, keep, ST_INTERNAL, NULL, o);
	resp_start(c, ST_OK, r, keep);
	resp_line(c, "Content-Type: text/html; charset=utf-8");
	resp_num(c, "Content-Length: ", len);
	resp_line(c, "Cache-Control: no-cache");
	if (resp_end(c) != 0)
		return resp_answer(c, r, keep, ST_INTERNAL, NULL, o);
	o->status = ST_OK;
	o->sent = 0;
	if (r->method == M_HEAD)
		len = 0;
	if (io_write2(c, c->resp.buf, c->resp.sb.len, page, len) < 0)
		return -1;
	o->sent = (off_t)len;
	return 0;
}
