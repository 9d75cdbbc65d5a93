/*
 * hello-fuzz: tlswrap's ClientHello reader (hello.c), the first code to
 * see a client's bytes, and the escaping of what it refuses (escape.c).
 * The input arrives in two reads split where its first byte says, as a
 * client may pace it.  Whatever the bytes: hello_parse() stays within its
 * buffers, a name it accepts is a DNS host name, a name it refuses lies
 * within the message, and its escaped form is printable ASCII.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "../../tlswrap/hello.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct client_hello h;

static void put(const uint8_t *p, size_t n)
{
	unsigned char *buf;
	size_t room;

	buf = hello_room(&h, &room);
	if (n > room)
		n = room;
	memcpy(buf, p, n);
	h.len += n;
	hello_parse(&h);
}

static void check_escape(void)
{
	static const size_t lens[] = { 4, 9, 128 };
	char out[128];
	size_t i, k, n;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		n = escape_bytes(out, lens[i], h.bad, h.bad_len, "'\\");
		assert(n < lens[i] && out[n] == '\0');
		for (k = 0; k < n; k++)
			assert(out[k] >= 0x20 && out[k] < 0x7f && out[k] != '\'');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cut = size > 0 ? data[0] % (size + 1) : 0;
	const char *name;

	memset(&h, 0, sizeof h);
	put(data, cut);
	if (h.state == HELLO_MORE)
		put(data + cut, size - cut);
	assert(h.len <= sizeof h.raw && h.rec_off <= h.len);
	assert(h.msg_len <= sizeof h.msg);
	name = hello_name(&h);
	if (h.state == HELLO_NAME)
		assert(hello_valid_name((const unsigned char *)name, strlen(name)));
	else if (h.state == HELLO_NO_NAME)
		assert(name != NULL && name[0] == '\0');
	else
		assert(name == NULL);
	if (h.state == HELLO_BAD_NAME) {
		assert(h.bad >= h.msg && h.bad + h.bad_len <= h.msg + h.msg_len);
		assert(h.why != NULL);
		check_escape();
	}
	if (h.state == HELLO_MALFORMED)
		assert(h.why != NULL);
	return 0;
}
