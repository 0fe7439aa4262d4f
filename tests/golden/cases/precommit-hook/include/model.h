/* A header passed on its own, as pre-commit does: parsed with a neighbour's flags. */
#if MODEL_VERSION >= 3
struct aanvrager { char nationaliteit[4]; };
#endif
