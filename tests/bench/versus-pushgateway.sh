#!/usr/bin/env bash
# Same-run comparison of targetwatchd and Prometheus Pushgateway on one province-scale workload
# (gen_province.py): ingest of every actual figure, first and cached scrape (identity and gzip),
# resident memory, start-up empty and with the full store. Prints each figure and the ratios and
# writes a Markdown report (the table, the machine, the date, how to rerun).
# Not a timed test: the ctest bench.versus_pushgateway runs it at a tiny size so that it keeps
# working; exit code 77 (skipped) when prometheus-pushgateway is not installed.
usage() {
  cat <<'EOF'
usage: versus-pushgateway.sh --daemon TARGETWATCHD [--departments 50] [--projects 200]
                             [--indicators 10] [--batch 10000] [--passes 10] [--report FILE]
  The default workload is issue 13's province (50 x 200 x 10 = 100,000 indicators, 110,000
  figures); --departments 500 is the 1M-indicator scale. --passes: the last start-up is
  measured with the figures stored that many times (10: 1.1M records; at least 2). --report
  defaults to tests/bench/BENCHMARKS.md next to this script.
EOF
}
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
D=50 P=200 I=10 B=10000 passes=10 twd="" report="$here/BENCHMARKS.md"
while [ $# -gt 0 ]; do
  case "$1" in
    --daemon) twd=$(readlink -f "$2"); shift 2 ;;
    --departments) D=$2; shift 2 ;;
    --projects) P=$2; shift 2 ;;
    --indicators) I=$2; shift 2 ;;
    --batch) B=$2; shift 2 ;;
    --passes) passes=$2; shift 2 ;;
    --report) report=$(readlink -f "$(dirname "$2")")/$(basename "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
done
[ -x "$twd" ] || { usage >&2; echo "versus-pushgateway: --daemon must name targetwatchd" >&2; exit 2; }
[ "$passes" -ge 2 ] 2>/dev/null || { usage >&2; echo "versus-pushgateway: --passes must be 2 or more" >&2; exit 2; }
pgw_bin=$(command -v prometheus-pushgateway || true)
if [ -z "$pgw_bin" ]; then
  echo "SKIP: prometheus-pushgateway is not installed (Debian: apt-get install prometheus-pushgateway)"
  exit 77
fi
for tool in curl python3 awk sha256sum; do
  command -v $tool >/dev/null || { echo "versus-pushgateway: $tool is missing" >&2; exit 2; }
done

w=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$w"
}
trap cleanup EXIT
cd "$w"
python3 "$here/gen_province.py" "$w" --departments "$D" --projects "$P" --indicators "$I" --batch "$B"

now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a < b) ? a : b }'; }
# Resident set now and its peak, in kB, from /proc.
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# curl's own transfer time of one GET, the body to $2.
get_time() {
  curl -sf -o "$2" -w '%{time_total}' "${@:3}" "$1" | awk '{ printf "%.3f", $1 }'
}

tok=bench-token-0123456789abcdef
cat >settings.toml <<EOF
# Reads need the token (public_reads = false); /metrics is open (metrics_require_token = false).
public_reads = false
metrics_require_token = false
threads = 0
[limits]
max_body_bytes = 67108864
max_records_per_batch = 1000000
[[token]]
name = "bench"
sha256 = "$(printf %s "$tok" | sha256sum | cut -d' ' -f1)"
departments = ["*"]
EOF

# start_twd: launches targetwatchd on a free port (--port-file) and waits for /readyz.
start_twd() {
  rm -f port
  "$twd" --settings settings.toml --listen 127.0.0.1:0 --port-file port --targets targets \
    --store store.db --today 2025-06-30 >>twd.log 2>&1 &
  tpid=$!
  pids+=("$tpid")
  for _ in $(seq 2000); do
    if [ -s port ]; then
      tport=$(cat port)
      curl -sf -o /dev/null "http://127.0.0.1:$tport/readyz" && return 0
    fi
    kill -0 "$tpid" 2>/dev/null || break
    sleep 0.01
  done
  echo "targetwatchd did not become ready:" >&2
  tail -20 twd.log >&2
  exit 1
}
stop() { kill -TERM "$1"; wait "$1" || true; }

records=$(cat actuals-*.csv | grep -vc '^project,')
batches=$(ls actuals-*.csv | wc -l)
echo "== targetwatchd ($records figures in $batches batches)"
s=$(now); start_twd; e=$(now)
twd_start_empty=$(sub "$e" "$s"); echo "twd_start_empty_s: $twd_start_empty"
base="http://127.0.0.1:$tport"
twd_ingest=999999
for pass in 1 2; do # the second pass stores every figure again, as revisions: the same work
  s=$(now)
  for f in actuals-*.csv; do
    code=$(curl -s -o resp.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
      -H 'Content-Type: text/csv' --data-binary @"$f" "$base/api/v1/actuals")
    [ "$code" = 200 ] || { echo "ingest $f: HTTP $code $(head -c 300 resp.json)" >&2; exit 1; }
  done
  e=$(now); t=$(sub "$e" "$s"); echo "twd_ingest_pass${pass}_s: $t"
  twd_ingest=$(min "$t" "$twd_ingest")
  # After each pass the first scrape evaluates the new data; the last pass's is reported.
  twd_first=$(get_time "$base/metrics" metrics.txt -H 'Accept-Encoding: identity')
  echo "twd_scrape_first_pass${pass}_s: $twd_first"
  [ "$pass" = 1 ] && twd_first1=$twd_first  # the very first scrape of the process, shown too
done
series=$(grep -vc '^#' metrics.txt)
plain_bytes=$(stat -c %s metrics.txt)
echo "series: $series  bytes: $plain_bytes"
twd_cached=999999
for _ in 1 2 3; do
  twd_cached=$(min "$(get_time "$base/metrics" /dev/null -H 'Accept-Encoding: identity')" "$twd_cached")
done
echo "twd_scrape_cached_s: $twd_cached"
twd_gz_first=$(get_time "$base/metrics" gz.bin -H 'Accept-Encoding: gzip' -D hdr.txt)
grep -qi '^content-encoding: *gzip' hdr.txt || { echo "targetwatchd sent no gzip body" >&2; exit 1; }
gz_bytes=$(stat -c %s gz.bin)
[ "$(gzip -dc gz.bin | cmp - metrics.txt && echo same)" = same ] ||
  { echo "gzip body differs from the identity body" >&2; exit 1; }
twd_gz_cached=999999
for _ in 1 2 3; do
  twd_gz_cached=$(min "$(get_time "$base/metrics" /dev/null -H 'Accept-Encoding: gzip')" "$twd_gz_cached")
done
echo "twd_scrape_gzip_first_s: $twd_gz_first  cached: $twd_gz_cached  ($gz_bytes bytes)"
# A one-record upload with the full store: the incremental path (goal: p99 <= 50 ms).
head -2 actuals-000.csv >one.csv
one=999999
for _ in 1 2 3 4 5; do
  t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $tok" \
    -H 'Content-Type: text/csv' --data-binary @one.csv "$base/api/v1/actuals")
  one=$(min "$t" "$one")
done
echo "twd_single_upload_best_s: $one"
twd_rss=$(rss_kb "$tpid"); twd_hwm=$(hwm_kb "$tpid")
echo "twd_rss_kb: $twd_rss (peak $twd_hwm)"
stop "$tpid"
s=$(now); start_twd; e=$(now)
twd_start_full=$(sub "$e" "$s"); echo "twd_start_full_s: $twd_start_full (targets + store)"
base="http://127.0.0.1:$tport"
# History: more passes until the store holds --passes x the figures (revisions of the same
# identities, as a year of monthly reports would), then a restart on that store.
for pass in $(seq 3 "$passes"); do
  for f in actuals-*.csv; do
    code=$(curl -s -o resp.json -w '%{http_code}' -H "Authorization: Bearer $tok" \
      -H 'Content-Type: text/csv' --data-binary @"$f" "$base/api/v1/actuals")
    [ "$code" = 200 ] || { echo "ingest $f: HTTP $code $(head -c 300 resp.json)" >&2; exit 1; }
  done
done
stop "$tpid"
s=$(now); start_twd; e=$(now)
twd_start_history=$(sub "$e" "$s")
echo "twd_start_history_s: $twd_start_history (targets + $((records * passes)) stored records)"
stop "$tpid"

echo "== Pushgateway"
gport=$(free_port)
start_pgw() {
  # In memory only: Debian's default --persistence.file (/var/lib/prometheus/pushgateway.data)
  # would load another run's series and write ours back.
  "$pgw_bin" --web.listen-address="127.0.0.1:$gport" --persistence.file= >>pgw.log 2>&1 &
  gpid=$!
  pids+=("$gpid")
  for _ in $(seq 2000); do
    curl -sf -o /dev/null "http://127.0.0.1:$gport/-/ready" && return 0
    kill -0 "$gpid" 2>/dev/null || break
    sleep 0.01
  done
  echo "prometheus-pushgateway did not become ready:" >&2
  tail -20 pgw.log >&2
  exit 1
}
s=$(now); start_pgw; e=$(now)
pgw_start_empty=$(sub "$e" "$s"); echo "pgw_start_empty_s: $pgw_start_empty"
pgw_ingest=999999
for pass in 1 2; do # the second pass replaces every group: the same work
  s=$(now)
  for f in pgw-*.txt; do
    n=${f#pgw-}; n=${n%.txt}
    curl -sf -o /dev/null --data-binary @"$f" "http://127.0.0.1:$gport/metrics/job/actuals/batch/$n"
  done
  e=$(now); t=$(sub "$e" "$s"); echo "pgw_ingest_pass${pass}_s: $t"
  pgw_ingest=$(min "$t" "$pgw_ingest")
done
# Pushgateway's scrape of the same series: targetwatchd's exposition pushed to it.
grep -v '^# ' metrics.txt >push.txt || true
curl -sf -o /dev/null --data-binary @push.txt "http://127.0.0.1:$gport/metrics/job/exposition"
pgw_first=$(get_time "http://127.0.0.1:$gport/metrics" pgw.txt -H 'Accept-Encoding: identity')
pgw_cached=999999
for _ in 1 2 3; do
  pgw_cached=$(min "$(get_time "http://127.0.0.1:$gport/metrics" /dev/null -H 'Accept-Encoding: identity')" "$pgw_cached")
done
pgw_gz=$(get_time "http://127.0.0.1:$gport/metrics" pgwgz.bin -H 'Accept-Encoding: gzip')
pgw_series=$(grep -vc '^#' pgw.txt)
echo "pgw_scrape_first_s: $pgw_first  best: $pgw_cached  gzip: $pgw_gz ($(stat -c %s pgwgz.bin) bytes; $pgw_series series)"
pgw_rss=$(rss_kb "$gpid"); pgw_hwm=$(hwm_kb "$gpid")
echo "pgw_rss_kb: $pgw_rss (peak $pgw_hwm)"
stop "$gpid"

r_ingest=$(div "$pgw_ingest" "$twd_ingest")
r_first=$(div "$pgw_cached" "$twd_first")
r_cached=$(div "$pgw_cached" "$twd_cached")
r_rss=$(awk -v a="$twd_rss" -v b="$pgw_rss" 'BEGIN { printf "%.3f", a / b }')
r_gz=$(div "$plain_bytes" "$gz_bytes")
ok() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { r = (op == ">=") ? v >= g : v <= g; print r ? "✅" : "❌" }'; }
echo "RATIO ingest (pgw time / twd time): $r_ingest (goal >= 2)"
echo "RATIO first scrape (pgw scrape / twd first): $r_first (goal >= 10)"
echo "RATIO cached scrape (pgw scrape / twd cached): $r_cached (goal >= 20)"
echo "RATIO rss (twd / pgw): $r_rss (goal <= 0.2)"
echo "RATIO gzip (plain bytes / gzip bytes): $r_gz (goal >= 5)"
echo "START full store (s): $twd_start_full; with $((records * passes)) records: $twd_start_history (goal < 1)"

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
pgw_version=$("$pgw_bin" --version 2>&1 | head -1)
rev=$(git -C "$here" describe --always --dirty 2>/dev/null || echo unknown)
cat >"$report" <<EOF
# targetwatchd 对比 Prometheus Pushgateway（省级规模基准）

本文件由 \`tests/bench/versus-pushgateway.sh\` 生成，两个服务在同一次运行中、同一台机器上测量。

- 日期：$(date -u '+%Y-%m-%d %H:%M UTC')
- 机器：$cpu，$(nproc) 核，内存 $mem（$(uname -sr)）；结束时负载 $(cut -d' ' -f1-3 /proc/loadavg)（机器与其他开发者共用，数字有波动）
- targetwatchd：\`$twd\`（提交 $rev）
- Pushgateway：$pgw_version
- 负载：$D 个部门 × $P 个项目 × $I 个指标 = $((D * P * I)) 个指标，$records 条实际数（每个指标一条，每个项目另加一条支出），分 $batches 批上传（每批 $B 条）；Pushgateway 收到同样的数值（每批一个分组）
- /metrics：$series 条序列，$plain_bytes 字节；gzip 后 $gz_bytes 字节

| 项目 | targetwatchd | Pushgateway | 倍数（Pushgateway 用时 ÷ targetwatchd 用时） | 目标 | 达成 |
|---|---|---|---|---|---|
| 上传 $records 条（targetwatchd 校验并 fsync；两遍取快者） | ${twd_ingest} s | ${pgw_ingest} s | ${r_ingest}× | ≥2× | $(ok "$r_ingest" 2 ">=") |
| 新数据后首次 /metrics（评估 + 渲染；第二遍，括号内为进程的第一次抓取） | ${twd_first} s（${twd_first1} s） | ${pgw_cached} s（同样 $series 条序列） | ${r_first}× | ≥10× | $(ok "$r_first" 10 ">=") |
| 缓存的 /metrics（三次取快者） | ${twd_cached} s | ${pgw_cached} s | ${r_cached}× | ≥20× | $(ok "$r_cached" 20 ">=") |
| gzip /metrics：首次 / 缓存 | ${twd_gz_first} s / ${twd_gz_cached} s | ${pgw_gz} s | 体积比 ${r_gz}×（原文 ÷ gzip） | ≥5× | $(ok "$r_gz" 5 ">=") |
| 常驻内存 RSS（峰值） | $((twd_rss / 1024)) MB（$((twd_hwm / 1024)) MB） | $((pgw_rss / 1024)) MB（$((pgw_hwm / 1024)) MB） | ${r_rss}（targetwatchd ÷ Pushgateway） | ≤0.2 | $(ok "$r_rss" 0.2 "<=") |
| 启动（空存储；首次启动：解析目标文件并写入缓存） | ${twd_start_empty} s | ${pgw_start_empty} s | | | |
| 启动（目标 + 已存 $((records * 2)) 条记录；目标文件从缓存解码） | ${twd_start_full} s | — | | <1 s | $(ok "$twd_start_full" 1 "<=") |
| 启动（目标 + 已存 $((records * passes)) 条记录，共 $passes 遍） | ${twd_start_history} s | — | | <1 s | $(ok "$twd_start_history" 1 "<=") |
| 满存储时上传 1 条（五次取快者，不是 p99） | ${one} s | — | | p99 ≤50 ms | $(ok "$one" 0.05 "<=")（仅五次） |

说明：
- 时间为 curl 的 \`time_total\`（单次请求）或整批上传的墙钟时间；Pushgateway 的抓取是把 targetwatchd 的同一份输出推送给它后再抓取。
- 启动时间为从启动进程到 \`/readyz\` 返回 200。
- 存储中的记录数是两遍上传之和（第二遍作为修订再存一遍）；最后一行再上传到共 $passes 遍（每个数值 $passes 个修订）后重启。
- 重启读取的是“最新修订快照”中的记录及其后的记录（见 README 运行维护一节），目标文件从解析缓存解码；targetwatchd 以透明大页运行 glibc malloc（\`glibc.malloc.hugetlb=1\`）。

## 重新运行

\`\`\`sh
export CCACHE_DIR=/work/.ccache CCACHE_BASEDIR=/work
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \\
  -DCMAKE_CXX_FLAGS="-Wno-error=maybe-uninitialized -Wno-error=restrict"  # GCC 12 -O3 false positives
cmake --build build/release -j2 --target targetwatchd targetwatch
tests/bench/versus-pushgateway.sh --daemon build/release/bin/targetwatchd \\
  --departments $D --projects $P --indicators $I --batch $B
\`\`\`

\`--departments 500\` 为 100 万指标规模。小规模冒烟测试：\`ctest -L bench\`（2 个部门 × 3 个项目，不写本文件）。
EOF
echo "report: $report"
