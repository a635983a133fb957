/* file.h: reading an input file or standard input whole, within the
 * input limit (cc-limits.h).  Writing files is the command layer's
 * (src/cli/atomic.h). */
#ifndef CC_FILE_H
#define CC_FILE_H

#include <stddef.h>

#include "errors.h"

/* Read PATH ("-" is standard input) whole, at most CC_MAX_INPUT_BYTES.
 * The data is NUL-terminated (not counted in *LEN). */
int cc_read_file(const char *path, char **data, size_t *len, struct cc_error *err);

#endif
