#!/usr/bin/env bash
# Whole-run benchmark: builds an archive of COPIES × corpus/ (each copy a
# distinct series, so ids stay unique), then times `notulen run` on 1 and 2
# threads and reports words/second and peak RSS.
#
#   benches/run.sh [COPIES]      (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
copies=${1:-200}
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
files=$(find "$archive" -type f | wc -l)
bytes=$(du -sb "$archive" | cut -f1)
echo "archive: $files files, $bytes bytes ($copies copies of corpus/)"

for threads in 1 2; do
    rm -rf "$work/index"
    /usr/bin/time -f "%e s elapsed, %M KiB peak RSS" -o "$work/time" \
        "$bin" run --quiet -j "$threads" --index "$work/index" "$archive" 2> "$work/summary"
    echo "threads=$threads: $(grep '^indexed' "$work/summary"); $(cat "$work/time")"
done
du -sh "$work/index" | sed 's/^/index size: /'
