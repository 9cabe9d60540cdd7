#!/usr/bin/env python3
"""Where the CPU time of one `briefly summarize` process goes, measured the way
../shared/eval/score.py measures a --cmd (this process plus its finished children, one
`/bin/sh -c` per cluster): spawning alone (`true`), the binary starting and exiting
(`--version`), and a whole summary. The differences are the start-up cost and the work.

    python3 bench/process.py                           # target/release/briefly
    python3 bench/process.py BIN [BIN2 ...]            # several binaries, e.g. one built with
                                                       # --no-default-features (no Typst)

Each figure is the best of three passes over the 25 DUC 2004 dev clusters (skipped when
../shared/eval is absent). Needs only Python's standard library.
"""
import os
import resource
import shlex
import subprocess
import sys

SET = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "eval", "duc2004-dev")


def cpu():
    a, b = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def per_cluster_ms(template, clusters):
    best = None
    for _ in range(3):
        c0 = cpu()
        for c in clusters:
            docs = shlex.quote(os.path.abspath(os.path.join(SET, c, "docs")))
            p = subprocess.Popen(template.format(docs=docs), shell=True, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, start_new_session=True)
            p.communicate()
            if p.returncode != 0:
                sys.exit("failed: " + template)
        t = cpu() - c0
        best = t if best is None else min(best, t)
    return best * 1000 / len(clusters)


def main():
    if not os.path.isdir(SET):
        print("bench/process.py: %s not found; nothing to do" % SET, file=sys.stderr)
        return
    clusters = sorted(c for c in os.listdir(SET) if os.path.isdir(os.path.join(SET, c)))
    bins = sys.argv[1:] or ["target/release/briefly"]
    spawn = per_cluster_ms("true", clusters)
    print("CPU ms per process, as score.py counts it (best of 3 passes over %d clusters)\n" % len(clusters))
    print("| binary | spawn (`true`) | start-up (`--version` − spawn) | work (`summarize` − `--version`) | summarize |")
    print("|---|---:|---:|---:|---:|")
    for b in bins:
        q = shlex.quote(b)
        version = per_cluster_ms(q + " --version", clusters)
        summary = per_cluster_ms(q + " summarize --words 100 {docs}", clusters)
        print("| %s | %.2f | %.2f | %.2f | %.2f |" % (b, spawn, version - spawn, summary - version, summary))


if __name__ == "__main__":
    main()
