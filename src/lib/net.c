/* net.c: plain-socket I/O under one deadline (net.h). */
#include "net.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

int64_t cc_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int cc_wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - cc_now_ms();
		if (left <= 0)
			return 0;
		struct pollfd pfd = { .fd = fd, .events = events };
		int r = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (r > 0)
			return 1;
		if (r == 0)
			return 0;
		if (errno != EINTR)
			return 1; /* let the next call report the error */
	}
}

enum cc_net_result cc_net_send(int fd, const void *data, size_t len, int64_t deadline)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
			if (!cc_wait_fd(fd, POLLOUT, deadline))
				return CC_NET_TIMEOUT;
		} else {
			return n < 0 && (errno == EPIPE || errno == ECONNRESET) ? CC_NET_CLOSED : CC_NET_ERROR;
		}
	}
	return CC_NET_OK;
}

enum cc_net_result cc_net_read(int fd, void *buf, size_t len, int64_t deadline)
{
	char *p = buf;
	while (len > 0) {
		ssize_t n = recv(fd, p, len, 0);
		if (n > 0) {
			p += n;
			len -= (size_t)n;
		} else if (n == 0) {
			return CC_NET_CLOSED;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
			if (!cc_wait_fd(fd, POLLIN, deadline))
				return CC_NET_TIMEOUT;
		} else {
			return errno == ECONNRESET ? CC_NET_CLOSED : CC_NET_ERROR;
		}
	}
	return CC_NET_OK;
}

enum cc_net_result cc_net_read_line(int fd, char *line, size_t size, int64_t deadline)
{
	size_t n = 0;
	for (;;) {
		char c;
		enum cc_net_result r = cc_net_read(fd, &c, 1, deadline);
		if (r != CC_NET_OK) {
			line[n] = '\0';
			return r;
		}
		if (c == '\n')
			break;
		if (n + 1 < size)
			line[n++] = c;
	}
	if (n > 0 && line[n - 1] == '\r')
		n--;
	line[n] = '\0';
	return CC_NET_OK;
}
