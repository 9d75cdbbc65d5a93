/* mime.c: built-in and loaded extension tables. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "httpd.h"
#include "mime.h"

enum mime {
	MT_HTML, MT_CSS, MT_JS, MT_JSON, MT_TXT, MT_MD, MT_CSV, MT_XML,
	MT_SVG, MT_PNG, MT_JPEG, MT_GIF, MT_WEBP, MT_AVIF, MT_ICO, MT_PDF,
	MT_WASM, MT_WOFF, MT_WOFF2, MT_TTF, MT_OTF, MT_MP4, MT_WEBM, MT_MP3,
	MT_OGG, MT_WAV, MT_ZIP, MT_GZ, MT_TAR, MT_XZ, MT_MAP, MT_MANIFEST,
	MT_COUNT
};

static const struct {
	const char *type;
	const char *ext[4];
} builtin[MT_COUNT] = {
	[MT_HTML] = { "text/html", { "html", "htm" } },
	[MT_CSS] = { "text/css", { "css" } },
	[MT_JS] = { "text/javascript", { "js", "mjs" } },
	[MT_JSON] = { "application/json", { "json" } },
	[MT_TXT] = { "text/plain", { "txt", "text", "asc" } },
	[MT_MD] = { "text/markdown", { "md", "markdown" } },
	[MT_CSV] = { "text/csv", { "csv" } },
	[MT_XML] = { "application/xml", { "xml", "xsl" } },
	[MT_SVG] = { "image/svg+xml", { "svg" } },
	[MT_PNG] = { "image/png", { "png" } },
	[MT_JPEG] = { "image/jpeg", { "jpg", "jpeg" } },
	[MT_GIF] = { "image/gif", { "gif" } },
	[MT_WEBP] = { "image/webp", { "webp" } },
	[MT_AVIF] = { "image/avif", { "avif" } },
	[MT_ICO] = { "image/vnd.microsoft.icon", { "ico" } },
	[MT_PDF] = { "application/pdf", { "pdf" } },
	[MT_WASM] = { "application/wasm", { "wasm" } },
	[MT_WOFF] = { "font/woff", { "woff" } },
	[MT_WOFF2] = { "font/woff2", { "woff2" } },
	[MT_TTF] = { "font/ttf", { "ttf" } },
	[MT_OTF] = { "font/otf", { "otf" } },
	[MT_MP4] = { "video/mp4", { "mp4", "m4v" } },
	[MT_WEBM] = { "video/webm", { "webm" } },
	[MT_MP3] = { "audio/mpeg", { "mp3" } },
	[MT_OGG] = { "audio/ogg", { "ogg", "oga" } },
	[MT_WAV] = { "audio/wav", { "wav" } },
	[MT_ZIP] = { "application/zip", { "zip" } },
	[MT_GZ] = { "application/gzip", { "gz", "tgz" } },
	[MT_TAR] = { "application/x-tar", { "tar" } },
	[MT_XZ] = { "application/x-xz", { "xz" } },
	[MT_MAP] = { "application/json", { "map" } },
	[MT_MANIFEST] = { "application/manifest+json", { "webmanifest" } },
};

/* Loaded entries: strings live in the pool, which is the file itself. */
static struct {
	const char *ext;
	const char *type;
} loaded[MIME_ENTRIES_MAX];
static unsigned nloaded;
static char pool[MIME_FILE_MAX + 1];

static int read_all(const char *file, size_t *len)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -1;
	for (;;) {
		r = read(fd, pool + n, MIME_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		if (n > MIME_FILE_MAX)
			break;
	}
	close(fd);
	if (r < 0)
		return -1;
	*len = n;
	return 0;
}

/* Split one line in place into its type and extensions. */
static int load_line(char *line, const char **why)
{
	const char *sep = " \t\r";
	char *save = NULL, *type, *ext;

	type = strtok_r(line, sep, &save);
	if (type == NULL || *type == '#')
		return 0;
	if (strlen(type) >= MIME_TYPE_MAX || strchr(type, '/') == NULL) {
		*why = "bad media type";
		return -1;
	}
	while ((ext = strtok_r(NULL, sep, &save)) != NULL && *ext != '#') {
		if (strlen(ext) >= MIME_EXT_MAX) {
			*why = "extension too long";
			return -1;
		}
		if (nloaded == MIME_ENTRIES_MAX) {
			*why = "too many extensions";
			return -1;
		}
		loaded[nloaded].ext = ext;
		loaded[nloaded].type = type;
		nloaded++;
	}
	return 0;
}

int mime_load(const char *file, const char **why)
{
	size_t len;
	char *line, *save = NULL;

	*why = NULL;
	nloaded = 0;
	if (read_all(file, &len) < 0)
		return -1;
	if (len > MIME_FILE_MAX) {
		*why = "file too large";
		return -1;
	}
	pool[len] = '\0';
	if (memchr(pool, '\0', len) != NULL) {
		*why = "NUL byte in file";
		return -1;
	}
	for (line = strtok_r(pool, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if (load_line(line, why) < 0)
			return -1;
	return 0;
}

const char *mime_type(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');
	unsigned i, j;

	if (dot == NULL || dot[1] == '\0')
		return "application/octet-stream";
	dot++;
	/* Later lines of a mime.types file win, as in other servers. */
	for (i = nloaded; i-- > 0;)
		if (strcasecmp(loaded[i].ext, dot) == 0)
			return loaded[i].type;
	for (i = 0; i < MT_COUNT; i++)
		for (j = 0; j < 4 && builtin[i].ext[j] != NULL; j++)
			if (strcasecmp(builtin[i].ext[j], dot) == 0)
				return builtin[i].type;
	return "application/octet-stream";
}
