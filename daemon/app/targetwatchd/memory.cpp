// glibc malloc settings and trimming for the daemon (memory.h).
#include "memory.h"

#include <malloc.h>

namespace targetwatch::daemon {

void tune_malloc() {
  // Two arenas: the daemon's concurrent allocators are a handful of HTTP workers and the
  // per-department render threads; more arenas mean more memory kept that no other thread reuses.
  mallopt(M_ARENA_MAX, 2);
  // The mmap and trim thresholds stay glibc's dynamic ones: fixing them (M_MMAP_THRESHOLD,
  // M_TRIM_THRESHOLD) maps and faults in every multi-megabyte buffer afresh, which made start-up
  // with 1.1M stored records 40% slower (its 65,536-record chunks). Freed heap memory is given
  // back by release_free_memory() instead.
}

void release_free_memory() { malloc_trim(0); }

}  // namespace targetwatch::daemon
