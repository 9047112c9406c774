// glibc malloc settings and trimming for the daemon (memory.h).
#include "memory.h"

#include <malloc.h>

namespace targetwatch::daemon {

void tune_malloc() {
  // Two arenas: the daemon's concurrent allocators are a handful of HTTP workers and the
  // per-department render threads; more arenas mean more memory kept that no other thread reuses.
  mallopt(M_ARENA_MAX, 2);
  // A fixed threshold (setting it turns off glibc's dynamic one, which rises to the size of the
  // largest block freed, up to 32 MiB, and then keeps multi-megabyte buffers in the heap).
  mallopt(M_MMAP_THRESHOLD, 256 * 1024);
  // Free memory at the top of the heap goes back once 8 MiB have accumulated.
  mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
}

void release_free_memory() { malloc_trim(0); }

}  // namespace targetwatch::daemon
