/* replay.c: a main for the fuzz targets that needs no libFuzzer.
 *
 * Feeds every file named on the command line (and every file inside a
 * directory named there, dotfiles excepted) to LLVMFuzzerTestOneInput, so
 * the normal test suite replays the regression corpus with any compiler,
 * and under ASan/UBSan in build-asan/.  Exit 0 when every input ran; a
 * crash is a crash.  A missing path is an error, so a typo cannot hide the
 * corpus.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		perror(path);
		return -1;
	}
	size_t alloc = 4096, len = 0;
	uint8_t *data = malloc(alloc);
	size_t n;
	while (data && (n = fread(data + len, 1, alloc - len, fp)) > 0) {
		len += n;
		if (len == alloc) {
			uint8_t *bigger = realloc(data, alloc * 2);
			if (!bigger) {
				free(data);
				data = NULL;
				break;
			}
			data = bigger;
			alloc *= 2;
		}
	}
	int bad = ferror(fp) || !data;
	fclose(fp);
	if (bad) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(data);
		return -1;
	}
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

static int replay(const char *path, size_t *count)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		(*count)++;
		return replay_file(path);
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		return -1;
	}
	int ret = 0;
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			size_t size = strlen(path) + strlen(names[i]->d_name) + 2;
			char *child = malloc(size);
			if (!child || (snprintf(child, size, "%s/%s", path, names[i]->d_name),
				       replay(child, count) < 0))
				ret = -1;
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int ret = 0;
	for (int i = 1; i < argc; i++)
		if (replay(argv[i], &count) < 0)
			ret = 1;
	printf("replayed %zu inputs\n", count);
	return ret;
}
