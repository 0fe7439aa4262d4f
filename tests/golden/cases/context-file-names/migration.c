/* A city-building game's migration, scanned without its headers: what the
 * file includes says it is a game's. */
#include "game/tutorial.h"
#include "city/figures.h"

static int create_immigrants(int count) { return count; }
