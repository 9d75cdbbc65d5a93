#include "certstore.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "readfile.h"

extern char **environ;

static int
add_pair(struct site *s, const char *cert, const char *key, char *err,
    size_t errlen)
{
	if (pair_open(&s->pair[s->npairs], cert, key, err, errlen) != 0)
		return -1;
	s->npairs++;
	return 0;
}

static void site_close(struct site *s);

/* Lower-case DNS name of letters, digits, '-' and '.', or "*." + such a
 * name; no empty label.  Anything else is never looked up. */
static int
valid_name(const char *n, int allow_wildcard)
{
	size_t i, label = 0;

	if (allow_wildcard && n[0] == '*' && n[1] == '.')
		n += 2;
	if (n[0] == '\0' || strlen(n) > SITE_NAME_MAX)
		return 0;
	for (i = 0; n[i] != '\0'; i++) {
		if (n[i] == '.') {
			if (label == 0)
				return 0;
			label = 0;
		} else if ((n[i] >= 'a' && n[i] <= 'z') ||
		    (n[i] >= '0' && n[i] <= '9') || n[i] == '-') {
			label++;
		} else {
			return 0;
		}
	}
	return label > 0;
}

static void
add_env_site(struct certstore *cs, const char *entry)
{
	char keyvar[8 + SITE_NAME_MAX + 1];
	const char *name = entry + strlen("CERTFILE:");
	const char *eq = strchr(name, '=');
	struct site *s;
	size_t n = (size_t)(eq - name);
	char err[CRED_ERR_MAX];

	if (n > SITE_NAME_MAX)
		die(EXIT_USAGE, "CERTFILE:%.40s...: name too long", name);
	if (cs->nnamed == STORE_SITES_MAX)
		die(EXIT_USAGE, "more than %d CERTFILE:name variables; use -d",
		    STORE_SITES_MAX);
	s = &cs->named[cs->nnamed++];
	s->sitefd = -1;
	memcpy(s->name, name, n);
	s->name[n] = '\0';
	if (!valid_name(s->name, 1))
		die(EXIT_USAGE, "CERTFILE:%s: not a lower-case DNS name or *.name",
		    s->name);
	(void)snprintf(keyvar, sizeof keyvar, "KEYFILE:%s", s->name);
	if (add_pair(s, eq + 1, getenv(keyvar), err, sizeof err) != 0)
		die(EXIT_BADCERT, "%s", err);
}

void
certstore_open(struct certstore *cs, const struct options *o)
{
	int i;

	cs->dirfd = -1;
	cs->def.sitefd = cs->dirsite.sitefd = -1;
	for (i = 0; i < o->ncerts; i++) {
		if (add_pair(&cs->def, o->certfile[i], o->keyfile[i],
		    cs->def_why, sizeof cs->def_why) == 0)
			continue;
		/* -A: the first certificate may not exist yet, and only the
		 * ClientHello tells a validation from a visitor. */
		if (o->acme_dir == NULL || o->check)
			die(EXIT_BADCERT, "%s", cs->def_why);
		site_close(&cs->def);
		cs->def.npairs = 0;
		break;
	}
	for (i = 0; environ[i] != NULL; i++)
		if (strncmp(environ[i], "CERTFILE:", 9) == 0 &&
		    strchr(environ[i], '=') != NULL)
			add_env_site(cs, environ[i]);
	if (o->certdir != NULL) {
		cs->dir = o->certdir;
		cs->dirfd = open(o->certdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cs->dirfd < 0)
			die_errno(EXIT_BADCERT, "-d %s", o->certdir);
	}
	if (cs->def.npairs == 0 && cs->def_why[0] == '\0' && cs->nnamed == 0 &&
	    cs->dirfd < 0)
		die(EXIT_USAGE, "no certificate: set CERTFILE, or use -c or -d");
}

static struct site *
find_named(struct certstore *cs, const char *name)
{
	int i;

	for (i = 0; i < cs->nnamed; i++)
		if (strcmp(cs->named[i].name, name) == 0)
			return &cs->named[i];
	return NULL;
}

/* Open NAME/FILE under -d into slot k of the directory site; 1 when it
 * exists, 0 when it does not, -1 with a reason in err otherwise. */
static int
dir_open(struct certstore *cs, int sitefd, const char *name, const char *file,
    struct pem_source *src, int k, char *err, size_t errlen)
{
	char *path = cs->dirpaths[k];

	(void)snprintf(path, SITE_PATH_MAX, "%s/%s/%s", cs->dir, name, file);
	src->path = path;
	src->dirfd = sitefd;	/* for a re-read (pairio.h) */
	src->base = file;
	src->fd = open_file(sitefd, file);
	if (src->fd >= 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	(void)snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return -1;
}

static void
site_close(struct site *s)
{
	int i;

	for (i = 0; i < s->npairs; i++)
		pair_close(&s->pair[i]);
	if (s->sitefd >= 0)
		close(s->sitefd);
	s->sitefd = -1;
}

/* The previous -d site's files, closed before the next one is opened. */
static void
dirsite_close(struct site *s)
{
	site_close(s);
	memset(s, 0, sizeof *s);
	s->sitefd = -1;
}

void
certstore_close(struct certstore *cs)
{
	int i;

	site_close(&cs->def);
	for (i = 0; i < cs->nnamed; i++)
		site_close(&cs->named[i]);
	site_close(&cs->dirsite);
	if (cs->dirfd >= 0)
		close(cs->dirfd);
	cs->dirfd = -1;
}

int
certstore_dir_site(struct certstore *cs, const char *name,
    struct site **out, char *err, size_t errlen)
{
	static const char *const files[SITE_PAIRS_MAX][2] = {
		{ "cert.pem", "key.pem" }, { "cert2.pem", "key2.pem" },
	};
	struct site *s = &cs->dirsite;
	struct cert_pair *p;
	int sitefd, i, r = 1;

	if (cs->dirfd < 0 || !valid_name(name, 1))
		return 0;
	dirsite_close(s);
	sitefd = openat(cs->dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (sitefd < 0) {
		if (errno == ENOENT)
			return 0;	/* no such site: the next rule decides */
		/* a site that is there but cannot be read (EACCES under -u,
		 * a file, a link loop) must not fall back in silence */
		(void)snprintf(err, errlen, "%s/%s: %s", cs->dir, name, strerror(errno));
		return -1;
	}
	s->sitefd = sitefd;	/* kept: a re-read opens through it */
	(void)snprintf(s->name, sizeof s->name, "%s", name);
	for (i = 0; i < SITE_PAIRS_MAX && r > 0; i++) {
		p = &s->pair[s->npairs];
		p->dirfd[0] = p->dirfd[1] = -1;	/* the site owns sitefd */
		r = dir_open(cs, sitefd, name, files[i][0], &p->cert, 2 * i, err, errlen);
		if (r == 0) {
			r = 1;
			continue;
		}
		if (r < 0)
			break;
		r = dir_open(cs, sitefd, name, files[i][1], &p->key, 2 * i + 1, err, errlen);
		if (r == 0) {
			p->key.fd = -1;	/* the key is in cert.pem */
			r = 1;
		}
		if (r > 0)
			s->npairs++;
		else
			close(p->cert.fd);
	}
	if (r > 0 && s->npairs == 0) {
		(void)snprintf(err, errlen, "%s/%s: no cert.pem", cs->dir, name);
		r = -1;
	}
	if (r < 0) {
		dirsite_close(s);
		return -1;
	}
	*out = s;
	return 1;
}

int
certstore_find(struct certstore *cs, const char *sni, struct site **out,
    char *err, size_t errlen)
{
	const char *dot;
	char wild[SITE_NAME_MAX + 2], name[SITE_NAME_MAX + 1];
	size_t i;
	int r;

	/* DNS names are case-insensitive (RFC 4343); sites are lower-case. */
	for (i = 0; i < SITE_NAME_MAX && sni[i] != '\0'; i++)
		name[i] = (char)(sni[i] >= 'A' && sni[i] <= 'Z' ? sni[i] + 32 : sni[i]);
	name[i] = '\0';
	if (name[0] == '\0' || sni[i] != '\0' || !valid_name(name, 0))
		return 0;
	*out = find_named(cs, name);
	dot = strchr(name, '.');
	if (*out == NULL && dot != NULL) {
		(void)snprintf(wild, sizeof wild, "*%s", dot);
		*out = find_named(cs, wild);
	}
	if (*out != NULL)
		return 1;
	r = certstore_dir_site(cs, name, out, err, errlen);
	if (r == 0 && dot != NULL)
		r = certstore_dir_site(cs, wild, out, err, errlen);
	return r;
}

int
site_load(struct site *s, struct credentials cr[SITE_PAIRS_MAX],
    char *err, size_t errlen)
{
	int i;

	for (i = 0; i < s->npairs; i++) {
		if (pair_load(&s->pair[i], &cr[i], err, errlen) != 0) {
			while (i-- > 0)
				credentials_wipe(&cr[i]);
			return -1;
		}
	}
	return 0;
}
