/* Unit tests for report-json.c's streaming writer: whatever is streamed
 * reads byte for byte as cc_json_dump of the same tree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

/* A document {"certcheck_json", "command", "at", "sources": [...]} whose
 * sources hold entries holding items, as show writes it. */
struct shape {
	size_t sources;
	size_t entries;  /* per source */
	size_t items;    /* per entry */
};

static json_t *item(size_t s, size_t e, size_t i)
{
	return json_pack("{s:i, s:s, s:[s, s], s:{s:o, s:b}}", "index", (json_int_t)i, "subject",
			 "O=Istio,CN=\"quoted\"\nnewline \\u0001", "sans", "DNS:a", "URI:spiffe://x",
			 "key", "curve", json_null(), "ca", (int)((s + e + i) % 2));
}

static json_t *entry_head(size_t e)
{
	return json_pack("{s:s, s:[], s:[s], s:[]}", "name", e ? "ROOTCA" : "default", "certificates",
			 "notes", "line 3: skipped a PRIVATE KEY block", "findings");
}

/* As show's source: a nested "tls" object before "entries", the source's
 * notes and error after it. */
static json_t *source_head(size_t s)
{
	return json_pack("{s:s, s:{s:s, s:{s:s, s:n}, s:[s]}, s:[], s:[s], s:n}", "source",
			 s ? "tls://b:443" : "a.pem", "tls", "address", "127.0.0.1:443", "handshake",
			 "status", "ok", "alert", "accepted_cas", "CN=\"entries\": [", "entries", "notes",
			 "line 9: \"entries\": \"\\u0001\"", "error");
}

static char *whole(const struct shape *sh)
{
	json_t *doc = cc_json_document("show", 0);
	json_t *sources = json_array();
	for (size_t s = 0; s < sh->sources; s++) {
		json_t *so = source_head(s);
		for (size_t e = 0; e < sh->entries; e++) {
			json_t *eo = entry_head(e);
			for (size_t i = 0; i < sh->items; i++)
				json_array_append_new(json_object_get(eo, "certificates"), item(s, e, i));
			json_array_append_new(json_object_get(so, "entries"), eo);
		}
		json_array_append_new(sources, so);
	}
	json_object_set_new(doc, "sources", sources);
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_int_equal(cc_json_dump(doc, fp), 0);
	fclose(fp);
	json_decref(doc);
	return buf;
}

/* add_many's maker: entry E of source S's item I. */
struct item_ctx {
	size_t s, e;
};

static json_t *make_item(const void *ctx, size_t i)
{
	const struct item_ctx *c = ctx;
	return item(c->s, c->e, i);
}

/* MANY: the items through cc_json_array_add_many (on every core when
 * there are enough of them), else one add each. */
static char *streamed(const struct shape *sh, bool many)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	json_t *doc = cc_json_document("show", 0);
	struct cc_json_array sources, entries, items;
	cc_json_array_begin(&sources, fp, doc, "sources", 0);
	for (size_t s = 0; s < sh->sources; s++) {
		json_t *so = source_head(s);
		cc_json_array_begin(&entries, fp, so, "entries", cc_json_array_next(&sources));
		for (size_t e = 0; e < sh->entries; e++) {
			json_t *eo = entry_head(e);
			cc_json_array_begin(&items, fp, eo, "certificates", cc_json_array_next(&entries));
			struct item_ctx ctx = { s, e };
			if (many)
				cc_json_array_add_many(&items, sh->items, make_item, &ctx);
			else
				for (size_t i = 0; i < sh->items; i++)
					cc_json_array_add(&items, item(s, e, i));
			cc_json_array_end(&items);
			json_decref(eo);
		}
		cc_json_array_end(&entries);
		json_decref(so);
	}
	cc_json_array_end(&sources);
	fputc('\n', fp);
	fclose(fp);
	json_decref(doc);
	return buf;
}

static void test_stream_matches_dump(void **state)
{
	static const struct shape shapes[] = {
		{ 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { 1, 1, 1 }, { 1, 2, 3 }, { 3, 2, 1 }, { 2, 1, 5 },
		{ 1, 1, 300 }, { 2, 2, 2500 },   /* add_many: in parallel, across batches */
	};
	(void)state;
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		char *a = whole(&shapes[k]), *b = streamed(&shapes[k], false),
		     *c = streamed(&shapes[k], true);
		assert_string_equal(b, a);
		assert_string_equal(c, a);
		free(a);
		free(b);
		free(c);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_matches_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
