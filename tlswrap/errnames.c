#include "errnames.h"

#include <bearssl.h>
#include <stdio.h>

struct code_name {
	int code;
	const char *name;
	const char *why;
};

#define E(n, why) { n, #n, why }
static const struct code_name ssl_errors[] = {
	E(BR_ERR_BAD_PARAM, "bad parameter"),
	E(BR_ERR_BAD_STATE, "engine in bad state"),
	E(BR_ERR_UNSUPPORTED_VERSION, "client offers no supported protocol version (TLS 1.2 only)"),
	E(BR_ERR_BAD_VERSION, "record with wrong protocol version (not TLS?)"),
	E(BR_ERR_BAD_LENGTH, "record with bad length (not TLS?)"),
	E(BR_ERR_TOO_LARGE, "record too large"),
	E(BR_ERR_BAD_MAC, "record failed authentication"),
	E(BR_ERR_NO_RANDOM, "no entropy source"),
	E(BR_ERR_UNKNOWN_TYPE, "unknown record type (not TLS?)"),
	E(BR_ERR_UNEXPECTED, "unexpected message"),
	E(BR_ERR_BAD_CCS, "bad ChangeCipherSpec"),
	E(BR_ERR_BAD_ALERT, "bad alert"),
	E(BR_ERR_BAD_HANDSHAKE, "malformed handshake message"),
	E(BR_ERR_OVERSIZED_ID, "oversized session ID"),
	E(BR_ERR_BAD_CIPHER_SUITE, "no cipher suite in common"),
	E(BR_ERR_BAD_COMPRESSION, "no supported compression"),
	E(BR_ERR_BAD_FRAGLEN, "bad maximum fragment length"),
	E(BR_ERR_BAD_SECRENEG, "secure renegotiation failure"),
	E(BR_ERR_EXTRA_EXTENSION, "unexpected extension"),
	E(BR_ERR_BAD_SNI, "malformed server name"),
	E(BR_ERR_BAD_HELLO_DONE, "bad ServerHelloDone"),
	E(BR_ERR_LIMIT_EXCEEDED, "internal limit exceeded"),
	E(BR_ERR_BAD_FINISHED, "bad Finished message"),
	E(BR_ERR_RESUME_MISMATCH, "session resumption mismatch"),
	E(BR_ERR_INVALID_ALGORITHM, "unsupported algorithm"),
	E(BR_ERR_BAD_SIGNATURE, "bad signature"),
	E(BR_ERR_WRONG_KEY_USAGE, "key usage forbids this suite"),
	E(BR_ERR_NO_CLIENT_AUTH, "client certificate required"),
	E(BR_ERR_IO, "I/O error"),
	E(BR_ERR_X509_INVALID_VALUE, "invalid value"),
	E(BR_ERR_X509_TRUNCATED, "truncated"),
	E(BR_ERR_X509_EMPTY_CHAIN, "empty chain"),
	E(BR_ERR_X509_INNER_TRUNC, "inner element truncated"),
	E(BR_ERR_X509_BAD_TAG_CLASS, "bad DER tag class"),
	E(BR_ERR_X509_BAD_TAG_VALUE, "bad DER tag"),
	E(BR_ERR_X509_INDEFINITE_LENGTH, "indefinite length"),
	E(BR_ERR_X509_EXTRA_ELEMENT, "extra element"),
	E(BR_ERR_X509_UNEXPECTED, "unexpected element"),
	E(BR_ERR_X509_NOT_CONSTRUCTED, "not constructed"),
	E(BR_ERR_X509_NOT_PRIMITIVE, "not primitive"),
	E(BR_ERR_X509_PARTIAL_BYTE, "partial byte in BIT STRING"),
	E(BR_ERR_X509_BAD_BOOLEAN, "bad BOOLEAN"),
	E(BR_ERR_X509_OVERFLOW, "value overflow"),
	E(BR_ERR_X509_BAD_DN, "bad distinguished name"),
	E(BR_ERR_X509_BAD_TIME, "bad time"),
	E(BR_ERR_X509_UNSUPPORTED, "unsupported algorithm or key type"),
	E(BR_ERR_X509_LIMIT_EXCEEDED, "internal limit exceeded"),
	E(BR_ERR_X509_WRONG_KEY_TYPE, "wrong key type"),
	E(BR_ERR_X509_BAD_SIGNATURE, "bad signature"),
	E(BR_ERR_X509_TIME_UNKNOWN, "time unknown"),
	E(BR_ERR_X509_EXPIRED, "expired or not yet valid"),
	E(BR_ERR_X509_DN_MISMATCH, "issuer/subject mismatch"),
	E(BR_ERR_X509_BAD_SERVER_NAME, "server name mismatch"),
	E(BR_ERR_X509_CRITICAL_EXTENSION, "unknown critical extension"),
	E(BR_ERR_X509_NOT_CA, "issuer is not a CA"),
	E(BR_ERR_X509_FORBIDDEN_KEY_USAGE, "key usage forbids it"),
	E(BR_ERR_X509_WEAK_PUBLIC_KEY, "public key too weak"),
	E(BR_ERR_X509_NOT_TRUSTED, "not trusted"),
};
#undef E

#define A(n, name) { n, name, NULL }
static const struct code_name alerts[] = {
	A(BR_ALERT_CLOSE_NOTIFY, "close_notify"),
	A(BR_ALERT_UNEXPECTED_MESSAGE, "unexpected_message"),
	A(BR_ALERT_BAD_RECORD_MAC, "bad_record_mac"),
	A(BR_ALERT_RECORD_OVERFLOW, "record_overflow"),
	A(BR_ALERT_DECOMPRESSION_FAILURE, "decompression_failure"),
	A(BR_ALERT_HANDSHAKE_FAILURE, "handshake_failure"),
	A(BR_ALERT_BAD_CERTIFICATE, "bad_certificate"),
	A(BR_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate"),
	A(BR_ALERT_CERTIFICATE_REVOKED, "certificate_revoked"),
	A(BR_ALERT_CERTIFICATE_EXPIRED, "certificate_expired"),
	A(BR_ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown"),
	A(BR_ALERT_ILLEGAL_PARAMETER, "illegal_parameter"),
	A(BR_ALERT_UNKNOWN_CA, "unknown_ca"),
	A(BR_ALERT_ACCESS_DENIED, "access_denied"),
	A(BR_ALERT_DECODE_ERROR, "decode_error"),
	A(BR_ALERT_DECRYPT_ERROR, "decrypt_error"),
	A(BR_ALERT_PROTOCOL_VERSION, "protocol_version"),
	A(BR_ALERT_INSUFFICIENT_SECURITY, "insufficient_security"),
	A(BR_ALERT_INTERNAL_ERROR, "internal_error"),
	A(BR_ALERT_USER_CANCELED, "user_canceled"),
	A(BR_ALERT_NO_RENEGOTIATION, "no_renegotiation"),
	A(BR_ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension"),
	A(BR_ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol"),
	{ 112, "unrecognized_name", NULL },
};
#undef A

static const struct code_name *
lookup(const struct code_name *t, size_t n, int code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return &t[i];
	return NULL;
}

#define LOOKUP(t, c) lookup(t, sizeof t / sizeof t[0], c)

void
tls_error_describe(int err, char *buf, unsigned long size)
{
	const struct code_name *e;
	const char *dir;
	int alert;

	if (err >= BR_ERR_RECV_FATAL_ALERT && err < BR_ERR_SEND_FATAL_ALERT + 256) {
		dir = err >= BR_ERR_SEND_FATAL_ALERT ? "SEND" : "RECV";
		alert = err & 0xff;
		e = LOOKUP(alerts, alert);
		(void)snprintf(buf, size, "BR_ERR_%s_FATAL_ALERT (%s alert %d%s%s)",
		    dir, dir[0] == 'S' ? "sent" : "received", alert,
		    e != NULL ? " " : "", e != NULL ? e->name : "");
		return;
	}
	e = LOOKUP(ssl_errors, err);
	if (e != NULL)
		(void)snprintf(buf, size, "%s (%s)", e->name, e->why);
	else
		(void)snprintf(buf, size, "BearSSL error %d", err);
}
