/* Trust anchors for client certificates, from CAFILE (a PEM bundle) and
 * CADIR (a directory of PEM files). */
#ifndef TLSWRAP_ANCHORS_H
#define TLSWRAP_ANCHORS_H

#include <bearssl.h>

#define ANCHORS_MAX 1024

struct anchors {
	br_x509_trust_anchor ta[ANCHORS_MAX];
	size_t n;
};

/* Load CAFILE and CADIR (either may be NULL); exit 96 when a file cannot
 * be read or holds no usable certificate, or when both yield nothing. */
void anchors_load(struct anchors *a, const char *cafile, const char *cadir);

#endif
