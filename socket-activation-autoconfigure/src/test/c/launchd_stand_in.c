/*
 * A stand-in for macOS libSystem's launch_activate_socket(3), for tests on Linux only.
 * Built by the test build into target/launchd-stand-in/libSystem.so (LaunchdStandIn), and
 * loaded through the real JNA binding (Native.load("System") with jna.library.path).
 *
 * What it answers comes from stand_in_configure(spec), or from the environment variable
 * STAND_IN_LAUNCHD when it was never configured. SPEC is ';'-separated entries:
 *   NAME=SOCKET[,SOCKET...]  answer 0 with one fd per SOCKET, created at the first call:
 *                            HOST:PORT (IPv4), [HOST]:PORT (IPv6), PORT 0 = kernel picks;
 *                            unix:PATH (a listening Unix socket, PATH replaced);
 *                            unbound (a TCP socket never bound: getsockname says 0.0.0.0:0,
 *                            as launchd hands over when it cannot bind SockServiceName)
 *   NAME=!ERRNO              answer that errno (ENOENT, ESRCH, EALREADY, EPERM, EINVAL, ...)
 *   *=!ERRNO                 the answer for every name not listed (default ENOENT)
 * Not configured at all: ESRCH for every name (a process not started by launchd).
 * A name that was answered with fds answers EALREADY afterwards, as launchd does.
 *
 * The array is malloc'ed; the library also exports free(3), forwarding to the C library's,
 * which counts the arrays it handed out that come back (the binding frees through the same
 * library). stand_in_calls/arrays/frees let a test read the counts.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_ENTRIES 16
#define MAX_SOCKETS 8
#define MAX_ARRAYS 64
#define TEXT 256

struct entry {
	char name[TEXT];
	char sockets[MAX_SOCKETS][TEXT];
	int socket_count;
	int error;
	int calls;
	int answered;
};

static struct entry entries[MAX_ENTRIES];
static int entry_count;
static int default_error = ENOENT;
static int configured;
static struct entry unlisted_calls;
static void *arrays[MAX_ARRAYS];
static int array_count;
static int free_count;

static int errno_named(const char *name) {
	static const struct { const char *name; int value; } known[] = {
		{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH }, { "EINTR", EINTR }, { "EIO", EIO },
		{ "EBADF", EBADF }, { "ENOMEM", ENOMEM }, { "EACCES", EACCES }, { "EINVAL", EINVAL },
		{ "EMFILE", EMFILE }, { "EALREADY", EALREADY }, { "ENOTSUP", ENOTSUP }, { "EAGAIN", EAGAIN },
	};
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		if (strcmp(known[i].name, name) == 0) {
			return known[i].value;
		}
	}
	fprintf(stderr, "launchd stand-in: unknown errno name '%s', answering EINVAL\n", name);
	return EINVAL;
}

static void parse_entry(char *text) {
	char *equals = strchr(text, '=');
	if (equals == NULL || entry_count == MAX_ENTRIES) {
		fprintf(stderr, "launchd stand-in: ignoring entry '%s'\n", text);
		return;
	}
	*equals = '\0';
	char *value = equals + 1;
	if (strcmp(text, "*") == 0) {
		default_error = (value[0] == '!') ? errno_named(value + 1) : ENOENT;
		return;
	}
	struct entry *entry = &entries[entry_count++];
	memset(entry, 0, sizeof(*entry));
	snprintf(entry->name, TEXT, "%s", text);
	if (value[0] == '!') {
		entry->error = errno_named(value + 1);
		return;
	}
	char *save = NULL;
	for (char *socket_spec = strtok_r(value, ",", &save); socket_spec != NULL && entry->socket_count < MAX_SOCKETS;
			socket_spec = strtok_r(NULL, ",", &save)) {
		snprintf(entry->sockets[entry->socket_count++], TEXT, "%s", socket_spec);
	}
}

void stand_in_configure(const char *spec) {
	entry_count = 0;
	default_error = ENOENT;
	memset(&unlisted_calls, 0, sizeof(unlisted_calls));
	array_count = 0;
	free_count = 0;
	configured = 1;
	char copy[4096];
	snprintf(copy, sizeof(copy), "%s", spec);
	char *save = NULL;
	for (char *text = strtok_r(copy, ";", &save); text != NULL; text = strtok_r(NULL, ";", &save)) {
		parse_entry(text);
	}
}

static void configure_once(void) {
	if (!configured) {
		const char *spec = getenv("STAND_IN_LAUNCHD");
		if (spec != NULL) {
			stand_in_configure(spec);
		}
	}
}

static struct entry *find(const char *name) {
	for (int i = 0; i < entry_count; i++) {
		if (strcmp(entries[i].name, name) == 0) {
			return &entries[i];
		}
	}
	return NULL;
}

static int listening_inet(const char *spec) {
	char host[TEXT];
	snprintf(host, TEXT, "%s", spec);
	char *colon = strrchr(host, ':');
	if (colon == NULL) {
		return -1;
	}
	*colon = '\0';
	int port = atoi(colon + 1);
	int one = 1;
	if (host[0] == '[') {
		host[strlen(host) - 1] = '\0';
		struct sockaddr_in6 address = { .sin6_family = AF_INET6, .sin6_port = htons(port) };
		int fd = socket(AF_INET6, SOCK_STREAM, 0);
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (inet_pton(AF_INET6, host + 1, &address.sin6_addr) != 1
				|| bind(fd, (struct sockaddr *) &address, sizeof(address)) != 0 || listen(fd, 128) != 0) {
			close(fd);
			return -1;
		}
		return fd;
	}
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port) };
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (inet_pton(AF_INET, host, &address.sin_addr) != 1
			|| bind(fd, (struct sockaddr *) &address, sizeof(address)) != 0 || listen(fd, 128) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int listening_unix(const char *path) {
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(address.sun_path)) {
		return -1;
	}
	strcpy(address.sun_path, path);
	unlink(path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (bind(fd, (struct sockaddr *) &address, sizeof(address)) != 0 || listen(fd, 128) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int open_socket(const char *spec) {
	if (strcmp(spec, "unbound") == 0) {
		return socket(AF_INET, SOCK_STREAM, 0);
	}
	if (strncmp(spec, "unix:", 5) == 0) {
		return listening_unix(spec + 5);
	}
	return listening_inet(spec);
}

static int answer(struct entry *entry, int **fds, size_t *cnt) {
	if (entry == NULL) {
		return configured ? default_error : ESRCH;
	}
	if (entry->error != 0) {
		return entry->error;
	}
	if (entry->answered) {
		return EALREADY;
	}
	int *array = malloc(sizeof(int) * entry->socket_count);
	if (array == NULL) {
		return ENOMEM;
	}
	for (int i = 0; i < entry->socket_count; i++) {
		array[i] = open_socket(entry->sockets[i]);
		if (array[i] < 0) {
			fprintf(stderr, "launchd stand-in: cannot open socket '%s' for '%s': %s\n", entry->sockets[i],
					entry->name, strerror(errno));
			for (int j = 0; j < i; j++) {
				close(array[j]);
			}
			free(array);
			return EINVAL;
		}
	}
	if (array_count < MAX_ARRAYS) {
		arrays[array_count++] = array;
	}
	entry->answered = 1;
	*fds = array;
	*cnt = (size_t) entry->socket_count;
	return 0;
}

int launch_activate_socket(const char *name, int **fds, size_t *cnt) {
	configure_once();
	struct entry *entry = find(name);
	if (entry != NULL) {
		entry->calls++;
	}
	else {
		unlisted_calls.calls++;
	}
	int result = answer(entry, fds, cnt);
	fprintf(stderr, "launchd stand-in: launch_activate_socket(\"%s\") = %d", name, result);
	if (result == 0) {
		fprintf(stderr, ", fds");
		for (size_t i = 0; i < *cnt; i++) {
			fprintf(stderr, " %d", (*fds)[i]);
		}
	}
	fprintf(stderr, "\n");
	return result;
}

void free(void *pointer) {
	static void (*libc_free)(void *);
	if (libc_free == NULL) {
		/* the C library's: the next definition after this library */
		libc_free = (void (*)(void *)) dlsym(RTLD_NEXT, "free");
		if (libc_free == NULL) {
			abort();
		}
	}
	for (int i = 0; i < array_count; i++) {
		if (arrays[i] == pointer) {
			arrays[i] = NULL;
			free_count++;
		}
	}
	libc_free(pointer);
}

int stand_in_calls(const char *name) {
	struct entry *entry = find(name);
	return (entry != NULL) ? entry->calls : 0;
}

int stand_in_unlisted_calls(void) {
	return unlisted_calls.calls;
}

int stand_in_arrays(void) {
	return array_count;
}

int stand_in_frees(void) {
	return free_count;
}
