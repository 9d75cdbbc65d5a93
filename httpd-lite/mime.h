/* mime.h: Content-Type from a file name's extension. */
#ifndef MIME_H
#define MIME_H

/*
 * Read a mime.types file ("type ext ext ..." lines, '#' comments); its
 * entries take precedence over the built-in table.  Call once, before
 * serving.  Returns 0, or -1 with a reason in *why (errno is set for I/O).
 */
int mime_load(const char *file, const char **why);

/* Media type for name (the extension after its last dot, any case);
 * "application/octet-stream" when unknown.  Never NULL. */
const char *mime_type(const char *name);

#endif
