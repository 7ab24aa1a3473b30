#!/usr/bin/env bash
# fogline beside what analysts use today, on the same events, timed side by side in one run:
#
#   bash benches/peers.sh [EVENTS]        (default 100000)
#
# It builds fogline, generates EVENTS events (`fogline generate`, 20 sources), writes the same
# events as a log file for lnav and as a CSV for visidata, installs the peers if they are missing
# (lnav from Debian's packages, visidata from PyPI), and runs one task each:
#   fogline   `fogline list DIR --source s1 --source s2 --source s3` (load, keep 3 of 20 sources, print)
#   lnav      `lnav -n -c ':filter-in <the same 3 sources>' events.log` (the same)
#   visidata  `vd -b events.csv -o out.csv` (load the CSV in batch mode and write it out)
# and prints wall time, peak memory and lines printed (fogline's and lnav's should match), with
# fogline's ratio to each (below 1: fogline is faster or smaller).
set -euo pipefail

events=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fogline="$root/target/release/fogline"

echo "generating $events events in $work ..."
"$fogline" generate --events "$events" --seed 1 -o "$work/data" >/dev/null 2>&1
"$fogline" list "$work/data" --format json 2>/dev/null | python3 -c '
import csv, json, sys
events = json.load(sys.stdin)
work = sys.argv[1]
with open(work + "/events.log", "w") as log, open(work + "/events.csv", "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["date", "sources", "kind", "title", "summary"])
    for e in events:
        day = e["when"]["earliest"] or "0001-01-01"
        sources = ",".join(a["source"] for a in e["sources"])
        summary = (e.get("summary") or "").replace("\n", " ")
        kind, title = e["kind"], e["title"]
        log.write(f"{day}T00:00:00.000Z [{sources}] {kind}: {title} {summary}\n")
        out.writerow([day, sources, kind, title, summary])
' "$work"

if ! command -v lnav >/dev/null; then
    echo "installing lnav ..."
    (apt-get install -y lnav || sudo apt-get install -y lnav) >/dev/null 2>&1 || true
fi
if ! command -v vd >/dev/null; then
    echo "installing visidata ..."
    python3 -m pip install --quiet visidata >/dev/null 2>&1 || true
fi

# Runs a command and prints "seconds max-resident-KB lines-printed".
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>/dev/null || true
    echo "$(cat "$work/time") $(wc -l <"$work/out")"
}

printf '%-10s %10s %12s %10s %16s %16s\n' tool seconds "peak MB" lines "fogline/tool s" "fogline/tool MB"
read -r f_s f_kb f_n < <(measure "$fogline" list "$work/data" --source s1 --source s2 --source s3)
printf '%-10s %10.2f %12.0f %10s %16s %16s\n' fogline "$f_s" "$((f_kb / 1024))" "$f_n" - -
row() {
    python3 -c "
import sys
name, s, kb, n, fs, fkb = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], float(sys.argv[5]), int(sys.argv[6])
print(f'{name:<10} {s:10.2f} {kb/1024:12.0f} {n:>10} {fs/s:16.2f} {fkb/kb:16.2f}')
" "$@" "$f_s" "$f_kb"
}
if command -v lnav >/dev/null; then
    read -r l_s l_kb l_n < <(measure lnav -n -c ':filter-in \[(?:[^]]*,)?(s1|s2|s3)[],\]]' "$work/events.log")
    row lnav "$l_s" "$l_kb" "$l_n"
else
    echo "lnav       not installed"
fi
if command -v vd >/dev/null; then
    read -r v_s v_kb v_n < <(measure vd -b "$work/events.csv" -o "$work/out.csv")
    row visidata "$v_s" "$v_kb" "$v_n"
else
    echo "visidata   not installed"
fi
