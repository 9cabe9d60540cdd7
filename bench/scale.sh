#!/bin/sh
# Scale benchmark: build a brief (md, html, json) from
#   * the realistic corpus: N articles of new sentences from a word-level Markov chain over the
#     DUC dev clusters (../shared/eval/corpus.py; its vocabulary grows with N, as a news stream's
#     does), generated at run time, nothing copied into the repository — at 1,000, 5,000 and
#     20,000 articles (SIZES="1000 5000 20000 100000" adds 100,000; generating it takes minutes);
#   * the synthetic corpus of bench/gen_corpus.py (recombined from seeds/, a tiny vocabulary) at
#     1,000 and 10,000 articles, with 1 and with all worker threads (the outputs must agree);
#   * one 50 MB single-line file;
# and report wall time, CPU time and peak RSS (/usr/bin/time -v) and, for the realistic corpus,
# the time of each stage (BRIEFLY_TIMINGS=1: wall and CPU seconds per stage). Then run the tests
# `cargo test` ignores for their size (the 10,000-article corpus and the 50 MB file). Not part of
# `cargo test` or CI.
#   bench/scale.sh                  # builds target/release/briefly first (with PDF)
#   BRIEFLY_BIN=path bench/scale.sh # use an existing binary (the ignored tests still build)
#   SKIP_TESTS=1 bench/scale.sh     # only the timings
#   SKIP_SYNTHETIC=1 bench/scale.sh # only the realistic corpus
#   EVAL=dir bench/scale.sh         # where corpus.py and the dev clusters are (../shared/eval)
#   CORPORA=dir bench/scale.sh      # keep generated realistic corpora there and reuse them
#   PDF=10000 bench/scale.sh        # also build that many realistic articles with the PDF
set -eu
cd "$(dirname "$0")/.."
if [ -z "${BRIEFLY_BIN:-}" ]; then
    cargo build --release --quiet
    BRIEFLY_BIN=${CARGO_TARGET_DIR:-target}/release/briefly
fi
EVAL=${EVAL:-../shared/eval}
SIZES=${SIZES:-1000 5000 20000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
CORPORA=${CORPORA:-$WORK}
printf 'title: Scale benchmark\ndate: 2025-12-31\n' >"$WORK/brief.yaml"
report() { # label, time file
    wall=$(grep 'Elapsed (wall clock)' "$2" | awk '{print $NF}')
    user=$(grep 'User time' "$2" | awk '{print $NF}')
    sys=$(grep 'System time' "$2" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$2" | awk '{print $NF}')
    echo "$1: wall $wall, CPU ${user}+${sys} s, peak RSS $((rss / 1024)) MiB"
}
# One timed build: label, input folder, formats, extra flags…
timed() {
    label=$1 input=$2 formats=$3
    shift 3
    BRIEFLY_TIMINGS=1 /usr/bin/time -v "$BRIEFLY_BIN" build -q "$@" --config "$WORK/brief.yaml" \
        --input "$input" --out "$WORK/out" --formats "$formats" 2>"$WORK/time"
    report "$label" "$WORK/time"
    grep '^timing:' "$WORK/time" | grep -v '  start$' | sed 's/^timing:/    /'
    rm -rf "$WORK/out"
}
realistic() { # n → folder
    dir="$CORPORA/realistic-$1"
    if [ ! -d "$dir" ]; then
        python3 "$EVAL/corpus.py" "$1" "$dir" >/dev/null
    fi
    echo "$dir"
}
if [ -f "$EVAL/corpus.py" ]; then
    for n in $SIZES; do
        timed "realistic, $n articles" "$(realistic "$n")" md,html,json
    done
    if [ -n "${PDF:-}" ]; then
        timed "realistic, $PDF articles, with PDF" "$(realistic "$PDF")" md,html,pdf,json
    fi
else
    echo "no $EVAL/corpus.py: realistic corpus skipped"
fi
if [ -z "${SKIP_SYNTHETIC:-}" ]; then
    for n in 1000 10000; do
        python3 bench/gen_corpus.py "$n" "$WORK/in-$n"
        for jobs in 1 ""; do
            /usr/bin/time -v "$BRIEFLY_BIN" build -q ${jobs:+-j $jobs} --config "$WORK/brief.yaml" \
                --input "$WORK/in-$n" --out "$WORK/out-$n-$jobs" --formats md,html,json 2>"$WORK/time"
            report "synthetic, $n articles, ${jobs:-all} thread(s)" "$WORK/time"
        done
        cmp -s "$WORK/out-$n-1/2026-W01/brief.json" "$WORK/out-$n-/2026-W01/brief.json" ||
            { echo "outputs differ between 1 and all threads" >&2; exit 1; }
    done
    mkdir "$WORK/huge"
    python3 -c "import sys; u='The delegates met again in the old hall and agreed to talk once more next week. '; sys.stdout.write('Huge\n\n' + u * (50000000 // len(u)) + '\n')" >"$WORK/huge/huge.txt"
    /usr/bin/time -v "$BRIEFLY_BIN" build -q --config "$WORK/brief.yaml" --input "$WORK/huge" \
        --out "$WORK/out-huge" --formats md,html,json 2>"$WORK/time"
    report "one 50 MB single-line file" "$WORK/time"
fi
if [ -z "${SKIP_TESTS:-}" ]; then
    cargo test --release --quiet --test suite -- --ignored bad_input:: parallel::
fi
