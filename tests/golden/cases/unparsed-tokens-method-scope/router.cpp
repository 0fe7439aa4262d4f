// Scanned without router.h: string and Router are unknown.
#include "router.h"

Router::Router(string address, int nat)
{
    translate = nat;
}
