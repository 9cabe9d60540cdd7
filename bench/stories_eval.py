#!/usr/bin/env python3
"""Story clustering benchmark: briefly on mixtures of DUC 2004 clusters (dev half).

Run through bench/stories.sh, which sets up the Python environment and the binary:
    bench/stories.sh [--json OUT] [--keep DIR] [--bin PATH]

MIXTURES (deterministic, from the sorted list of the 25 cluster ids)
  groups  five projects of five clusters: ids 0-4, 5-9, ..., 20-24; brief.yaml is
          `title: Story bench` + `auto_topics: 5`
  weeks   two projects of ten clusters: week A = even positions among the first 20 ids,
          week B = odd positions; brief.yaml is the one `briefly init` writes
Each article becomes seeds/<DOCNO>.md with front matter (title: its first 8 words; date from the
DOCNO; outlet from its prefix), written by bench/duc.py. The projects live in a temporary folder
(or --keep DIR) and are never part of the repository. An article that sits in two clusters
(d30008t and d30011t share two) is written once and its gold cluster is the first of them in
sorted order.

FIGURES, per mixture
  clustering (`briefly stories SEEDS --format json`; "n/a" when the binary has no such command):
    stories     stories found (all, single-article ones included) / gold clusters
    purity      sum over predicted stories of the largest overlap with one gold cluster, / articles
    NMI         sklearn normalized_mutual_info_score (arithmetic mean) against the gold clusters
    A file listed by several stories belongs to the first story listing it.
  baseline row: TF-IDF over the article texts (sublinear tf, English stop words, min_df 2) +
    AgglomerativeClustering(cosine, average linkage, distance threshold 0.9, k not given), the
    configuration measured in shared/STACK.md; same articles, same purity and NMI. (With
    TfidfVectorizer() defaults the stop words keep every pair under the threshold: one cluster.)
  brief (`briefly build --formats json`); a point's gold cluster is that of its first citation:
    sections    topic sections of the brief
    w/ section  gold clusters that are the majority cluster of some section (ties: smallest id)
    covered     gold clusters cited first by some point of the BLUF, the topics or `also`
    mixed       sections whose points are not all from the section's majority cluster
    point pur.  share of topic points from their section's majority cluster (pooled in totals)
    labels      section names holding a word (3+ letters, not in STOP_WORDS: function words and
                said/new/last/week/year; punctuation stripped, case-insensitive) that occurs in
                the reference summaries of the majority cluster
    BLUF        distinct gold clusters among the BLUF points / BLUF points ("rep." = a repeat)
    R-2 R       ROUGE-2 recall (x100) of each section's points against the references of its
                majority cluster, as score.py scores a summary (100-word limit on both sides,
                Porter stemming, references combined as ROUGE-1.5.5 -f A); mean over sections
Totals: counts are summed, purity and NMI are means over mixtures, R-2 is the mean over all
sections. After the tables, every mixture's labels (sections, `also` items, stories) are listed.
"""
import argparse
import collections
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

import duc  # bench/duc.py: the articles as briefly input (shared with bench/weeks.py)

STOP_WORDS = set("""
a about above after again against all also an and any are as at be been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just last made make many
may me more most much my new no nor not now of off on once one only or other our out over own
said same says she should since so some still such than that the their them then there these
they this those three through to too two under until up upon us very was we week were what when
where which while who whom why will with would year years you your
""".split())


# ----------------------------------------------------------------------------- mixtures

def mixtures(ids):
    groups = [("group %d" % (i + 1), ids[5 * i:5 * i + 5]) for i in range(len(ids) // 5)]
    weeks = [("week A", ids[0:20:2]), ("week B", ids[1:20:2])]
    return [("groups", groups), ("weeks", weeks)]


def write_project(bin_path, kind, proj, clusters, eval_set):
    """Write the project; return {file name: (gold cluster, text)}."""
    if kind == "weeks":
        run([bin_path, "init", "-q", proj])
    else:
        os.makedirs(os.path.join(proj, "seeds"))
        with open(os.path.join(proj, "brief.yaml"), "w") as f:
            f.write("title: Story bench\nauto_topics: 5\n")
    written = duc.write_articles(os.path.join(proj, "seeds"),
                                 [(cid, os.path.join(eval_set, cid)) for cid in clusters])
    return {f: (a["cluster"], a["text"]) for f, a in written.items()}


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    return p.stdout


def has_stories(bin_path):
    return subprocess.run([bin_path, "stories", "--help"], capture_output=True).returncode == 0


# ----------------------------------------------------------------------------- clustering

def purity(gold, pred):
    overlap = collections.Counter(zip(pred, gold))
    best = collections.defaultdict(int)
    for (p, _), n in overlap.items():
        best[p] = max(best[p], n)
    return sum(best.values()) / len(gold)


def cluster_scores(gold, pred):
    return {"clusters": len(set(pred)), "purity": purity(gold, pred),
            "nmi": normalized_mutual_info_score(gold, pred)}


def stories_clustering(bin_path, proj, files, gold):
    out = json.loads(run([bin_path, "stories", os.path.join(proj, "seeds"), "--format", "json"]))
    first = {}
    for i, story in enumerate(out["stories"]):
        for f in story["files"]:
            first.setdefault(f, i)
    unlisted = [f for f in files if f not in first]
    if unlisted:
        print("warning: %s: %d files in no story, each counted as its own"
              % (proj, len(unlisted)), file=sys.stderr)
    pred = [first.get(f, "unlisted:" + f) for f in files]
    res = cluster_scores(gold, pred)
    res["clusters"] = len(out["stories"])
    res["multi"] = sum(1 for s in out["stories"] if len(s["files"]) > 1)
    gold_of = dict(zip(files, gold))
    res["labels"] = [(s["label"], len(s["files"]), majority([gold_of.get(f) for f in s["files"]]))
                     for s in out["stories"] if len(s["files"]) > 1]
    return res


def baseline_clustering(texts, gold):
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=2) \
        .fit_transform(texts).toarray()
    pred = AgglomerativeClustering(n_clusters=None, distance_threshold=0.9, metric="cosine",
                                   linkage="average").fit_predict(x)
    return cluster_scores(gold, list(pred))


# ----------------------------------------------------------------------------- brief

def words(text):
    return re.sub(r"[^a-z0-9]+", " ", re.sub(r"['\u2019]", "", text.lower())).split()


def majority(clusters):
    counts = collections.Counter(c for c in clusters if c is not None)
    if not counts:
        return None
    top = max(counts.values())
    return min(c for c, n in counts.items() if n == top)


def specific(name, ref_words):
    return any(len(w) >= 3 and w.isalpha() and w not in STOP_WORDS and w in ref_words
               for w in words(name))


def brief_scores(brief, articles, refs, rouge, score_mod):
    by_number = {s["number"]: s["file"] for s in brief["sources"]}

    def gold(point):
        cites = point.get("citations") or []
        return articles[by_number[cites[0]["source"]]][0] if cites else None

    sections, pure_points, all_points, r2 = [], 0, 0, []
    for topic in brief["topics"]:
        golds = [gold(p) for p in topic["points"]]
        if not golds:
            continue
        maj = majority(golds)
        pure = sum(1 for g in golds if g == maj)
        pure_points += pure
        all_points += len(golds)
        ok = maj is not None and specific(topic["name"], refs[maj]["words"])
        lines = score_mod.truncate([" ".join(p["text"].split()) for p in topic["points"]], 100)
        r = rouge.score(lines, refs[maj]["prepared"], with_l=False)["rouge2"]["r"] if maj else 0.0
        r2.append(100 * r)
        sections.append({"name": topic["name"], "majority": maj, "points": len(golds),
                         "pure": pure, "specific": ok, "rouge2_r": 100 * r})
    also = [{"label": a["label"], "cluster": gold(a["point"])} for a in brief.get("also") or []]
    bluf = [gold(p) for p in brief["bluf"]]
    cited = {gold(p) for p in brief["bluf"]} | {a["cluster"] for a in also}
    cited |= {gold(p) for t in brief["topics"] for p in t["points"]}
    return {
        "sections": sections,
        "with_section": sorted({s["majority"] for s in sections if s["majority"]}),
        "covered": sorted(c for c in cited if c),
        "mixed": sum(1 for s in sections if s["pure"] < s["points"]),
        "pure_points": pure_points, "points": all_points,
        "specific": sum(1 for s in sections if s["specific"]),
        "bluf": bluf, "bluf_points": len(bluf), "bluf_distinct": len({g for g in bluf if g}),
        "also": also, "rouge2_r": r2,
    }


def build_brief(bin_path, proj):
    run([bin_path, "build", "-q", "--config", os.path.join(proj, "brief.yaml"),
         "--formats", "json"])
    found = glob.glob(os.path.join(proj, "briefs", "*", "brief.json"))
    if len(found) != 1:
        sys.exit("%s: expected one brief.json under briefs/, found %d" % (proj, len(found)))
    with open(found[0], encoding="utf-8") as f:
        return json.load(f)


# ----------------------------------------------------------------------------- report

def pct(x):
    return "%.1f%%" % (100 * x) if x is not None else "n/a"


def fmt(x, digits=2):
    return "%.*f" % (digits, x) if x is not None else "n/a"


def mean(xs):
    return sum(xs) / len(xs) if xs else None


def table(kind, rows):
    gold_total = sum(len(r["clusters"]) for r in rows)
    cols = ["mixture", "articles", "stories / gold", "purity", "NMI", "sections", "w/ section"]
    if kind == "weeks":
        cols.append("covered")
    cols += ["mixed", "point pur.", "labels", "BLUF", "R-2 R"]
    out = ["| " + " | ".join(cols) + " |", "|---|" + "---:|" * (len(cols) - 1)]

    def line(name, n_art, st, b, n_gold):
        cells = [name, str(n_art)]
        if st:
            cells += ["%d / %d" % (st["clusters"], n_gold), fmt(st["purity"], 3),
                      fmt(st["nmi"], 3)]
        else:
            cells += ["n/a / %d" % n_gold, "n/a", "n/a"]
        cells += [str(len(b["sections"])), "%d/%d" % (len(b["with_section"]), n_gold)]
        if kind == "weeks":
            cells.append("%d/%d" % (len(b["covered"]), n_gold))
        cells += [str(b["mixed"]), pct(b["pure_points"] / b["points"] if b["points"] else None),
                  "%d/%d" % (b["specific"], len(b["sections"])),
                  "%d/%d%s" % (b["bluf_distinct"], b["bluf_points"],
                               " (rep.)" if b["bluf_distinct"] < b["bluf_points"] else ""),
                  fmt(mean(b["rouge2_r"]))]
        return "| " + " | ".join(cells) + " |"

    for r in rows:
        out.append(line(r["name"], r["articles"], r["stories"], r["brief"], len(r["clusters"])))
    have = [r["stories"] for r in rows if r["stories"]]
    st = None
    if len(have) == len(rows):
        st = {"clusters": sum(s["clusters"] for s in have),
              "purity": mean([s["purity"] for s in have]), "nmi": mean([s["nmi"] for s in have])}
    b = {k: sum(r["brief"][k] for r in rows) for k in
         ("mixed", "pure_points", "points", "specific", "bluf_points", "bluf_distinct")}
    for k in ("sections", "with_section", "covered", "rouge2_r"):
        b[k] = [x for r in rows for x in r["brief"][k]]
    out.append(line("**total / mean**", sum(r["articles"] for r in rows), st, b, gold_total))
    base = [r["baseline"] for r in rows]
    cells = ["baseline (TF-IDF, average link 0.9)", str(sum(r["articles"] for r in rows)),
             "%d / %d" % (sum(x["clusters"] for x in base), gold_total),
             fmt(mean([x["purity"] for x in base]), 3), fmt(mean([x["nmi"] for x in base]), 3)]
    cells += [""] * (len(cols) - len(cells))
    out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def details(r):
    b = r["brief"]
    out = ["### %s: %s" % (r["name"], " ".join(r["clusters"])), ""]
    for s in b["sections"]:
        out.append("- section \"%s\": %s, %d/%d points%s, R-2 %.2f" % (
            s["name"], s["majority"], s["pure"], s["points"],
            "" if s["specific"] else ", label NOT specific", s["rouge2_r"]))
    for a in b["also"]:
        out.append("- also \"%s\": %s" % (a["label"], a["cluster"]))
    missing = [c for c in r["clusters"] if c not in b["covered"]]
    out.append("- BLUF clusters: %s" % ", ".join(c or "-" for c in b["bluf"]))
    out.append("- gold clusters without a section: %s" % (
        ", ".join(c for c in r["clusters"] if c not in b["with_section"]) or "none"))
    out.append("- gold clusters not cited by BLUF, topics or also: %s" % (", ".join(missing) or "none"))
    st = r["stories"]
    if st:
        out.append("- stories (%d, %d with 2+ articles): %s" % (
            st["clusters"], st["multi"],
            "; ".join("\"%s\" (%d, %s)" % lab for lab in st["labels"])))
    bl = r["baseline"]
    out.append("- baseline: %d clusters, purity %.3f, NMI %.3f" % (
        bl["clusters"], bl["purity"], bl["nmi"]))
    return "\n".join(out)


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", required=True, help="folder holding score.py and duc2004-dev/")
    ap.add_argument("--bin", required=True, help="briefly binary")
    ap.add_argument("--json", metavar="OUT", help="also write every figure to this JSON file")
    ap.add_argument("--keep", metavar="DIR", help="generate the projects here and keep them")
    args = ap.parse_args()

    sys.path.insert(0, args.eval_dir)
    import score as score_mod  # the eval folder's scorer: same ROUGE as the DUC table
    eval_set = os.path.join(args.eval_dir, "duc2004-dev")
    bin_path = os.path.abspath(args.bin)
    ids = score_mod.list_clusters(eval_set)
    rouge = score_mod.Rouge()
    refs = {}
    for cid in ids:
        texts = score_mod.read_refs(os.path.join(eval_set, cid))
        lines = [score_mod.truncate(score_mod.clean_output(t, raw=True), 100) for t in texts]
        refs[cid] = {"prepared": rouge.prepare_refs(lines),
                     "words": {w for t in texts for w in words(t)}}
    stories_cmd = has_stories(bin_path)

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        root = args.keep
    else:
        root = tempfile.mkdtemp(prefix="stories-")
    results = {}
    try:
        for kind, mixes in mixtures(ids):
            rows = []
            for name, clusters in mixes:
                proj = os.path.join(root, name.replace(" ", "-"))
                if os.path.exists(proj):
                    shutil.rmtree(proj)
                print("%s: %s" % (name, proj), file=sys.stderr)
                articles = write_project(bin_path, kind, proj, clusters, eval_set)
                files = sorted(articles)
                gold = [articles[f][0] for f in files]
                brief = build_brief(bin_path, proj)
                rows.append({
                    "name": name, "clusters": clusters, "articles": len(files),
                    "stories": stories_clustering(bin_path, proj, files, gold)
                    if stories_cmd else None,
                    "baseline": baseline_clustering([articles[f][1] for f in files], gold),
                    "brief": brief_scores(brief, articles, refs, rouge, score_mod),
                })
            results[kind] = rows
    finally:
        if not args.keep:
            shutil.rmtree(root)

    print("Binary: `%s`%s\n" % (args.bin, "" if stories_cmd else " (no `stories` command)"))
    for kind, title in (("groups", "Five-cluster groups (`auto_topics: 5`)"),
                        ("weeks", "Ten-cluster weeks (`briefly init` config)")):
        print("## %s\n\n%s\n" % (title, table(kind, results[kind])))
    vague = ["%s: \"%s\" (%s)" % (r["name"], s["name"], s["majority"])
             for rows in results.values() for r in rows
             for s in r["brief"]["sections"] if not s["specific"]]
    print("Labels not specific (%d): %s\n" % (len(vague), "; ".join(vague) or "none"))
    print("## Per mixture\n")
    print("\n\n".join(details(r) for rows in results.values() for r in rows))
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"binary": args.bin, "stories_command": stories_cmd, **results}, f, indent=1)


if __name__ == "__main__":
    main()
