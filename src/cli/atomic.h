/* atomic.h: writing output files whole or not at all (a temporary file
 * next to the target, then rename or link), for the commands that write
 * files (--output, split).  The core never writes files.
 */
#ifndef CC_ATOMIC_H
#define CC_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

#include "errors.h"

/* Write DATA to PATH atomically: a temporary file in the same directory,
 * fsync, then rename.  With EXCLUSIVE an existing PATH is an error and is
 * never replaced (link(2) is used, so no race). */
int cc_write_file_atomic(const char *path, const void *data, size_t len, bool exclusive,
			 struct cc_error *err);
/* The two halves of cc_write_file_atomic, for writers of many files that
 * sync once (syncfs) rather than per file: write DATA to a new temporary
 * file next to PATH (fsync it when SYNC) and return its name in *TMP
 * (caller frees); then give it its final name PATH.  The temporary file is
 * gone after either call fails and after the commit. */
int cc_tmpfile_write(const char *path, const void *data, size_t len, bool sync, char **tmp,
		     struct cc_error *err);
int cc_tmpfile_commit(const char *tmp, const char *path, bool exclusive, struct cc_error *err);

#endif
