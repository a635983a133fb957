/* verify.c: the --purpose values. */
#include "verify.h"

#include <string.h>

int cc_purpose_parse(const char *s, enum cc_purpose *out)
{
	if (strcmp(s, "any") == 0)
		*out = CC_PURPOSE_ANY;
	else if (strcmp(s, "server") == 0)
		*out = CC_PURPOSE_SERVER;
	else if (strcmp(s, "client") == 0)
		*out = CC_PURPOSE_CLIENT;
	else
		return -1;
	return 0;
}
