/* BearSSL error codes and TLS alerts as names and short reasons, for logs. */
#ifndef TLSWRAP_ERRNAMES_H
#define TLSWRAP_ERRNAMES_H

/* Write "BR_ERR_NAME (reason)" for a br_ssl_engine_last_error() value into
 * buf (always terminated); alerts sent or received are named too. */
void tls_error_describe(int err, char *buf, unsigned long size);

#endif
