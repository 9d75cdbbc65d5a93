/* list.h: comma-separated field values (RFC 9110 5.6.1) and tokens. */
#ifndef LIST_H
#define LIST_H

#include <stddef.h>

/*
 * Next element of the list at *sp: optional whitespace trimmed, empty
 * elements skipped, commas inside quoted strings kept.  Returns 1 and sets
 * [*el, *el + *len), or 0 at the end of the list.
 */
int list_next(const char **sp, const char **el, size_t *len);

/* Element [el, el+len) equals word, ignoring ASCII case. */
int token_eq(const char *el, size_t len, const char *word);

/* RFC 9110 tchar: may appear in a token (method, field name, coding). */
int is_tchar(int ch);

#endif
