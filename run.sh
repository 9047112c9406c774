#!/usr/bin/env bash
# Builds targetwatch (Release) and starts the daemon on the bundled example targets with the
# embedded SQLite store (var/targetwatch.db). On the first start the sample actuals are sent in,
# as a reporting office would. Installs missing Debian packages first (as root).
#
#   ./run.sh                          # evaluates "as of" 2025-09-30, inside the example's year
#   ./run.sh --today 2025-06-30       # any other day (the example's fiscal year is 2025)
#   ./run.sh --listen 127.0.0.1:9500  # other targetwatchd flags pass through
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup-deps.sh
build_dir=build/release
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc 2>/dev/null || echo 2)" --target targetwatch targetwatchd

args=("$@")
case " $* " in
  *" --today "*|*" --today="*) ;;
  *) args+=(--today 2025-09-30)
     echo "run.sh: the bundled example is fiscal year 2025; evaluating as of 2025-09-30" \
          "(pass --today YYYY-MM-DD for another day)" >&2 ;;
esac

mkdir -p var
fresh_store=0
[[ -e var/targetwatch.db ]] || fresh_store=1
port_file=var/targetwatchd.port
rm -f "$port_file"

"$build_dir/bin/targetwatchd" --settings config/targetwatch.toml --port-file "$port_file" \
  "${args[@]}" &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon' INT TERM

for _ in $(seq 1 200); do
  [[ -s "$port_file" ]] && break
  kill -0 "$daemon" 2>/dev/null || { wait "$daemon"; exit $?; }
  sleep 0.05
done
port=$(cat "$port_file")
url="http://127.0.0.1:$port"

if ((fresh_store)); then
  # The demo token of config/targetwatch.toml; change it (and its sha256) for real use.
  export TARGETWATCH_URL="$url" TARGETWATCH_TOKEN=demo-token-change-me
  "$build_dir/bin/targetwatch" push config/examples/actuals-2025.csv >/dev/null
  "$build_dir/bin/targetwatch" push config/examples/actuals-2025-correction.csv >/dev/null
  echo "run.sh: sent the sample actuals (config/examples/actuals-2025*.csv)" >&2
fi

cat >&2 <<MSG

targetwatchd is running (pid $daemon). Open:
  $url/                         the web pages: overview, departments, projects, upload (数据报送)
  $url/metrics                  Prometheus metrics
  $url/api/v1/status            the evaluation snapshot (JSON)
  $url/api/v1/actuals           stored actuals with their revisions
  $url/report?format=html       the monthly review report
Stop with Ctrl-C.
MSG
wait "$daemon"
