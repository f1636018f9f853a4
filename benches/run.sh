#!/usr/bin/env bash
# Whole-run benchmark: builds an archive, times a full `notulen run` on 1
# and 2 threads (words/second, peak RSS, index size per million words),
# plain Tantivy on the same files (`index_only.rs`), each stage on its own
# (`stages.rs`), then a re-run with nothing changed and one after changing
# 1 % of files.
#
#   benches/run.sh [SESSIONS]     synthetic archive (`notulen synth --seed 1`),
#                                 default 2800 sessions
#   benches/run.sh --copies N     N copies of corpus/, each its own series
#                                 (the archives of the older measurements)
#
# Environment: THREADS (default "1 2"), WRITER_MEMORY in MB (default 128),
# KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
threads_list=${THREADS:-1 2}
writer_memory=${WRITER_MEMORY:-128}
work=$(mktemp -d)
if [ "${KEEP:-0}" != 1 ]; then trap 'rm -rf "$work"' EXIT; else echo "work folder: $work"; fi
cargo build --release --quiet
bin=${CARGO_TARGET_DIR:-target}/release/notulen

archive="$work/archive"
if [ "${1:-}" = "--copies" ]; then
    copies=${2:-200}
    for i in $(seq -w 1 "$copies"); do
        mkdir -p "$archive/copy-$i"
        cp -r corpus/. "$archive/copy-$i/"
        find "$archive/copy-$i" -name 'README*' -delete
    done
    what="$copies copies of corpus/"
else
    sessions=${1:-2800}
    "$bin" synth --sessions "$sessions" --seed 1 "$archive" 2> /dev/null
    what="notulen synth --sessions $sessions --seed 1"
fi
files=$(find "$archive" -type f | wc -l)
bytes=$(du -sb "$archive" | cut -f1)
echo "archive: $files files, $bytes bytes ($what)"

timed() {
    /usr/bin/time -f "%e s elapsed, %M KiB peak RSS" -o "$work/time" "$@" 2> "$work/summary"
}

for threads in $threads_list; do
    rm -rf "$work/index"
    timed "$bin" run --quiet -j "$threads" --writer-memory "$writer_memory" \
        --index "$work/index" "$archive"
    echo "threads=$threads: $(grep '^indexed' "$work/summary"); $(cat "$work/time")"
done
# The baseline: the same files and passages through plain Tantivy (default
# tokenizer, no analysis), same thread counts; the ratio is what the Dutch
# analysis costs.
cargo bench --quiet --bench index_only --no-run 2> /dev/null
for threads in $threads_list; do
    NOTULEN_BENCH_ARCHIVE="$archive" NOTULEN_BENCH_THREADS="$threads" \
        cargo bench --quiet --bench index_only 2> /dev/null | grep '^index-only'
done
# Each stage on its own (read, analyse, our index, plain Tantivy, our
# schema's field groups), same archive and thread counts.
cargo bench --quiet --bench stages --no-run 2> /dev/null
for threads in $threads_list; do
    NOTULEN_BENCH_ARCHIVE="$archive" NOTULEN_BENCH_THREADS="$threads" \
        cargo bench --quiet --bench stages 2> /dev/null | grep -v '^$'
done
words=$(grep -o 'the index holds [0-9,]* sessions, [0-9,]* words' "$work/summary" \
    | awk '{print $6}' | tr -d ,)
size=$(du -sb "$work/index" | cut -f1)
awk -v s="$size" -v w="$words" \
    'BEGIN { printf "index size: %.1f MB, %.1f MB per million words\n", s/1e6, s/1e6/(w/1e6) }'

# Incremental: nothing changed, then 1 % of the files changed.
timed "$bin" run --quiet --index "$work/index" "$archive"
echo "re-run, nothing changed: $(grep 'unchanged' "$work/summary" | head -n 1); $(cat "$work/time")"
find "$archive" -type f | sort | awk 'NR % 100 == 0' | while read -r f; do
    printf '\nDe voorzitter: een toegevoegde alinea voor de herhaalde run.\n' >> "$f"
done
timed "$bin" run --quiet --index "$work/index" "$archive"
echo "re-run, 1 % changed: $(grep 'unchanged' "$work/summary" | head -n 1); $(cat "$work/time")"
