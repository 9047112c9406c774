#!/usr/bin/env bash
# Builds targetwatch and runs every test. Installs missing Debian packages first (as root).
#   ./test.sh              Release build in build/release, all tests
#   ./test.sh --sanitize   ASan+UBSan build in build/asan-ubsan, all tests, then the libFuzzer
#                          targets (clang, build/fuzz) for a bounded time each
set -euo pipefail
cd "$(dirname "$0")"

preset=release
build_dir=build/release
cmake_args=(-DCMAKE_BUILD_TYPE=Release)
for arg in "$@"; do
  case "$arg" in
    --sanitize)
      build_dir=build/asan-ubsan
      cmake_args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DTARGETWATCH_SANITIZE=ON)
      preset=asan-ubsan ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

./scripts/setup-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
echo "== configure ($preset)" >&2
cmake -S . -B "$build_dir" -G Ninja "${cmake_args[@]}" >/dev/null
echo "== build" >&2
cmake --build "$build_dir" -j "$jobs"
echo "== test" >&2
ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" --timeout 600

if [[ "$preset" == asan-ubsan ]]; then
  echo "== fuzz (clang, libFuzzer + ASan/UBSan, bounded time)" >&2
  CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DTARGETWATCH_BUILD_FUZZERS=ON >/dev/null
  cmake --build build/fuzz -j "$jobs" --target fuzz_import_disclosure fuzz_indicator_value fuzz_xlsx \
    fuzz_actuals_csv fuzz_actuals_json fuzz_http_request
  ctest --test-dir build/fuzz -L fuzz --output-on-failure
fi
