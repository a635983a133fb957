/* net.h: plain-socket I/O under one deadline, for what a connection does
 * before its TLS handshake: an HTTP proxy's CONNECT (proxy.c), a STARTTLS
 * exchange.  FD is a connected non-blocking socket; DEADLINE is a
 * cc_now_ms() value. */
#ifndef CC_NET_H
#define CC_NET_H

#include <stddef.h>
#include <stdint.h>

/* Milliseconds on the monotonic clock. */
int64_t cc_now_ms(void);
/* Wait until FD is ready for EVENTS (poll's) or DEADLINE passes: 1 ready,
 * 0 timed out. */
int cc_wait_fd(int fd, short events, int64_t deadline);

/* How a step of such an exchange ended. */
enum cc_net_result {
	CC_NET_OK,
	CC_NET_REFUSED,  /* the peer answered, and said no */
	CC_NET_TIMEOUT,  /* DEADLINE passed */
	CC_NET_CLOSED,   /* the peer closed the connection */
	CC_NET_ERROR,    /* a socket error, or an answer that makes no sense */
};

/* Send all of DATA. */
enum cc_net_result cc_net_send(int fd, const void *data, size_t len, int64_t deadline);
/* Read exactly LEN bytes. */
enum cc_net_result cc_net_read(int fd, void *buf, size_t len, int64_t deadline);
/* Read one line, up to and without its LF (and CR), into LINE as a string
 * of at most SIZE - 1 bytes; longer lines are cut, the rest of the line is
 * read and dropped.  A byte at a time, so nothing after the line is taken
 * from the socket (the TLS handshake follows it). */
enum cc_net_result cc_net_read_line(int fd, char *line, size_t size, int64_t deadline);

#endif
