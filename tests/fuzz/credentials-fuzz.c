/*
 * credentials-fuzz: tlswrap's credentials_load(): PEM files read through
 * read_fd(), chain collection, key decoding, the key-to-certificate match.
 * The input is two bytes (big-endian) then file content.  The content is
 * loaded as one combined file (key in the certificate file), then split at
 * the byte the first two bytes give (modulo its length + 1) into a
 * certificate file and a key file.  Files are memfds, rewritten each run.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../tlswrap/credentials.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int certfd = -1, keyfd = -1;

static int fill(int fd, const uint8_t *p, size_t len)
{
	ssize_t r;
	size_t n = 0;

	if (ftruncate(fd, 0) != 0)
		return -1;
	while (n < len) {
		r = pwrite(fd, p + n, len - n, (off_t)n);
		if (r <= 0)
			return -1;
		n += (size_t)r;
	}
	return 0;
}

static void load(const struct pem_source *cert, const struct pem_source *key)
{
	static struct credentials cr;  /* large: keep it off the stack */
	char err[CRED_ERR_MAX];
	size_t i;

	err[0] = '\0';
	if (credentials_load(&cr, cert, key, err, sizeof err) == 0) {
		assert(cr.chain_len >= 1 && cr.chain_len <= PEM_OBJECTS_MAX);
		for (i = 0; i < cr.chain_len; i++)
			assert(cr.chain[i].data != NULL);
		assert(cr.key_type == BR_KEYTYPE_RSA || cr.key_type == BR_KEYTYPE_EC);
		credentials_wipe(&cr);
	} else {
		/* One line naming the file, and nothing left to wipe. */
		assert(err[0] != '\0' && strchr(err, '\n') == NULL);
		assert(cr.certs.arena_used == 0 && cr.keys.arena_used == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pem_source cert = { .fd = -1, .path = "cert.pem", .dirfd = -1 },
	    key = { .fd = -1, .path = "key.pem", .dirfd = -1 };
	size_t cut;

	if (size < 2)
		return 0;
	if (certfd < 0)
		certfd = memfd_create("fuzz-cert", MFD_CLOEXEC);
	if (keyfd < 0)
		keyfd = memfd_create("fuzz-key", MFD_CLOEXEC);
	assert(certfd >= 0 && keyfd >= 0);
	cut = ((size_t)data[0] << 8 | data[1]) % (size - 2 + 1);
	data += 2;
	size -= 2;
	cert.fd = certfd;
	key.fd = keyfd;

	if (fill(certfd, data, size) == 0)
		load(&cert, NULL);
	if (fill(certfd, data, cut) == 0 && fill(keyfd, data + cut, size - cut) == 0)
		load(&cert, &key);
	return 0;
}
