#!/bin/sh
# Story clustering on mixtures of DUC 2004 clusters (dev half): several news events per project,
# the gold event of every article known. Measures `briefly stories` (purity, NMI, story count)
# against a TF-IDF + agglomerative baseline, and how the built brief's sections, BLUF and
# "also" items line up with the events (one section per event, mixed sections, point purity,
# specific labels, ROUGE-2 recall against the event's reference summaries). All logic and the
# description of each figure are in bench/stories_eval.py; this script only prepares its tools.
# Not part of `cargo test` or CI; skipped when the evaluation folder is absent. The mixtures are
# written to a temporary folder at run time: no evaluation text goes into the repository.
#
#   bench/stories.sh                                   # builds target/release/briefly if missing
#   BRIEFLY_BIN=/path/to/briefly bench/stories.sh      # use an existing binary (no build)
#   bench/stories.sh --json /tmp/stories.json          # also write every figure as JSON
#   bench/stories.sh --keep /tmp/stories-projects      # keep the generated projects to read
#   EVAL_DIR=/path/to/eval STORIES_VENV=/tmp/venv bench/stories.sh
#
# The Python environment (eval requirements + scikit-learn) is created once at $STORIES_VENV
# (default /tmp/stories-venv).
set -eu
cd "$(dirname "$0")/.."
EVAL_DIR=${EVAL_DIR:-$(pwd)/../shared/eval}
if [ ! -d "$EVAL_DIR/duc2004-dev" ]; then
    echo "bench/stories.sh: $EVAL_DIR/duc2004-dev not found; nothing to do" >&2
    exit 0
fi
if [ -z "${BRIEFLY_BIN:-}" ]; then
    BRIEFLY_BIN=target/release/briefly
    [ -x "$BRIEFLY_BIN" ] || cargo build --release --quiet
fi
VENV=${STORIES_VENV:-/tmp/stories-venv}
if ! "$VENV/bin/python" -c "import rouge_score, sklearn" 2>/dev/null; then
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet -r "$EVAL_DIR/requirements.txt" scikit-learn
fi
exec "$VENV/bin/python" bench/stories_eval.py --eval-dir "$EVAL_DIR" --bin "$BRIEFLY_BIN" "$@"
