/* http-fetch.c: one bounded HTTP exchange through libcurl (http-fetch.h). */
#include "http-fetch.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

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
	/* counted (and thread-safe since libcurl 7.84): paired below, so
	 * nothing of libcurl outlives the exchange */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return cc_error_set(err, CC_FAILED, url, "libcurl does not initialise");
	CURL *c = curl_easy_init();
	if (!c) {
		cc_error_set(err, CC_FAILED, url, "libcurl does not initialise");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* "" turns off the environment's http_proxy and no_proxy: only what the
	 * user named, for every host */
	curl_easy_setopt(c, CURLOPT_PROXY, o->proxy ? o->proxy : "");
	curl_easy_setopt(c, CURLOPT_NOPROXY, "");
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)s.max);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "certcheck");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	if (body) {
		char *type = cc_xasprintf("Content-Type: %s", content_type);
		headers = curl_slist_append(headers, type);
		free(type);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)body_len);
	}
	CURLcode r = curl_easy_perform(c);
	if (s.too_big || r == CURLE_FILESIZE_EXCEEDED) {
		cc_error_set(err, CC_FAILED, url, "the response is larger than %zu bytes", s.max);
		goto out;
	}
	if (r != CURLE_OK) {
		cc_error_set(err, CC_FAILED, url, "%s", curl_err[0] ? curl_err : curl_easy_strerror(r));
		goto out;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		cc_error_set(err, CC_FAILED, url, "the server answered HTTP status %ld", code);
		goto out;
	}
	*out = cc_buf_detach(&s.body, len);
	ret = 0;
out:
	cc_buf_release(&s.body);
	curl_slist_free_all(headers);
	if (c)
		curl_easy_cleanup(c);
	curl_global_cleanup();
	return ret;
}
