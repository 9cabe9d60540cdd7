#!/bin/sh
# Scale benchmark: build a brief (md, html, json) from synthetic corpora of 1,000 and 10,000
# articles (bench/gen_corpus.py, recombined from seeds/) and report wall time and peak RSS
# (/usr/bin/time -v). Not part of `cargo test` or CI.
#   bench/scale.sh                  # builds target/release/briefly first
#   BRIEFLY_BIN=path bench/scale.sh # use an existing binary
set -eu
cd "$(dirname "$0")/.."
if [ -z "${BRIEFLY_BIN:-}" ]; then
    cargo build --release --quiet
    BRIEFLY_BIN=${CARGO_TARGET_DIR:-target}/release/briefly
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'title: Scale benchmark\ndate: 2025-12-31\n' >"$WORK/brief.yaml"
for n in 1000 10000; do
    python3 bench/gen_corpus.py "$n" "$WORK/in-$n"
    /usr/bin/time -v "$BRIEFLY_BIN" build -q --config "$WORK/brief.yaml" --input "$WORK/in-$n" \
        --out "$WORK/out-$n" --formats md,html,json 2>"$WORK/time-$n"
    wall=$(grep 'Elapsed (wall clock)' "$WORK/time-$n" | awk '{print $NF}')
    rss=$(grep 'Maximum resident' "$WORK/time-$n" | awk '{print $NF}')
    echo "$n articles: wall $wall, peak RSS $((rss / 1024)) MiB"
done
