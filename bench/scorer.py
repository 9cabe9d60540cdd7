#!/usr/bin/env python3
"""Runs ../shared/eval/score.py unchanged, with the scorer's own start-up heap frozen.

    python3 bench/scorer.py SCORE_PY [score.py arguments ...]

Why: score.py charges a --cmd system with the CPU of its own process while it spawns the
command (`getrusage` of itself plus its children). The scorer keeps a large heap (NLTK's
Punkt models, rouge-score, sumy, NumPy), and CPython's cyclic garbage collector walks all of
it in each full collection: 80-160 ms per collection on this machine (measured with
`gc.callbacks`). A collection runs whenever allocation counts cross a threshold, which is
during a summarizer's 10 ms timing window or during LexRank's 25 s window as it happens; on
the DUC 2004 dev set one lands inside briefly's window in every run (in `subprocess.Popen`
for cluster d30050t), adding a quarter to briefly's figure and nothing measurable to LexRank's.

`gc.freeze()` after the scorer's imports moves those objects out of the collector's reach, as
CPython documents for long-lived start-up objects; the collector still runs and still collects
what each system allocates. Same scorer, same ROUGE, same timing code, for both systems.

score.py re-executes itself to fix PYTHONHASHSEED and BLAS threads (`make_deterministic`),
which would drop the freeze, so this sets those variables the way score.py does (and records
the caller's values for the --cmd environment, as score.py does) before running it in-process.
"""
import gc
import json
import os
import runpy
import sys

WANT = {"PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1"}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.split("\n\n")[1])
    if any(os.environ.get(k) != v for k, v in WANT.items()):
        env = dict(os.environ, **WANT)
        env["SCORE_PY_ORIG_ENV"] = json.dumps({k: os.environ.get(k) for k in WANT})
        os.execve(sys.executable, [sys.executable, os.path.abspath(__file__)] + sys.argv[1:], env)
    score = os.path.abspath(sys.argv[1])
    sys.argv = [score] + sys.argv[2:]
    sys.path.insert(0, os.path.dirname(score))
    # The modules score.py's check_requirements imports, then freeze.
    for mod in ("numpy", "nltk", "punkt", "rouge_score.rouge_scorer", "sumy"):
        __import__(mod)
    gc.freeze()
    runpy.run_path(score, run_name="__main__")


if __name__ == "__main__":
    main()
