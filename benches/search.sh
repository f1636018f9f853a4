#!/usr/bin/env bash
# Search latency and export throughput on an archive of COPIES × corpus/
# (default 589 copies of the 17 bundled sessions = 10,013 sessions):
# builds it, indexes it (release build, 2 threads), then runs
# benches/search_latency.rs against the index, and times whole exports
# through the CLI (csv, jsonl, qdpx) with peak RSS.
#
#   benches/search.sh [COPIES]
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-589}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
bin=target/release/notulen
archive="$work/archive"
for i in $(seq -w 1 "$copies"); do
    mkdir -p "$archive/copy-$i"
    cp -r corpus/. "$archive/copy-$i/"
    find "$archive/copy-$i" -name 'README*' -delete
done
echo "archive: $(find "$archive" -type f | wc -l) files"
"$bin" run --quiet -j 2 --index "$work/index" "$archive" 2>&1 | grep '^indexed'
du -sh "$work/index" | sed 's/^/index size: /'
NOTULEN_BENCH_INDEX="$work/index" cargo bench --quiet --bench search_latency
NOTULEN_BENCH_ARCHIVE="$archive" cargo bench --quiet --bench compound_cost
for format in csv jsonl qdpx; do
    /usr/bin/time -f "%e s, %M KiB peak RSS" -o "$work/time" \
        "$bin" export --format "$format" --index "$work/index" --out "$work/export.$format" 2> "$work/log"
    echo "export $format: $(tail -1 "$work/log"); $(cat "$work/time"); $(du -h "$work/export.$format" | cut -f1)"
done
