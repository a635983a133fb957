/* Unit tests for the modules of util.h (errors.c, mem.c, escape.c, file.c,
 * timefmt.c, parallel.c) and src/cli/atomic.c: TIME and DURATION parsing,
 * formatting, escaping, files written through a temporary name, work
 * shared by threads, the heap grown for a big input. */
#include <dirent.h>
#include <malloc.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <unistd.h>

#include "atomic.h"
#include "util.h"

static void test_time_parse(void **state)
{
	static const struct {
		const char *in;
		int ret;
		time_t want;
	} cases[] = {
		{ "2026-01-02T03:04:05Z", 0, 1767323045 },
		{ "2026-01-02t03:04:05z", 0, 1767323045 },
		{ "2026-01-02 03:04:05Z", 0, 1767323045 },
		{ "2026-01-02T03:04:05.123Z", 0, 1767323045 },
		{ "2026-01-02T05:04:05+02:00", 0, 1767323045 },
		{ "2026-01-02T01:04:05-02:00", 0, 1767323045 },
		{ "2024-02-29T00:00:00Z", 0, 1709164800 },
		{ "@0", 0, 0 },
		{ "@1767323045", 0, 1767323045 },
		{ "@-1", 0, -1 },
		{ "", -1, 0 },
		{ "@", -1, 0 },
		{ "@12x", -1, 0 },
		{ "2026-01-02", -1, 0 },
		{ "2026-01-02T03:04:05", -1, 0 },          /* no zone: ambiguous */
		{ "2026-01-02T03:04:05Zjunk", -1, 0 },
		{ "2026-13-02T03:04:05Z", -1, 0 },
		{ "2026-02-29T00:00:00Z", -1, 0 },         /* not a leap year */
		{ "2026-01-32T00:00:00Z", -1, 0 },
		{ "2026-01-02T24:00:00Z", -1, 0 },
		{ "2026-01-02T03:04:05+2:00", -1, 0 },
		{ "2026-01-02T03:04:05.Z", -1, 0 },
		{ "tomorrow", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		time_t t = 42;
		int r = cc_time_parse(cases[i].in, &t);
		if (r != cases[i].ret)
			fail_msg("cc_time_parse(\"%s\") returned %d", cases[i].in, r);
		if (r == 0 && t != cases[i].want)
			fail_msg("cc_time_parse(\"%s\") gave %lld, want %lld", cases[i].in,
				 (long long)t, (long long)cases[i].want);
	}
}

static void test_time_format(void **state)
{
	char buf[32];
	(void)state;
	assert_string_equal(cc_time_format(1767323045, buf, sizeof(buf)), "2026-01-02T03:04:05Z");
	assert_string_equal(cc_time_format(0, buf, sizeof(buf)), "1970-01-01T00:00:00Z");
	/* Years outside 0000..9999 have no RFC 3339 form: @EPOCH, which
	 * cc_time_parse reads back (fuzz/regressions/time/year-0026-round-trip:
	 * strftime printed "26-01-02T..."). */
	static const char *const round_trip[] = {
		"0026-01-02T03:04:05Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
		"@-99999999999", "@999999999999",
	};
	for (size_t i = 0; i < sizeof(round_trip) / sizeof(round_trip[0]); i++) {
		time_t t, back;
		assert_int_equal(cc_time_parse(round_trip[i], &t), 0);
		assert_int_equal(cc_time_parse(cc_time_format(t, buf, sizeof(buf)), &back), 0);
		if (back != t)
			fail_msg("%s: %s read back as %lld", round_trip[i], buf, (long long)back);
	}
	assert_string_equal(cc_time_format(-61346580955, buf, sizeof(buf)), "0026-01-02T03:04:05Z");
	assert_string_equal(cc_time_format(999999999999, buf, sizeof(buf)), "@999999999999");
}

static void test_duration_parse(void **state)
{
	static const struct {
		const char *in;
		int ret;
		int64_t want;
	} cases[] = {
		{ "90m", 0, 5400 },   { "12h", 0, 43200 },    { "30d", 0, 2592000 },
		{ "45s", 0, 45 },     { "2w", 0, 1209600 },   { "1d12h", 0, 129600 },
		{ "0s", 0, 0 },       { "", -1, 0 },          { "12", -1, 0 },
		{ "h", -1, 0 },       { "12x", -1, 0 },       { "-5m", -1, 0 },
		{ "1.5h", -1, 0 },    { "12h ", -1, 0 },      { " 12h", -1, 0 },
		{ "99999999999999999999d", -1, 0 },           { "400000d", -1, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t s = -7;
		int r = cc_duration_parse(cases[i].in, &s);
		if (r != cases[i].ret)
			fail_msg("cc_duration_parse(\"%s\") returned %d", cases[i].in, r);
		if (r == 0 && s != cases[i].want)
			fail_msg("cc_duration_parse(\"%s\") gave %lld", cases[i].in, (long long)s);
	}
}

static void test_duration_format(void **state)
{
	static const struct {
		int64_t in;
		const char *want;
	} cases[] = {
		{ 0, "0s" },          { 59, "59s" },        { 61, "1m 1s" },
		{ 3600, "1h 0m" },    { 86399, "23h 59m" }, { 86400, "1d 0h" },
		{ 31536000, "365d 0h" }, { -7200, "-2h 0m" }, { INT64_MIN, "-106751991167300d 15h" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char buf[48];
		assert_string_equal(cc_duration_format(cases[i].in, buf, sizeof(buf)), cases[i].want);
	}
}

static void test_escape_and_hex(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} cases[] = {
		{ "plain", 5, "plain" },
		{ "a\nb", 3, "a\\x0ab" },
		{ "nul\0x", 5, "nul\\x00x" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },       /* valid UTF-8 stays */
		{ "bad\xff", 4, "bad\\xff" },
		{ "cut\xc3", 4, "cut\\xc3" },
		{ "esc\x1b[31m", 8, "esc\\x1b[31m" },      /* no terminal escapes */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = cc_escape(cases[i].in, cases[i].len);
		assert_string_equal(s, cases[i].want);
		free(s);
	}
	char *h = cc_hex((const unsigned char *)"\x01\xab\xff", 3, ':');
	assert_string_equal(h, "01:ab:ff");
	free(h);
	h = cc_hex((const unsigned char *)"\x01\xab", 2, 0);
	assert_string_equal(h, "01ab");
	free(h);
}

static void test_error_format(void **state)
{
	struct cc_error err = CC_ERROR_INIT;
	(void)state;
	assert_int_equal(cc_error_set(&err, CC_USAGE, "a.pem", "line %d: bad", 3), -1);
	assert_string_equal(err.msg, "a.pem: line 3: bad");
	assert_int_equal(err.status, CC_USAGE);
	cc_error_prefix(&err, "check");
	assert_string_equal(err.msg, "check: a.pem: line 3: bad");
	cc_error_set(&err, CC_NO_CHAIN, NULL, "plain");
	assert_string_equal(err.msg, "plain");
	/* Names from the input or the command line never put a control byte
	 * on the terminal (fuzz/regressions/source-parse/control-byte-in-spec). */
	cc_error_set(&err, CC_USAGE, "#\x03", "empty file %s", "name\x1b[31m\xff");
	assert_string_equal(err.msg, "#\\x03: empty file name\\x1b[31m\\xff");
	cc_error_prefix(&err, "a\nb");
	assert_string_equal(err.msg, "a\\x0ab: #\\x03: empty file name\\x1b[31m\\xff");
	/* A message cut at the buffer's end holds no raw byte either. */
	static char long_where[2000];
	memset(long_where, 'a', sizeof(long_where));
	memcpy(long_where + sizeof(err.msg) - 2, "\xc3\xa9", 2);
	long_where[1999] = '\0';
	cc_error_set(&err, CC_USAGE, NULL, "%s", long_where);
	char *again = cc_escape(err.msg, strlen(err.msg));
	assert_string_equal(again, err.msg);   /* nothing raw left to escape */
	free(again);
	memmove(long_where, "\n", 1);         /* an escape makes it longer */
	cc_error_set(&err, CC_USAGE, NULL, "%s", long_where);
	again = cc_escape(err.msg, strlen(err.msg));
	assert_string_equal(again, err.msg);
	free(again);
	/* A place too long to name in full keeps its start and its end, and
	 * the reason after it (it used to be dropped, leaving only "line 1"). */
	memset(long_where, 'w', sizeof(long_where));
	memcpy(long_where, "file.json: ", 11);
	memcpy(long_where + 1500, "data[\"x.pem\"]", 14);
	long_where[1514] = '\0';
	cc_error_set(&err, CC_USAGE, long_where, "line %d: malformed BEGIN line", 1);
	assert_true(strncmp(err.msg, "file.json: www", 14) == 0);
	assert_non_null(strstr(err.msg, "www...www"));
	const char *end = "www" "data[\"x.pem\"]: line 1: malformed BEGIN line";
	assert_string_equal(err.msg + strlen(err.msg) - strlen(end), end);
	assert_true(strlen(err.msg) < 800);
}

static void test_shorten(void **state)
{
	(void)state;
	static const struct {
		const char *in;
		size_t max, tail;
		const char *out;
	} cases[] = {
		{ "", 10, 2, "" },
		{ "0123456789", 10, 2, "0123456789" },       /* at the limit: whole */
		{ "0123456789a", 10, 2, "01234...9a" },      /* one over: 10 bytes */
		{ "abcdefghijklmnop.pem", 12, 4, "abcde....pem" },
		/* cut between characters: "é" is 2 bytes, never split */
		{ "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 9, 3, "\xc3\xa9...\xc3\xa9" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = cc_shorten(cases[i].in, cases[i].max, cases[i].tail);
		assert_string_equal(got, cases[i].out);
		assert_true(strlen(got) <= cases[i].max);
		free(got);
	}
}

/* Entries of DIR other than . and .. */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	assert_non_null(d);
	for (struct dirent *e; (e = readdir(d));)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

/* Sorted by string, then position; a lookup finds a string's lowest
 * position, and nothing for a string not there. */
static void test_keyed(void **state)
{
	(void)state;
	struct cc_keyed v[] = { { "b", 4 }, { "a", 3 }, { "b", 1 }, { "c", 0 }, { "a", 2 } };
	size_t n = sizeof(v) / sizeof(v[0]);
	cc_keyed_sort(v, n);
	static const struct {
		const char *key;
		size_t index, pos;   /* index N: absent */
	} cases[] = {
		{ "a", 0, 2 }, { "b", 2, 1 }, { "c", 4, 0 }, { "", 5, 0 }, { "bb", 5, 0 }, { "d", 5, 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t at = cc_keyed_find(v, n, cases[i].key);
		if (at != cases[i].index)
			fail_msg("case %zu (\"%s\"): index %zu, want %zu", i, cases[i].key, at, cases[i].index);
		if (at < n && v[at].pos != cases[i].pos)
			fail_msg("case %zu (\"%s\"): position %zu, want %zu", i, cases[i].key, v[at].pos,
				 cases[i].pos);
	}
	assert_int_equal(v[1].pos, 3);
	assert_int_equal(v[3].pos, 4);
	assert_int_equal(cc_keyed_find(v, 0, "a"), 0);

	/* lower bound: where KEY would go, so a prefix's keys follow it */
	static const struct {
		const char *key;
		size_t index;
	} bounds[] = { { "", 0 }, { "a", 0 }, { "aa", 2 }, { "b", 2 }, { "bb", 4 }, { "c", 4 }, { "d", 5 } };
	for (size_t i = 0; i < sizeof(bounds) / sizeof(bounds[0]); i++) {
		size_t at = cc_keyed_lower_bound(v, n, bounds[i].key);
		if (at != bounds[i].index)
			fail_msg("lower bound of \"%s\": %zu, want %zu", bounds[i].key, at, bounds[i].index);
	}
}

static void count_call(void *ctx, size_t i)
{
	unsigned char *seen = ctx;
	__atomic_add_fetch(&seen[i], 1, __ATOMIC_RELAXED);
}

/* Every index once, whatever the threads and the sizes. */
static void test_parallel(void **state)
{
	(void)state;
	static const struct {
		size_t n, min;
		unsigned threads;   /* 0: cc_parallel_for */
	} cases[] = {
		{ 0, 0, 0 }, { 1, 0, 0 }, { 1000, 0, 0 }, { 1000, 5000, 0 }, { 0, 0, 4 },
		{ 3, 0, 8 }, { 1000, 0, 1 }, { 1000, 0, 4 }, { 5000, 0, 16 },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		unsigned char *seen = cc_xcalloc(cases[c].n + 1, 1);
		if (cases[c].threads)
			cc_parallel_run(cases[c].n, cases[c].threads, count_call, seen);
		else
			cc_parallel_for(cases[c].n, cases[c].min, count_call, seen);
		for (size_t i = 0; i < cases[c].n; i++)
			if (seen[i] != 1)
				fail_msg("case %zu: index %zu called %u times", c, i, seen[i]);
		assert_int_equal(seen[cases[c].n], 0);
		free(seen);
	}
	assert_true(cc_threads() >= 1 && cc_threads() <= CC_MAX_THREADS);
}

/* Whether the kernel would give this process transparent huge pages where
 * it asks for them (mode "always" or "madvise"). */
static bool thp_possible(void)
{
	char mode[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (!f)
		return false;
	bool ok = fgets(mode, sizeof(mode), f) && !strstr(mode, "[never]");
	fclose(f);
	return ok;
}

/* The bytes of this process's [heap] mappings that smaps says may take
 * huge pages ("THPeligible: 1"). */
static size_t heap_thp_bytes(void)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	assert_non_null(f);
	char line[512];
	size_t bytes = 0, size = 0;
	bool heap = false;
	while (fgets(line, sizeof(line), f)) {
		uintptr_t from, to;
		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " ", &from, &to) == 2 && strchr(line, ' ')) {
			heap = strstr(line, "[heap]") != NULL;
			size = to - from;
		} else if (heap && strncmp(line, "THPeligible:", 12) == 0 && atoi(line + 12) == 1) {
			bytes += size;
		}
	}
	fclose(f);
	return bytes;
}

static void test_big_input(void **state)
{
	(void)state;
	const size_t input = (size_t)16 << 20;
	assert_false(cc_mem_big_input(CC_MEM_BIG_INPUT - 1));
	bool did = cc_mem_big_input(input);
	if (!CC_MEM_TUNES_MALLOC) {
		/* A sanitizer's allocator: left alone. */
		assert_false(did);
		return;
	}
	assert_true(did);
	/* The heap has grown by three times the input, free at its top. */
	assert_true(mallinfo2().keepcost >= 3 * input);
	/* Blocks come from it, and it is marked for huge pages. */
	char *p = cc_xmalloc((size_t)4 << 20);
	memset(p, 1, (size_t)4 << 20);
	if (thp_possible())
		assert_true(heap_thp_bytes() >= 3 * input - ((size_t)4 << 20));
	free(p);
	/* Once per process. */
	assert_false(cc_mem_big_input(input));
}

static void test_tmpfile_write_commit(void **state)
{
	static const struct {
		const char *old;     /* content already at PATH, or NULL */
		bool sync, exclusive;
		int ret;
		const char *after;   /* content of PATH afterwards */
		const char *msg;     /* error message suffix, when ret < 0 */
	} cases[] = {
		{ NULL, false, true, 0, "new", NULL },
		{ NULL, true, true, 0, "new", NULL },
		{ "old", false, true, -1, "old", "exists already (use --force to replace it)" },
		{ "old", false, false, 0, "new", NULL },
		{ "old", true, false, 0, "new", NULL },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char dir[] = "/tmp/test-util-XXXXXX";
		assert_non_null(mkdtemp(dir));
		char *path = cc_xasprintf("%s/cert-1.pem", dir);
		struct cc_error err = CC_ERROR_INIT;
		if (cases[i].old)
			assert_int_equal(cc_write_file_atomic(path, cases[i].old, 3, true, &err), 0);

		char *tmp = NULL;
		assert_int_equal(cc_tmpfile_write(path, "new", 3, cases[i].sync, &tmp, &err), 0);
		assert_non_null(tmp);
		assert_int_equal(count_files(dir), cases[i].old ? 2 : 1);
		assert_int_equal(cc_tmpfile_commit(tmp, path, cases[i].exclusive, &err), cases[i].ret);
		if (cases[i].msg)
			assert_non_null(strstr(err.msg, cases[i].msg));
		assert_int_equal(count_files(dir), 1); /* the temporary file is gone */

		char *data = NULL;
		size_t len = 0;
		assert_int_equal(cc_read_file(path, &data, &len, &err), 0);
		assert_int_equal(len, 3);
		assert_memory_equal(data, cases[i].after, 3);
		free(data);
		unlink(path);
		rmdir(dir);
		free(tmp);
		free(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_duration_parse),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_escape_and_hex),
		cmocka_unit_test(test_error_format),
		cmocka_unit_test(test_shorten),
		cmocka_unit_test(test_tmpfile_write_commit),
		cmocka_unit_test(test_keyed),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test(test_big_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
