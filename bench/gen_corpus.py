#!/usr/bin/env python3
"""Synthetic corpus for scale benchmarks: N articles recombined from our own sample articles.

Usage: bench/gen_corpus.py N OUT_DIR [SEED]
Each article gets a date in December 2025, a headline and 12-30 sentences drawn (with a fixed
pseudo-random seed, so the corpus is reproducible) from the sentences of seeds/.
"""
import os, random, re, sys

n, out = int(sys.argv[1]), sys.argv[2]
rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
here = os.path.dirname(os.path.abspath(__file__))
seeds = os.path.join(here, "..", "seeds")
sentences = []
for name in sorted(os.listdir(seeds)):
    text = open(os.path.join(seeds, name), encoding="utf-8").read()
    for line in text.splitlines():
        for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", line.strip()):
            if len(s.split()) >= 8 and s[-1] in ".!?\"”":
                sentences.append(s)
os.makedirs(out, exist_ok=True)
for i in range(n):
    day = 1 + rng.randrange(28)
    body = rng.sample(sentences, rng.randint(12, min(30, len(sentences))))
    paras = [" ".join(body[j:j + 3]) for j in range(0, len(body), 3)]
    title = " ".join(rng.choice(sentences).split()[:9])
    with open(os.path.join(out, f"{i:05d}.md"), "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: \"{title.replace(chr(34), '')}\"\ndate: 2025-12-{day:02d}\nsource: Outlet {i % 37}\n---\n\n")
        f.write("\n\n".join(paras) + "\n")
