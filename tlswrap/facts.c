#include "facts.h"

#include <string.h>

size_t
facts_pack(const struct tls_facts *f, char *buf, size_t size)
{
	const char *v;
	size_t n = 0, len;
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		v = f->v[i] != NULL ? f->v[i] : "";
		len = strlen(v) + 1;
		if (len > size - n)
			return 0;
		memcpy(buf + n, v, len);
		n += len;
	}
	return n;
}

int
facts_unpack(struct tls_facts *f, const char *buf, size_t n)
{
	const char *p = buf, *end = buf + n;
	size_t len;
	int i;

	for (i = 0; i < FACT_COUNT; i++) {
		len = strnlen(p, (size_t)(end - p));
		if (p + len >= end)
			return -1;	/* no NUL: cut short */
		f->v[i] = len > 0 ? p : NULL;
		p += len + 1;
	}
	return 0;
}
