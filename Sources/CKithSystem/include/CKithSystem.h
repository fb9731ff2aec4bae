// glibc calls Swift's Glibc module does not expose (they live in <malloc.h>).
#ifndef KITH_CKITHSYSTEM_H
#define KITH_CKITHSYSTEM_H

/// Limits malloc to one arena, so threads that ran once keep no arena of their own resident.
void kith_malloc_single_arena(void);

/// Returns the free memory malloc holds to the system (malloc_trim(0)).
void kith_malloc_trim(void);

/// Drops this process's resident pages of its own executable's code (r-x mappings, madvise
/// MADV_DONTNEED). They are clean file pages: the kernel reads them back on the next use.
/// Most were mapped at start-up by fault-around and are not used while the daemon sleeps.
void kith_release_code_pages(void);

#endif
