/* Reading the small files profilescan is given (util/read_file.c): regular
 * files only, and bounded. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "leakcheck.h"
#include "util/util.h"

TestSuite(read_file, .fini = ps_test_check_leaks);

static void expect_refused(const char *path, size_t limit, const char *message)
{
	char *text = (char *)"untouched";
	size_t length = 1;
	ps_error err = {0};
	cr_expect_eq(psi_read_file(path, "rule pack", limit, &text, &length, &err), PS_EIO);
	cr_expect_null(text);
	cr_expect_eq(length, 0);
	cr_expect_str_eq(err.message, message);
}

Test(read_file, a_regular_file_is_read_whole)
{
	char path[] = "/tmp/ps-read-XXXXXX";
	int fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, "pack: x\n", 8), 8);
	close(fd);
	char *text;
	size_t length;
	ps_error err = {0};
	cr_assert_eq(psi_read_file(path, "rule pack", 8, &text, &length, &err), PS_OK, "%s",
	             err.message);
	cr_expect_eq(length, 8);
	cr_expect_str_eq(text, "pack: x\n");
	free(text);
	char message[128];
	snprintf(message, sizeof message,
	         "%s: cannot read rule pack: 8 bytes is over the limit of 7", path);
	expect_refused(path, 7, message);
	unlink(path);
}

Test(read_file, devices_fifos_and_directories_are_refused)
{
	expect_refused("/dev/zero", 1 << 20, "/dev/zero: cannot read rule pack: a device");
	expect_refused("/tmp", 1 << 20, "/tmp: cannot read rule pack: a directory");
	char path[] = "/tmp/ps-fifo-XXXXXX";
	cr_assert_not_null(mkdtemp(path));
	char fifo[64];
	snprintf(fifo, sizeof fifo, "%s/pipe.yaml", path);
	cr_assert_eq(mkfifo(fifo, 0600), 0);
	char message[128];
	snprintf(message, sizeof message, "%s: cannot read rule pack: a FIFO", fifo);
	expect_refused(fifo, 1 << 20, message);
	unlink(fifo);
	rmdir(path);
}
