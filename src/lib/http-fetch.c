/* http-fetch.c: one bounded HTTP exchange through libcurl (http-fetch.h).
 *
 * libcurl is opened with dlopen(3) the first time a URL is fetched, not
 * linked: it brings some twenty libraries (Kerberos, LDAP, SSH, RTMP,
 * HTTP/2, brotli...) whose loading was half of every run's start-up
 * (docs/benchmarks.md, scenario 1), while only --fetch-intermediates and
 * --ocsp use it.  As report-junit.c does for libxml2. */
#include "http-fetch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "dl.h"

/* The soname of Debian's libcurl3-gnutls (what libcurl4-gnutls-dev links). */
#define LIBCURL_SONAME "libcurl-gnutls.so.4"

/* Each libcurl function used: a pointer sym_NAME typed by libcurl's own
 * header, and its entry in the table cc_dl_open fills. */
#define CURL_SYMS(X) \
	X(curl_global_init) \
	X(curl_global_cleanup) \
	X(curl_easy_init) \
	X(curl_easy_setopt) \
	X(curl_easy_perform) \
	X(curl_easy_getinfo) \
	X(curl_easy_strerror) \
	X(curl_easy_cleanup) \
	X(curl_slist_append) \
	X(curl_slist_free_all)

/* curl.h may wrap the variadic ones in type-checking macros: the names
 * below are the functions. */
#undef curl_easy_setopt
#undef curl_easy_getinfo
CC_DL_LIBRARY(curl_lib, CURL_SYMS, LIBCURL_SONAME,
	      "fetching over HTTP needs the libcurl3-gnutls package");

bool cc_http_url_ok(const char *url)
{
	static const char scheme[] = "http://";
	return url && strncasecmp(url, scheme, sizeof(scheme) - 1) == 0 &&
	       url[sizeof(scheme) - 1] != '\0' && url[sizeof(scheme) - 1] != '/' &&
	       !strpbrk(url, " \t\r\n");
}

struct sink {
	struct cc_buf body;
	size_t max;
	bool too_big;
};

static size_t sink_write(char *data, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	if (s->body.len + len > s->max) {
		s->too_big = true;
		return 0;   /* libcurl ends the transfer (CURLE_WRITE_ERROR) */
	}
	cc_buf_add(&s->body, data, len);
	return len;
}

int cc_http_fetch(const char *url, const struct cc_http_options *o, const void *body, size_t body_len,
		  const char *content_type, char **out, size_t *len, struct cc_error *err)
{
	struct sink s = { CC_BUF_INIT, o->max_bytes ? o->max_bytes : CC_HTTP_MAX_BYTES, false };
	struct curl_slist *headers = NULL;
	char curl_err[CURL_ERROR_SIZE] = "";
	long code = 0;
	int ret = -1;

	if (!cc_http_url_ok(url))
		return cc_error_set(err, CC_FAILED, url, "not an http:// URL (only plain HTTP is fetched)");
	const char *missing = cc_dl_open(&curl_lib);
	if (missing)
		return cc_error_set(err, CC_FAILED, url, "%s", missing);
	/* counted (and thread-safe since libcurl 7.84): paired below, so
	 * nothing of libcurl outlives the exchange */
	if (sym_curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return cc_error_set(err, CC_FAILED, url, "libcurl does not initialise");
	CURL *c = sym_curl_easy_init();
	if (!c) {
		cc_error_set(err, CC_FAILED, url, "libcurl does not initialise");
		goto out;
	}
	sym_curl_easy_setopt(c, CURLOPT_URL, url);
	sym_curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	sym_curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	sym_curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* "" turns off the environment's http_proxy and no_proxy: only what the
	 * user named, for every host */
	sym_curl_easy_setopt(c, CURLOPT_PROXY, o->proxy ? o->proxy : "");
	sym_curl_easy_setopt(c, CURLOPT_NOPROXY, "");
	sym_curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	sym_curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)o->timeout_ms);
	sym_curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s.max);
	sym_curl_easy_setopt(c, CURLOPT_USERAGENT, "certcheck");
	sym_curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	sym_curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	sym_curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	if (body) {
		char *type = cc_xasprintf("Content-Type: %s", content_type);
		headers = sym_curl_slist_append(headers, type);
		free(type);
		sym_curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
		sym_curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		sym_curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
	}
	CURLcode r = sym_curl_easy_perform(c);
	if (s.too_big || r == CURLE_FILESIZE_EXCEEDED) {
		cc_error_set(err, CC_FAILED, url, "the response is larger than %zu bytes", s.max);
		goto out;
	}
	if (r != CURLE_OK) {
		cc_error_set(err, CC_FAILED, url, "%s", curl_err[0] ? curl_err : sym_curl_easy_strerror(r));
		goto out;
	}
	sym_curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		cc_error_set(err, CC_FAILED, url, "the server answered HTTP status %ld", code);
		goto out;
	}
	*out = cc_buf_detach(&s.body, len);
	ret = 0;
out:
	cc_buf_release(&s.body);
	sym_curl_slist_free_all(headers);
	if (c)
		sym_curl_easy_cleanup(c);
	sym_curl_global_cleanup();
	return ret;
}
