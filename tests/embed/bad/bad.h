/* A public header as check-exports.sh must not accept it. */
#include "profilescan/common.h"

PS_EXTERN int ps_exported(void);
PS_EXTERN int ps_never_defined(void);
int ps_without_extern(void);
