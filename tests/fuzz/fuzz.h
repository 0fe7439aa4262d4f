/*
 * Shared by the libFuzzer harnesses: the input as a NUL-terminated string,
 * and as a file (a memfd, which the readers take for a regular file), so
 * that parsers which read paths are fuzzed through the same code a scan
 * runs.
 */
#ifndef PS_FUZZ_H
#define PS_FUZZ_H

#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The input with a NUL after it; NULL when memory runs out. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

/* The input as a file; its path goes into `path` ("/proc/self/fd/N"). The
 * descriptor is the caller's to close. */
static inline int fuzz_file(const uint8_t *data, size_t size, char *path, size_t path_size)
{
	int fd = memfd_create("profilescan-fuzz", MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (size && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return fd;
}

#endif
