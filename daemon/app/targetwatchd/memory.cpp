// glibc malloc settings and trimming for the daemon (memory.h).
#include "memory.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace targetwatch::daemon {

namespace {

// "always" or "madvise" (glibc's madvise makes it apply) in the kernel's THP setting.
bool kernel_offers_huge_pages() {
  std::ifstream in("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  return std::getline(in, line) && line.find("[never]") == std::string::npos;
}

// The daemon builds its index, evaluations and /metrics text in hundreds of megabytes of fresh
// memory, a 4 KiB page fault at a time; on virtual machines a fault costs microseconds, and 2 MiB
// pages made the start-up scan twice as fast (tests/bench/bench_startup, 56k faults -> 6k).
void run_again_with_huge_pages(char** argv) {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables != nullptr && std::strstr(tunables, "glibc.malloc.hugetlb") != nullptr) return;
  if (!kernel_offers_huge_pages()) return;
  std::string value = "glibc.malloc.hugetlb=1";
  if (tunables != nullptr && *tunables != '\0') value = std::string(tunables) + ":" + value;
  if (::setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // Still here: carry on with 4 KiB pages, and leave no half-applied setting to children.
  if (tunables != nullptr) {
    ::setenv("GLIBC_TUNABLES", tunables, 1);
  } else {
    ::unsetenv("GLIBC_TUNABLES");
  }
}

}  // namespace

void tune_malloc(char** argv) {
  run_again_with_huge_pages(argv);
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
