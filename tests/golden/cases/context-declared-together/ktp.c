/* An ID card's fields as locals declared together in one statement: the
 * names beside them say whose they are. */
#include <stdio.h>

int main(void)
{
	char nama[64], alamat[128], tanggal_lahir[11], jenis_kelamin[10], rt[4], rw[4], kel[32];

	if (scanf("%63s %127s %10s %9s %3s %3s %31s", nama, alamat, tanggal_lahir, jenis_kelamin,
	          rt, rw, kel) != 7)
		return 1;
	printf("%s RT/RW %s/%s\n", nama, rt, rw);
	return 0;
}

/* Declared together with a buffer's pointers, rt and rw are no address's. */
int copy(const char *src, char *dst, int len)
{
	int rt = 0, rw = len;
	while (rt < rw)
		dst[rt] = src[rt], rt++;
	return rt;
}
