#!/usr/bin/env bash
# Builds targetwatch (Release) and starts the daemon on the bundled example targets with the
# embedded store. Installs missing Debian packages first (as root). Extra arguments go to
# targetwatchd (e.g. --listen 127.0.0.1:9500 or --today 2025-06-30).
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup-deps.sh
build_dir=build/release
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target targetwatch targetwatchd

exec "$build_dir/bin/targetwatchd" --settings config/targetwatch.toml "$@"
