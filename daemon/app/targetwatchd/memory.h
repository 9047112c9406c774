// The daemon's use of glibc malloc: settings made once at start-up and the return of freed memory
// to the system (glibc-specific, so kept behind these two functions in the daemon).
#pragma once

namespace targetwatch::daemon {

/// Call first in main, before any thread starts. Few malloc arenas: glibc makes up to 8 per core,
/// one per thread that allocates at a busy moment, each keeping its freed memory.
void tune_malloc();

/// Gives the free pages inside malloc's arenas back to the system (malloc_trim): what transient
/// work (an ingest batch, an evaluation, a rendering, the start-up scan) freed, glibc keeps.
void release_free_memory();

}  // namespace targetwatch::daemon
