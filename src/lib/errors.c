/* errors.c: see errors.h. */
#include "errors.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mem.h"

/* Store TEXT (which may be ERR->msg itself) as ERR's message.  Messages go
 * to a terminal and name files and inputs the user did not write: no
 * control byte or broken UTF-8 gets through raw, and a cut is made between
 * two characters. */
static void set_msg(struct cc_error *err, const char *text)
{
	char *safe = cc_escape(text, strlen(text));
	size_t len = strlen(safe);
	if (len >= sizeof(err->msg)) {
		len = sizeof(err->msg) - 1;
		while (len && ((unsigned char)safe[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(err->msg, safe, len);
	err->msg[len] = '\0';
	free(safe);
}

/* The longest place a message names in full; a longer one (a deep key
 * path, a long file name) keeps its start and its end around "...", so the
 * reason after it still fits. */
#define WHERE_MAX 720
#define WHERE_TAIL 160

int cc_error_setv(struct cc_error *err, enum cc_status status, const char *where,
		  const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->status = status;
	int n = 0;
	if (where && *where) {
		char *w = cc_shorten(where, WHERE_MAX, WHERE_TAIL);
		n = snprintf(err->msg, sizeof(err->msg), "%s: ", w);
		free(w);
	}
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		n = 0;
	vsnprintf(err->msg + n, sizeof(err->msg) - (size_t)n, fmt, ap);
	set_msg(err, err->msg);
	return -1;
}

int cc_error_set(struct cc_error *err, enum cc_status status, const char *where,
		 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cc_error_setv(err, status, where, fmt, ap);
	va_end(ap);
	return -1;
}

void cc_error_prefix(struct cc_error *err, const char *prefix)
{
	if (!err || !prefix || !*prefix)
		return;
	char *msg = cc_xasprintf("%s: %s", prefix, err->msg);
	set_msg(err, msg);
	free(msg);
}
