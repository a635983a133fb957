/* util.h: the core's shared helpers, one header per concern, for files
 * that use several of them:
 *   errors.h    struct cc_error and the exit statuses
 *   mem.h       allocation, arrays, buffers, string vectors, keyed sets
 *   escape.h    hex, escaped and shortened strings
 *   file.h      reading an input whole
 *   timefmt.h   TIME and DURATION, parsed and printed
 *   parallel.h  how many threads share the work on a big input
 *   cc-limits.h limits that bound memory and time whatever the input
 * Nothing here prints or exits.  Writing files atomically is the command
 * layer's (src/cli/atomic.h).
 */
#ifndef CC_UTIL_H
#define CC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "errors.h"
#include "mem.h"
#include "escape.h"
#include "file.h"
#include "timefmt.h"
#include "parallel.h"
#include "cc-limits.h"

#endif
