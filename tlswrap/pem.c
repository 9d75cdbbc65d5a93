#include "pem.h"

#include <bearssl.h>
#include <stdlib.h>
#include <string.h>

struct sink {
	struct pem_list *pl;
	int overflow;
};

static void
append_der(void *ctx, const void *buf, size_t len)
{
	struct sink *s = ctx;
	struct pem_list *pl = s->pl;

	/* DER is always shorter than its base64 text, so the arena (as large
	 * as the text) cannot overflow; stay defensive all the same. */
	if (len > pl->arena_len - pl->arena_used) {
		s->overflow = 1;
		return;
	}
	memcpy(pl->arena + pl->arena_used, buf, len);
	pl->arena_used += len;
	pl->obj[pl->count].len += len;
}

/* Push bytes, handling every event; returns a status or -1 to go on. */
static int
push(br_pem_decoder_context *pc, struct sink *s, const unsigned char *p,
    size_t len, int *open)
{
	struct pem_list *pl = s->pl;
	const char *name;
	size_t n;

	while (len > 0) {
		n = br_pem_decoder_push(pc, p, len);
		p += n;
		len -= n;
		switch (br_pem_decoder_event(pc)) {
		case BR_PEM_BEGIN_OBJ:
			if (pl->count == PEM_OBJECTS_MAX)
				return PEM_TOO_MANY;
			name = br_pem_decoder_name(pc);
			n = strnlen(name, PEM_NAME_MAX - 1);
			memcpy(pl->obj[pl->count].name, name, n);
			pl->obj[pl->count].name[n] = '\0';
			pl->obj[pl->count].der = pl->arena + pl->arena_used;
			pl->obj[pl->count].len = 0;
			br_pem_decoder_setdest(pc, append_der, s);
			*open = 1;
			break;
		case BR_PEM_END_OBJ:
			pl->count++;
			*open = 0;
			break;
		case BR_PEM_ERROR:
			return PEM_SYNTAX;
		default:
			break;
		}
		if (s->overflow)
			return PEM_SYNTAX;
	}
	return -1;
}

enum pem_status
pem_decode(const unsigned char *text, size_t len, struct pem_list *pl)
{
	br_pem_decoder_context pc;
	struct sink s = { pl, 0 };
	int open = 0, st;

	memset(pl, 0, sizeof *pl);
	pl->arena = malloc(len + 1);
	if (pl->arena == NULL)
		return PEM_NOMEM;
	pl->arena_len = len + 1;
	br_pem_decoder_init(&pc);
	st = push(&pc, &s, text, len, &open);
	/* The decoder acts on complete lines: end the last one for it. */
	if (st < 0)
		st = push(&pc, &s, (const unsigned char *)"\n", 1, &open);
	if (st < 0)
		st = open ? PEM_TRUNCATED : PEM_OK;
	explicit_bzero(&pc, sizeof pc);
	if (st != PEM_OK)
		pem_wipe(pl);
	return (enum pem_status)st;
}

const char *
pem_status_text(enum pem_status s)
{
	static const char *const text[] = {
		[PEM_OK] = "ok",
		[PEM_SYNTAX] = "malformed PEM",
		[PEM_TRUNCATED] = "malformed PEM: truncated object",
		[PEM_TOO_MANY] = "too many PEM objects",
		[PEM_NOMEM] = "out of memory",
	};
	return text[s];
}

void
pem_wipe(struct pem_list *pl)
{
	if (pl->arena != NULL) {
		explicit_bzero(pl->arena, pl->arena_len);
		free(pl->arena);
	}
	memset(pl, 0, sizeof *pl);
}
