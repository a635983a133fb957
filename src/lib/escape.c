/* escape.c: see escape.h. */
#include "escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

char *cc_hex(const unsigned char *data, size_t len, char sep)
{
	static const char digits[] = "0123456789abcdef";
	char *out = cc_xmalloc(len * 3 + 1);
	char *p = out;
	for (size_t i = 0; i < len; i++) {
		if (sep && i)
			*p++ = sep;
		*p++ = digits[data[i] >> 4];
		*p++ = digits[data[i] & 15];
	}
	*p = '\0';
	return out;
}

/* Length of the valid UTF-8 sequence at S (at most N bytes), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t len;
	if (s[0] < 0x80)
		return 1;
	else if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

char *cc_shorten(const char *s, size_t max, size_t tail)
{
	size_t len = strlen(s);
	if (len <= max)
		return cc_xstrdup(s);
	size_t head = max - tail - 3, from = len - tail;
	while (head && ((unsigned char)s[head] & 0xc0) == 0x80)
		head--;
	while (from < len && ((unsigned char)s[from] & 0xc0) == 0x80)
		from++;
	return cc_xasprintf("%.*s...%s", (int)head, s, s + from);
}

char *cc_escape(const char *s, size_t len)
{
	struct cc_buf b = CC_BUF_INIT;
	const unsigned char *u = (const unsigned char *)s;
	/* Most text needs no escape: copy it at its size (a bundle holds
	 * tens of thousands of these strings). */
	size_t clean = 0;
	while (clean < len) {
		size_t n = utf8_seq(u + clean, len - clean);
		if (n == 0 || (n == 1 && (u[clean] < 0x20 || u[clean] == 0x7f)))
			break;
		clean += n;
	}
	if (clean == len)
		return cc_xstrndup(s, len);
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(u + i, len - i);
		if (n == 1 && (u[i] < 0x20 || u[i] == 0x7f))
			n = 0;
		if (n == 0) {
			cc_buf_addf(&b, "\\x%02x", u[i]);
			i++;
		} else {
			cc_buf_add(&b, u + i, n);
			i += n;
		}
	}
	return cc_buf_detach(&b, NULL);
}
