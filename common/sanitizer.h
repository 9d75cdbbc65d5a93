/* sanitizer.h: SANITIZER_BUILD is defined when the program is built with
 * AddressSanitizer (make SANITIZE=1, gcc or clang; the fuzz harnesses).
 * Its run time needs system calls a seccomp filter would forbid and reads
 * /proc at exit, so both programs' sandboxes loosen or skip. */
#ifndef COMMON_SANITIZER_H
#define COMMON_SANITIZER_H

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

#endif
