/* verify.h: the purpose a leaf is validated for (--purpose).  Path
 * validation itself is validate.h's. */
#ifndef CC_VERIFY_H
#define CC_VERIFY_H

enum cc_purpose {
	CC_PURPOSE_ANY,      /* no EKU requirement */
	CC_PURPOSE_SERVER,   /* id-kp-serverAuth */
	CC_PURPOSE_CLIENT,   /* id-kp-clientAuth */
};
/* "server", "client" or "any"; -1 for anything else. */
int cc_purpose_parse(const char *s, enum cc_purpose *out);

#endif
