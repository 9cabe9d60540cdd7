#!/bin/sh
# Hostile-input benchmark (issue 29, finding 6): inputs shaped to make a pass over names,
# sentences or markup quadratic. Each shape of bench/adversarial.py is generated at 1 MB and
# 4 MB and built with `briefly build`; the CPU time (user + system, /usr/bin/time) of the two
# builds is compared. Exit 1 when, for any shape, 4 MB costs 6 times 1 MB or more (linear work
# gives about 4), or when 7 MB of distinct names take 30 s of CPU or more. Not part of
# `cargo test` or CI (the tests count operations instead; see bench/README.md).
#   bench/adversarial.sh                   # builds target/release/briefly first
#   BRIEFLY_BIN=path bench/adversarial.sh  # use an existing binary
#   SHAPES="names attributes" bench/adversarial.sh
#   TIMEOUT=300 (default): a build still running after this many seconds is stopped and fails
#   MEMORY_KB=8000000 (default): soft address-space limit of each build; one that needs more
#   fails instead of taking the machine's memory
set -eu
cd "$(dirname "$0")/.."
if [ -z "${BRIEFLY_BIN:-}" ]; then
    cargo build --release --quiet
    BRIEFLY_BIN=${CARGO_TARGET_DIR:-target}/release/briefly
fi
SHAPES=${SHAPES:-names surname dates dropped attributes elements}
TIMEOUT=${TIMEOUT:-300}
MEMORY_KB=${MEMORY_KB:-8000000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf 'title: Adversarial benchmark\ndate: 2025-12-31\n' >"$WORK/brief.yaml"

# cpu SHAPE BYTES: prints the CPU seconds of one build (">TIMEOUT" when stopped, "failed"
# when it ended with an error, e.g. out of memory; its output is then on stderr).
cpu() {
    dir="$WORK/$1-$2"
    python3 bench/adversarial.py "$1" "$2" "$dir/in"
    status=0
    (
        ulimit -S -v "$MEMORY_KB"
        exec /usr/bin/time -f '%U %S' -o "$dir/time" timeout "$TIMEOUT" "$BRIEFLY_BIN" build -q \
            --config "$WORK/brief.yaml" --input "$dir/in" --out "$dir/out" --formats md,json
    ) >"$dir/log" 2>&1 || status=$?
    if [ "$status" = 124 ]; then
        echo ">$TIMEOUT"
    elif [ "$status" != 0 ]; then
        echo "build of $1 at $2 bytes failed (status $status):" >&2
        tail -n 5 "$dir/log" >&2
        echo failed
    else
        tail -n 1 "$dir/time" | awk '{ printf "%.2f", $1 + $2 }'
    fi
}

failed=0
printf '%-12s %10s %10s %7s\n' shape "1 MB CPU s" "4 MB CPU s" ratio
for shape in $SHAPES; do
    small=$(cpu "$shape" 1e6)
    large=$(cpu "$shape" 4e6)
    verdict=$(awk -v s="$small" -v l="$large" 'BEGIN {
        if (s !~ /^[0-9.]+$/ || l !~ /^[0-9.]+$/) { print "- FAIL"; exit }
        if (s < 0.01) s = 0.01
        r = l / s
        printf "%.1f %s", r, (r >= 6 ? "FAIL" : "ok") }')
    printf '%-12s %10s %10s %7s\n' "$shape" "$small" "$large" "$verdict"
    case $verdict in *FAIL) failed=1 ;; esac
done
case " $SHAPES " in *" names "*)
    big=$(cpu names 7e6)
    ok=$(awk -v b="$big" 'BEGIN { print (b !~ /^[0-9.]+$/ || b >= 30) ? "FAIL" : "ok" }')
    printf '%-12s %10s CPU s at 7 MB (limit 30) %s\n' names "$big" "$ok"
    [ "$ok" = ok ] || failed=1
    ;;
esac
exit "$failed"
