// The daemon's use of glibc malloc: settings made once at start-up and the return of freed memory
// to the system (glibc-specific, so kept behind these two functions in the daemon).
#pragma once

namespace targetwatch::daemon {

/// Call first in main, before any thread starts. Few malloc arenas: glibc makes up to 8 per core,
/// one per thread that allocates at a busy moment, each keeping its freed memory.
/// Transparent huge pages for malloc's memory: unless GLIBC_TUNABLES already says
/// glibc.malloc.hugetlb (the operator's choice, either way) or the kernel has THP off, this
/// sets glibc.malloc.hugetlb=1 and executes the daemon again with the same arguments (glibc
/// reads its tunables only at start). It returns when nothing was to be done or the exec failed.
void tune_malloc(char** argv);

/// Gives the free pages inside malloc's arenas back to the system (malloc_trim): what transient
/// work (an ingest batch, an evaluation, a rendering, the start-up scan) freed, glibc keeps.
void release_free_memory();

}  // namespace targetwatch::daemon
