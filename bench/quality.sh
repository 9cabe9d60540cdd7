#!/bin/sh
# Selection quality and speed on DUC 2004 (dev half): ROUGE of `briefly summarize` with and
# without the cut last sentence, and CPU time against sumy's LexRank measured in the same run.
# Not part of `cargo test` or CI; skipped when the evaluation folder is absent.
#
#   bench/quality.sh                                  # builds target/release/briefly first
#   BRIEFLY_BIN=/path/to/briefly bench/quality.sh     # use an existing binary (no build)
#   CARGO_TARGET_DIR=/tmp/t bench/quality.sh          # build into another target folder
#   PYTHON=/tmp/evalenv/bin/python bench/quality.sh   # a Python with eval/requirements.txt
#
# Set up the scorer once: python3 -m venv /tmp/evalenv &&
#   /tmp/evalenv/bin/pip install -r ../shared/eval/requirements.txt
set -eu
cd "$(dirname "$0")/.."
EVAL=../shared/eval
SET=$EVAL/duc2004-dev
PY=${PYTHON:-python3}
if [ ! -d "$SET" ]; then
    echo "bench/quality.sh: $SET not found; nothing to do" >&2
    exit 0
fi
if [ -z "${BRIEFLY_BIN:-}" ]; then
    cargo build --release --quiet
    BRIEFLY_BIN=${CARGO_TARGET_DIR:-target}/release/briefly
fi
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$PY" $EVAL/score.py --set $SET --json --cmd "$BRIEFLY_BIN summarize --words {words} {docs_dir}" >"$OUT/cut.json"
"$PY" $EVAL/score.py --set $SET --json --cmd "$BRIEFLY_BIN summarize --whole --words {words} {docs_dir}" >"$OUT/whole.json"
"$PY" $EVAL/score.py --set $SET --json --baseline lexrank >"$OUT/lexrank.json"
"$PY" - "$OUT" <<'PY'
import json, os, sys
out = sys.argv[1]
rows = [("briefly summarize (last sentence cut at 100 words)", "cut"),
        ("briefly summarize --whole (whole sentences only)", "whole"),
        ("sumy LexRank (score.py --baseline lexrank)", "lexrank")]
res = {k: json.load(open(os.path.join(out, k + ".json")))["results"][0] for _, k in rows}
print("| system | R-1 R | R-2 R | ±95% | words | fail | wall s (25 clusters) | CPU s (25 clusters) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name, k in rows:
    r = res[k]
    print("| %s | %.2f | %.2f | %.2f | %.1f | %d | %.3f | %.3f |" % (
        name, r["rouge1"]["r"], r["rouge2"]["r"], r["rouge2_r_ci95"], r["words"], r["fail"],
        r["seconds"], r["cpu_seconds"]))
lr = res["lexrank"]
for k in ("cut", "whole"):
    r = res[k]
    print("\n%s: %.0fx less CPU, %.0fx less wall time than sumy LexRank" % (
        k, lr["cpu_seconds"] / r["cpu_seconds"], lr["seconds"] / r["seconds"]))
PY
