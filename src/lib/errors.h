/* errors.h: struct cc_error and the exit statuses it maps to.
 *
 * Nothing in the core prints or exits: failures are returned as a struct
 * cc_error that the command layer turns into "certcheck: WHERE: WHAT" and
 * an exit status.  Owns the message text rules: no control byte or broken
 * UTF-8 gets through, a long WHERE is shortened around "...".
 */
#ifndef CC_ERRORS_H
#define CC_ERRORS_H

#include <stdarg.h>

/* Exit statuses: the contract of design.md. */
enum cc_status {
	CC_OK = 0,          /* everything checked holds */
	CC_FAILED = 1,      /* a check, verification or comparison failed */
	CC_USAGE = 2,       /* usage error, unreadable or malformed input */
	CC_NO_CHAIN = 3,    /* no chain could be obtained from a peer */
};

/* An error: the exit status it maps to and "WHERE: WHAT" text. */
struct cc_error {
	enum cc_status status;
	char msg[1024];
};
#define CC_ERROR_INIT { CC_OK, "" }

/* Fill ERR (when not NULL) and return -1, so "report and return" is one
 * line.  WHERE may be NULL; the message then has no location prefix. */
int cc_error_set(struct cc_error *err, enum cc_status status, const char *where,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
int cc_error_setv(struct cc_error *err, enum cc_status status, const char *where,
		  const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
/* Put PREFIX (e.g. a source name) in front of an error already set. */
void cc_error_prefix(struct cc_error *err, const char *prefix);

#endif
