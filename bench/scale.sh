#!/bin/sh
# Scale benchmark: build a brief (md, html, json) from synthetic corpora of 1,000 and 10,000
# articles (bench/gen_corpus.py, recombined from seeds/) with 1 and with all worker threads, and
# from one 50 MB single-line file; report wall time, CPU time and peak RSS (/usr/bin/time -v).
# Then run the tests `cargo test` ignores for their size (the 10,000-article corpus and the
# 50 MB file). Not part of `cargo test` or CI.
#   bench/scale.sh                  # builds target/release/briefly first
#   BRIEFLY_BIN=path bench/scale.sh # use an existing binary (the ignored tests still build)
#   SKIP_TESTS=1 bench/scale.sh     # only the timings
set -eu
cd "$(dirname "$0")/.."
if [ -z "${BRIEFLY_BIN:-}" ]; then
    cargo build --release --quiet
    BRIEFLY_BIN=${CARGO_TARGET_DIR:-target}/release/briefly
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'title: Scale benchmark\ndate: 2025-12-31\n' >"$WORK/brief.yaml"
report() { # label, time file
    wall=$(grep 'Elapsed (wall clock)' "$2" | awk '{print $NF}')
    user=$(grep 'User time' "$2" | awk '{print $NF}')
    sys=$(grep 'System time' "$2" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$2" | awk '{print $NF}')
    echo "$1: wall $wall, CPU ${user}+${sys} s, peak RSS $((rss / 1024)) MiB"
}
for n in 1000 10000; do
    python3 bench/gen_corpus.py "$n" "$WORK/in-$n"
    for jobs in 1 ""; do
        /usr/bin/time -v "$BRIEFLY_BIN" build -q ${jobs:+-j $jobs} --config "$WORK/brief.yaml" \
            --input "$WORK/in-$n" --out "$WORK/out-$n-$jobs" --formats md,html,json 2>"$WORK/time"
        report "$n articles, ${jobs:-all} thread(s)" "$WORK/time"
    done
    cmp -s "$WORK/out-$n-1/2026-W01/brief.json" "$WORK/out-$n-/2026-W01/brief.json" ||
        { echo "outputs differ between 1 and all threads" >&2; exit 1; }
done
mkdir "$WORK/huge"
python3 -c "import sys; u='The delegates met again in the old hall and agreed to talk once more next week. '; sys.stdout.write('Huge\n\n' + u * (50000000 // len(u)) + '\n')" >"$WORK/huge/huge.txt"
/usr/bin/time -v "$BRIEFLY_BIN" build -q --config "$WORK/brief.yaml" --input "$WORK/huge" \
    --out "$WORK/out-huge" --formats md,html,json 2>"$WORK/time"
report "one 50 MB single-line file" "$WORK/time"
if [ -z "${SKIP_TESTS:-}" ]; then
    cargo test --release --quiet --test suite -- --ignored bad_input:: parallel::
fi
