#!/usr/bin/env bash
# One-record upload latency with a full store (issue 13: p99 <= 50 ms with 1M stored records):
# fills a store with a province workload (gen_province.py, every figure stored --passes times as
# revisions), then times --uploads single-record uploads and prints p50, p99 and the maximum,
# plus the daemon's CPU time per upload (the part that load on a shared machine cannot inflate).
# Not a timed test; run it by hand.
usage() {
  cat <<'EOF'
usage: upload-latency.sh --daemon TARGETWATCHD [--departments 50] [--projects 200]
                         [--indicators 10] [--passes 2] [--uploads 200]
  --departments 500 --passes 1 stores 1.1M records (the issue's 1M figure).
EOF
}
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
D=50 P=200 I=10 passes=2 uploads=200 twd=""
while [ $# -gt 0 ]; do
  case "$1" in
    --daemon) twd=$(readlink -f "$2"); shift 2 ;;
    --departments) D=$2; shift 2 ;;
    --projects) P=$2; shift 2 ;;
    --indicators) I=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --uploads) uploads=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -x "$twd" ] || { usage >&2; exit 2; }

w=$(mktemp -d)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  rm -rf "$w"
}
trap cleanup EXIT
cd "$w"
python3 "$here/gen_province.py" "$w" --departments "$D" --projects "$P" --indicators "$I" \
  --batch 10000 >/dev/null
tok=bench-token-0123456789abcdef
cat >settings.toml <<EOF
public_reads = false
metrics_require_token = false
[limits]
max_body_bytes = 67108864
max_records_per_batch = 1000000
[[token]]
name = "bench"
sha256 = "$(printf %s "$tok" | sha256sum | cut -d' ' -f1)"
departments = ["*"]
EOF
"$twd" --settings settings.toml --listen 127.0.0.1:0 --port-file port --targets targets \
  --store store.db --today 2025-06-30 >twd.log 2>&1 &
pid=$!
for _ in $(seq 3000); do
  [ -s port ] && curl -sf -o /dev/null "http://127.0.0.1:$(cat port)/readyz" && break
  sleep 0.01
done
url="http://127.0.0.1:$(cat port)/api/v1/actuals"
upload() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' -H "Authorization: Bearer $tok" \
    -H 'Content-Type: text/csv' --data-binary @"$1" "$url"
}
for _ in $(seq "$passes"); do
  for f in actuals-*.csv; do
    read -r code _ < <(upload "$f")
    [ "$code" = 200 ] || { echo "ingest $f: HTTP $code" >&2; exit 1; }
  done
done
stored=$(( $(cat actuals-*.csv | grep -vc '^project,') * passes ))
head -2 actuals-000.csv >one.csv
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
t0=$(ticks)
for _ in $(seq "$uploads"); do upload one.csv; done | awk '{ print $2 }' | sort -n >times.txt
t1=$(ticks)
hz=$(getconf CLK_TCK)
awk -v n="$uploads" -v stored="$stored" -v cpu="$(( t1 - t0 ))" -v hz="$hz" '
  { t[NR] = $1 }
  END {
    p50 = t[int(NR * 0.50)]; p99 = t[int(NR * 0.99)]
    printf "stored records: %d\nuploads: %d\np50: %.4f s\np99: %.4f s (goal <= 0.050)\nmax: %.4f s\n",
      stored, NR, p50, p99, t[NR]
    printf "daemon CPU per upload: %.2f ms\n", cpu * 1000 / hz / n
  }' times.txt
