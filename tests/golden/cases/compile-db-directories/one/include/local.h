/* Same name as two/include/local.h: which one is included depends on the
 * working directory of each compile command. */
int nationaliteit_uit_een;
