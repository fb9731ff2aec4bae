#include "CKithSystem.h"

#include <malloc.h>

void kith_malloc_single_arena(void) { mallopt(M_ARENA_MAX, 1); }

void kith_malloc_trim(void) { malloc_trim(0); }
