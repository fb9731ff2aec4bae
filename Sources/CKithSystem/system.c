#include "CKithSystem.h"

#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

void kith_malloc_single_arena(void) { mallopt(M_ARENA_MAX, 1); }

void kith_malloc_trim(void) { malloc_trim(0); }

void kith_release_code_pages(void) {
    char self[PATH_MAX];
    ssize_t length = readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0) return;
    self[length] = '\0';
    FILE *maps = fopen("/proc/self/maps", "re");
    if (maps == NULL) return;
    char line[PATH_MAX + 128];
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start, end;
        char permissions[8];
        int path = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %n", &start, &end, permissions, &path) < 3 || path == 0) continue;
        char *name = line + path;
        name[strcspn(name, "\n")] = '\0';
        // Only the code of the binary itself (r-x): clean file pages, never written, that the
        // kernel reads back from the file when they are next needed. Not read-only data: part of
        // it was relocated at load time (RELRO) and exists only in memory.
        if (strcmp(name, self) != 0 || permissions[1] == 'w' || permissions[2] != 'x') continue;
        madvise((void *)start, end - start, MADV_DONTNEED);
    }
    fclose(maps);
}
