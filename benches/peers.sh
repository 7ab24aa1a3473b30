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
# fogline runs five times: parsing alone (`--no-cache`), the first open (which parses the RON and
# writes a snapshot in a cache directory inside the scratch space while it prints), the second,
# which reads the snapshot, and `brief` with the same filter, once parsing the RON
# (`--no-cache`) and once reading the snapshot. It prints wall time, peak memory and lines
# printed (fogline's list and lnav's should match), and fogline's ratio to each peer (below 1:
# fogline is faster or smaller).
set -euo pipefail

events=${1:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
fogline="$root/target/release/fogline"

echo "generating $events events in $work ..."
"$fogline" generate --events "$events" --seed 1 -o "$work/data" >/dev/null 2>&1
"$fogline" --no-cache list "$work/data" --format json 2>/dev/null | python3 -c '
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

sources=(--source s1 --source s2 --source s3)
export FOGLINE_CACHE_DIR="$work/cache"
declare -A secs mem lines
run() {
    local name=$1
    shift
    read -r "secs[$name]" "mem[$name]" "lines[$name]" < <(measure "$@")
}
# A data file changed in the last 3 seconds is checked by its content at every open (see
# src/cache/stamp.rs); a user's data has sat still longer than that, and so does this.
sleep 3
# Parsing alone; the first open: parse the RON (and leave a snapshot); again: from the snapshot.
run fogline-nocache "$fogline" --no-cache list "$work/data" "${sources[@]}"
run fogline-parse "$fogline" list "$work/data" "${sources[@]}"
run fogline-again "$fogline" list "$work/data" "${sources[@]}"
run fogline-brief-nocache "$fogline" --no-cache brief "$work/data" "${sources[@]}"
run fogline-brief "$fogline" brief "$work/data" "${sources[@]}"
if command -v lnav >/dev/null; then
    run lnav lnav -n -c ':filter-in \[(?:[^]]*,)?(s1|s2|s3)[],\]]' "$work/events.log"
else
    echo "lnav: not installed"
fi
if command -v vd >/dev/null; then
    run visidata vd -b "$work/events.csv" -o "$work/out.csv"
else
    echo "visidata: not installed"
fi

printf '%-22s %9s %9s %9s\n' tool seconds "peak MB" lines
for t in fogline-nocache fogline-parse fogline-again fogline-brief-nocache fogline-brief lnav visidata; do
    [[ -n "${secs[$t]:-}" ]] || continue
    printf '%-22s %9.2f %9d %9s\n' "$t" "${secs[$t]}" "$((mem[$t] / 1024))" "${lines[$t]}"
done
echo
echo "ratios (below 1: fogline is faster or smaller)"
printf '%-38s %9s %9s\n' "" time memory
for f in fogline-nocache fogline-parse fogline-again fogline-brief-nocache fogline-brief; do
    for t in lnav visidata; do
        [[ -n "${secs[$t]:-}" ]] || continue
        python3 -c "
import sys
print(f'{sys.argv[1] + \" / \" + sys.argv[2]:<38} {float(sys.argv[3]) / float(sys.argv[5]):9.2f} {int(sys.argv[4]) / int(sys.argv[6]):9.2f}')
" "$f" "$t" "${secs[$f]}" "${mem[$f]}" "${secs[$t]}" "${mem[$t]}"
    done
done
