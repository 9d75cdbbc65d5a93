/* The cipher suites tlswrap offers, in server preference order, the BearSSL
 * algorithms they need, and their OpenSSL-style names for SSL_CIPHER. */
#ifndef TLSWRAP_SUITES_H
#define TLSWRAP_SUITES_H

#include <bearssl.h>
#include <stddef.h>
#include <stdint.h>

#define SUITES_MAX 16

/* Fill out[] with the suites to offer: ECDHE with AES-GCM and
 * ChaCha20-Poly1305 (AES-GCM first when the CPU has AES-NI, ChaCha20 first
 * otherwise), then, when allow_cbc is set, ECDHE with AES-CBC.  Returns the
 * count. */
size_t suites_select(uint16_t out[SUITES_MAX], int allow_cbc);

/* Install on eng the hashes, PRFs, ciphers and EC code those suites need
 * (with allow_cbc: AES-CBC too), and nothing more. */
void suites_algorithms(br_ssl_engine_context *eng, int allow_cbc);

/* OpenSSL-style name of a suite, or NULL when unknown. */
const char *suite_name(uint16_t id);

#endif
