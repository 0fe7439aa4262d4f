/* A library as check-exports.sh must not accept it: an internal function
 * exported, a ps_ function that no header declares, one declared but not
 * defined (in bad.h), one declared without PS_EXTERN. */
#include "bad.h"

int psi_leaked(void);
int ps_undeclared(void);

int ps_exported(void) { return 0; }
int ps_without_extern(void) { return 1; }
int ps_undeclared(void) { return 2; }
int psi_leaked(void) { return 3; }
