#!/usr/bin/env bash
# Builds targetwatch and runs every test. Installs missing Debian packages first (as root).
#   ./test.sh              Release build in build/release, all tests
#   ./test.sh --sanitize   ASan+UBSan build in build/asan-ubsan, all tests, then the libFuzzer
#                          targets (clang, build/fuzz) for a bounded time each
#   ./test.sh --lint       clang-tidy (.clang-tidy) over daemon/*.cpp on the compile database of
#                          build/lint (configured, not built); fails on any finding
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
    --lint) preset=lint ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

jobs=$(nproc 2>/dev/null || echo 2)

if [[ "$preset" == lint ]]; then
  TARGETWATCH_SETUP_EXTRA="clang-tidy ${TARGETWATCH_SETUP_EXTRA:-}" ./scripts/setup-deps.sh
  echo "== configure (lint: the compile database in build/lint)" >&2
  cmake -S . -B build/lint -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DTARGETWATCH_BUILD_TESTS=OFF -DTARGETWATCH_BUILD_BENCHMARKS=OFF >/dev/null
  echo "== clang-tidy (daemon/*.cpp, $jobs at a time)" >&2
  # The database holds GCC's flags; -Wshadow=local is unknown to clang. Findings are errors here
  # only (an editor's clang-tidy keeps them warnings).
  find daemon -name '*.cpp' -print0 | sort -z |
    xargs -0 -n 1 -P "$jobs" clang-tidy -p build/lint --quiet --warnings-as-errors='*' \
      --extra-arg=-Wno-unknown-warning-option
  echo "== clang-tidy: no findings" >&2
  exit 0
fi

./scripts/setup-deps.sh
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
