#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for SECONDS each (default 60) and
# exits non-zero if any of them found a crash, a timeout or an OOM.
#
#   scripts/fuzz.sh [SECONDS]
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). cargo-fuzz passes nightly
# `-Z` flags to rustc; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept
# them, so no nightly is needed. FUZZ_SANITIZER picks the sanitizer
# (default `address`; `none` still catches panics, arithmetic overflow —
# the targets are built with debug assertions — and hangs via -timeout).
# FUZZ_TARGETS="a b" runs only those targets; FUZZ_ARGS adds libFuzzer
# flags (e.g. FUZZ_ARGS=-max_len=65536: by default libFuzzer tries inputs
# up to 4 KB or the largest seed).
#
# Each target starts from the seeds in fuzz/seeds/<target>/ plus whatever
# earlier runs left in fuzz/corpus/<target>/ (not committed). A finding is
# written to fuzz/artifacts/<target>/; minimize it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin <target> <file>
# and keep it as a regression test in tests/fuzz-regressions/<target>/.
# Logs go to fuzz/logs/<target>.log. Not part of `cargo test` or .ci/run.
set -uo pipefail

seconds=${1:-60}
sanitizer=${FUZZ_SANITIZER:-address}
cd "$(dirname "$0")/.."
export RUSTC_BOOTSTRAP=1

flags=(--release --debug-assertions --sanitizer "$sanitizer")
if [ -n "${FUZZ_TARGETS:-}" ]; then
    read -r -a targets <<<"$FUZZ_TARGETS"
else
    mapfile -t targets < <(cargo fuzz list)
fi

cargo fuzz build "${flags[@]}" || exit 2

mkdir -p fuzz/logs
failed=()
printf '%-22s %8s %12s %10s  %s\n' target seconds executions exec/s result >fuzz/logs/summary.txt
for target in "${targets[@]}"; do
    mkdir -p "fuzz/corpus/$target"
    echo "== $target: ${seconds}s" >&2
    start=$(date +%s)
    cargo fuzz run "${flags[@]}" "$target" "fuzz/corpus/$target" "fuzz/seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 ${FUZZ_ARGS:-} >"fuzz/logs/$target.log" 2>&1
    status=$?
    elapsed=$(($(date +%s) - start))
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz/logs/$target.log" | tail -1)
    rate=$(grep -o 'exec/s: [0-9]*' "fuzz/logs/$target.log" | tail -1 | cut -d' ' -f2)
    if [ "$status" -eq 0 ]; then
        result=ok
    else
        result="FAILED (exit $status; see fuzz/logs/$target.log, fuzz/artifacts/$target/)"
        failed+=("$target")
    fi
    printf '%-22s %8s %12s %10s  %s\n' "$target" "$elapsed" "${runs:--}" "${rate:--}" "$result" \
        | tee -a fuzz/logs/summary.txt >&2
done

cat fuzz/logs/summary.txt
if [ "${#failed[@]}" -gt 0 ]; then
    echo "findings in: ${failed[*]}" >&2
    exit 1
fi
