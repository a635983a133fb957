/* cli-output.c: where a command's report goes: standard output, or with
 * -o FILE a file written whole or not at all. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "atomic.h"
#include "cli.h"

int cc_cli_output_open(struct cc_cli_output *o, const char *path, enum cc_format format,
		       const struct cc_cli *cli)
{
	*o = (struct cc_cli_output){ .path = path, .write_always = format == CC_FORMAT_OPENMETRICS };
	if (!path) {
		o->fp = stdout;
		o->report = (struct cc_report_out){ o->fp, format, cc_cli_output_color(cli, o) };
		return 0;
	}
	/* The report is built in memory and written by rename at the end, so
	 * a failed run leaves no half-written file behind. */
	o->fp = open_memstream(&o->data, &o->len);
	if (!o->fp) {
		fprintf(stderr, "certcheck: %s: cannot write: %s\n", path, strerror(errno));
		return -1;
	}
	o->report = (struct cc_report_out){ o->fp, format, false };
	return 0;
}

int cc_cli_output_close(struct cc_cli_output *o, int status)
{
	if (!o->path)
		return cc_cli_finish(status);
	int r = fclose(o->fp);
	o->fp = NULL;
	if (r != 0 || status == CC_USAGE || (status == CC_NO_CHAIN && !o->write_always)) {
		/* Nothing reportable: leave no file, not even an empty one. */
		free(o->data);
		return r != 0 ? CC_USAGE : status;
	}
	struct cc_error err = CC_ERROR_INIT;
	if (cc_write_file_atomic(o->path, o->data, o->len, false, &err) < 0)
		status = cc_cli_error(&err);
	free(o->data);
	return cc_cli_finish(status);
}

bool cc_cli_output_color(const struct cc_cli *cli, const struct cc_cli_output *o)
{
	return !o->path && cc_cli_use_color(cli, o->fp);
}
