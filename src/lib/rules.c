/* rules.c: the validator's rule table and the profile names. */
#include "rules.h"

#include <string.h>

static const char *const profile_names[CC_N_PROFILES] = { "clients", "compat", "strict" };

int cc_profile_parse(const char *s, enum cc_profile *out)
{
	for (int p = 0; p < CC_N_PROFILES; p++)
		if (strcmp(s, profile_names[p]) == 0) {
			*out = (enum cc_profile)p;
			return 0;
		}
	return -1;
}

const char *cc_profile_name(enum cc_profile p)
{
	return profile_names[p];
}

static const struct cc_rule rules[CC_R__COUNT] = {
#define CC_RULE_ROW(id, code, section, clients, lc, lp, ls, fix) \
	[CC_R_##id] = { code, section, clients, { CC_RULE_##lc, CC_RULE_##lp, CC_RULE_##ls }, fix },
	CC_RULES(CC_RULE_ROW)
#undef CC_RULE_ROW
};

const struct cc_rule *cc_rule_get(enum cc_rule_id id)
{
	return &rules[id];
}
