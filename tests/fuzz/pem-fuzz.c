/*
 * pem-fuzz: tlswrap's PEM splitter (pem.c) and its DER reader (der.c).
 * The input is decoded as PEM text with pem_decode(); every object it
 * yields, and the input itself taken as raw DER, goes through cert_parts(),
 * name_text() and san_text() as tlswrap -t would, with roomy and tight
 * output buffers, and through ec_key_embedded_pub() as credentials.c would.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tlswrap/der.h"
#include "../../tlswrap/pem.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void text_ok(int r, const char *out, size_t outlen)
{
	assert(r == 0 || r == -1);
	assert(memchr(out, '\0', outlen) != NULL);
}

static void show(const struct der_elem *name, const struct der_elem *ext)
{
	static const size_t lens[] = { 1, 17, 1024 };
	char *out;
	size_t i;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		out = malloc(lens[i]);  /* exact size: ASan sees one byte over */
		if (out == NULL)
			return;
		text_ok(name_text(name, out, lens[i]), out, lens[i]);
		text_ok(san_text(ext, out, lens[i]), out, lens[i]);
		free(out);
	}
}

static void der_walk(const unsigned char *p, size_t len)
{
	struct der d = { p, p + len };
	struct der_elem e;
	struct cert_parts c;
	const unsigned char *q;
	size_t qlen;

	while (der_next(&d, &e) == 0) {
		assert(e.start >= p && e.start + e.len <= p + len);
		assert(e.body.p >= e.start && e.body.end == e.start + e.len);
	}
	if (ec_key_embedded_pub(p, len, &q, &qlen) == 0)
		assert(q > p && q + qlen <= p + len);
	if (cert_parts(p, len, &c) == 0) {
		show(&c.subject, &c.extensions);
		show(&c.issuer, &c.extensions);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pem_list pl;	/* large: see pem.h */
	unsigned char *copy;
	size_t used = 0;
	int i;

	copy = malloc(size > 0 ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	der_walk(copy, size);
	if (pem_decode(copy, size, &pl) == PEM_OK) {
		assert(pl.count >= 0 && pl.count <= PEM_OBJECTS_MAX);
		for (i = 0; i < pl.count; i++) {
			const struct pem_object *ob = &pl.obj[i];

			assert(memchr(ob->name, '\0', PEM_NAME_MAX) != NULL);
			assert(ob->der >= pl.arena &&
			    ob->der + ob->len <= pl.arena + pl.arena_used);
			used += ob->len;
			der_walk(ob->der, ob->len);
		}
		assert(used <= pl.arena_used && pl.arena_used <= sizeof pl.arena);
		pem_wipe(&pl);
	} else {
		assert(pl.arena_used == 0 && pl.count == 0);
	}
	free(copy);
	return 0;
}
