#!/usr/bin/env python3
"""Weeks drawn at random from the DUC pools: briefly's brief on each, with automatic indicators.

Issues 31 and 32 ("Briefs that hold on any week"). Python 3.11 standard library only:

    python3 bench/weeks.py --seed 31 [--weeks 20] [--pool both] [--bin PATH] [--json OUT]
    python3 bench/weeks.py --seed 31 --list            # only which clusters each week holds
    python3 bench/weeks.py --seed 7 --weeks 1 --pool duc2003 --keep /tmp/w7   # keep, to audit

WEEKS. The pool is the clusters of `duc2004-dev` (25), `duc2003-dev` (30) or both (55), sorted
by pool then id. `random.Random(seed)` draws each week in turn as `sample(pool, 10)`: week i of
a seed is always the same ten clusters, whatever `--weeks` says (a larger K only adds weeks).
A week is one project: `briefly init DIR` (the config it writes, unchanged), every article of
the ten clusters copied into DIR/seeds/ by bench/duc.py (front matter with the article's own
date, the first 8 words as title, the outlet from the DOCNO; text otherwise untouched, wire
datelines and `&UR;` leftovers included), then `briefly build --formats md,json` in DIR.

BRIEF DATE AND WINDOW. The config `init` writes sets no date and no window, and the script
removes SOURCE_DATE_EPOCH from briefly's environment, so the brief date is the newest article's
date and every article of the week is read: the coverage spans the clusters' real dates (DUC
2004: October to December 1998, so weeks span about two months; DUC 2003: 1996 to 2000, so a
week spans years and several of its stories end long before the brief date, as old material in
a real folder would). Nothing is shifted or redated.

GOLD. Each article's cluster is known; an article in two clusters is written once and belongs to
the first in id order. A point's clusters are those of all the sources it cites (its own and
the corroborating ones).

INDICATORS, per week and summed over the weeks. All are automatic and all but `found`, `also
old` and `watch` are heuristics on the text: they point at lines to read, they do not prove them
wrong. "Points" are the distinct points (by id) of the bottom line, the sections and "Also".
  found      stories the brief counts (coverage line) for the 10 clusters
  covered    clusters that are the story of a section (the cluster most of its points cite
             first; ties: smallest id) or of an Also line (its point's first citation), of 10
  split      clusters that are the story of two or more of those sections and Also lines
  mixed      sections whose points cite articles of more than one cluster
  overtaken  points holding a figure that a newer article of the same story changes: a number
             (digits, "three", "hundreds", "$1.5 billion", "40%"; 1900-2099 without a comma is a
             year) followed within three words by a quantity noun of one class (dead: killed
             dead died deaths bodies fatalities; injured: injured wounded hurt; missing;
             arrested: arrested detained arrests prisoners; people: people persons residents
             victims casualties civilians refugees homeless evacuated survivors; troops:
             soldiers troops police; votes: votes ballots seats; percent: percent %; money: a
             `$` number or dollars; homes: homes houses buildings), or a number within four
             words after "toll" (dead); a people or troops figure, or one without a noun, takes
             the class of an event word just before or after it ("killing at least 40 people":
             dead; "injuring about 200": injured); a money figure followed by per/a/each is a
             rate and is left out. The point is overtaken when
             an article of its cluster dated after the point's source has a sentence with a
             figure of the same class, another value, and at least two other words of four
             letters or more in common with the point (not stop words, not number words). It
             catches updated tolls ("injuring about 200" then "injured 150") and also unrelated
             figures of one class (two different aid appeals), so read the lines (--details).
  actors     actor entries, and `>lim` marks a week over the init config's limit (16)
  no evid.   actors none of whose names (name and aliases) ever occurs, in the sources the entry
             lists, with a person/organisation cue: a title or role word in the four words before
             it (Mr., Dr., President, Gen., leader, spokesman, judge, colleague, ...), or just
             before it (a comma aside) a lower-case person noun ending in -ist, -er, -or, -ent,
             -ant, -ian ("dissident", "publisher"); a verb of saying right after it ("X said",
             "X told") or right before it ("said X", "according to X"); a role word or
             "officials" right after it ("White House spokesman"); an apposition with a role
             word ("X, a spokesman for", "X, the chairman") or an age ("X, 55,"); or an
             organisation head word in the name itself (Party, Ministry, Council, Inc., Bank,
             Army, University, School, Clinic, ...). Pronouns referring back are not looked
             for, so a person named once and then called "he" counts as without evidence.
  place-like the no-evidence actors whose name follows "in", "at", "near", "from" (also with
             "the" between) or "Hurricane", "Storm", "Typhoon", "Cyclone" somewhere in their
             sources (a place, storm or structure listed as an actor)
  bare lab.  section and Also labels that are one word, equal an actor's name or alias, or are
             a name alone: every word capitalised (of/the/and/for/de ... aside) and none an
             event noun of the script's short list (storm, war, election, talks, trial, strike,
             crash, outbreak, merger, summit, ...: "Cyclone Ana" and "Acme merger" pass,
             "Port Velan", "Acme Union", "The State Department" do not); of all labels
  leaks      labels, actor names and points holding a wire dateline ("WASHINGTON (AP) --",
             "VELAN, May 3 (Xinhua) --", "(AP)" anywhere), an SGML leftover (`&UR;`), a
             fallback "(story N)" label, or (names of up to four words) made of words that all
             stand in one of the week's leading datelines ("PORT VELAN", "AP", "YORK")
  title leaks the same in the source list's titles, of all sources. The titles are the first
             eight words that bench/duc.py writes as front matter (DUC has no headlines), so
             a dateline there comes from the article's opening
  watch <    watch items dated before the brief date (a past event under What to watch)
  watch =    watch items dated on the brief date (issue 32: right, shown as "today"; listed
             apart so that "on or before" is the sum)
  dangling   points that open with He, She, They, It, This, That, These or Those, or with
             "The <lower-case word>" in a sentence holding no capitalised word after its first
  forecast   timeline entries dated after their own source (the event had not happened when
             it was written) or whose sentence speaks of the future (will, shall, 'll, is/are
             scheduled/due/expected/set to, plans to, next week/month/year/<weekday>)
  also old   Also lines whose story's newest article is more than six days before the brief
             date (not "this week"); `sect. old` the same for sections
With `--details` (and always in `--json`) each week lists the lines behind every figure.
The timing line gives the wall time of the whole run and the part spent in briefly.
`--self-test` checks the heuristics on hand-written sentences (no data, no binary).

DATA. `--eval-dir` (or EVAL_DIR; default ../shared/eval beside the repository) holds
duc2004-dev/ and duc2003-dev/ (../shared/eval/README.md). The weeks are written to a temporary
folder, or to --keep DIR for reading (DIR/week-NN/ with its seeds/, briefs/ and gold.tsv, the
cluster of each file); no evaluation text goes into the repository. A week that a change was
checked against is spent for judging that change: audit weeks drawn with a fresh seed.
"""
import argparse
import datetime
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import duc  # noqa: E402  bench/duc.py: DUC articles as briefly input (shared with stories_eval.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
POOLS = ("duc2004", "duc2003")
WEEK_SIZE = 10
ACTOR_LIMIT = 16  # `limits.actors` of the config `briefly init` writes

# ----------------------------------------------------------------------------- text helpers

TOKEN = re.compile(r"\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?![\w-])"
                   r"|[A-Za-z][A-Za-z'\u2019.-]*|[$%,;:()\"]")
ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Adm|Rev|St|Jr|Sr|Prof|"
                    r"Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|No|U\.S|U\.N|[A-Z])\.$")
STOP = set("""
a about above after again against all also an and any are as at be been before being below
between both but by can could did do does doing down during each few for from further had has
have having he her here hers him his how i if in into is it its itself just last made make many
may me more most much my new no nor not now of off on once one only or other our out over own
said same says she should since so some still such than that the their them then there these
they this those through to too under until up upon us very was we week were what when where
which while who whom why will with would year years you your told according people least
""".split())


def sentences(text):
    """Sentences of an article body: paragraphs, then . ! ? before a capital or a quote."""
    out = []
    for para in text.split("\n"):
        start = 0
        for m in re.finditer(r"[.!?][\"')\u201d]?\s+(?=[\"\u201c(]?[A-Z0-9])", para):
            head = para[start:m.start() + 1]
            if ABBREV.search(head.rstrip("\"')\u201d")):
                continue
            out.append(para[start:m.end()].strip())
            start = m.end()
        if para[start:].strip():
            out.append(para[start:].strip())
    return out


def tokens(sentence):
    return TOKEN.findall(sentence)


def content_words(sentence):
    return {t.lower().strip(".'\u2019") for t in tokens(sentence)
            if t[0].isalpha() and len(t) >= 4} - STOP - set(NUMBER_WORDS) - set(NOUN_CLASS)


# ----------------------------------------------------------------------------- figures

NUMBER_WORDS = {w: i + 1 for i, w in enumerate(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
                     "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000,
                     "millions": 2e6})
EVENT_CLASS = {}
for cls, words in {
        "dead": "killed killing kill kills dead died die deaths death fatalities",
        "injured": "injured injuring wounded wounding hurt injuries",
        "missing": "missing",
        "arrested": "arrested arresting detained arrests",
        "homeless": "homeless evacuated displaced"}.items():
    for w in words.split():
        EVENT_CLASS[w] = cls
SCALES = {"hundred": 100, "thousand": 1000, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NOUN_CLASS = {}
for cls, nouns in {
        "dead": "killed dead died deaths bodies fatalities",
        "injured": "injured wounded hurt",
        "missing": "missing",
        "arrested": "arrested detained arrests prisoners",
        "people": "people persons residents victims casualties civilians refugees homeless "
                  "evacuated survivors",
        "troops": "soldiers troops police",
        "votes": "votes ballots seats",
        "percent": "percent %",
        "money": "dollars",
        "homes": "homes houses buildings"}.items():
    for n in nouns.split():
        NOUN_CLASS[n] = cls


def number_at(toks, i):
    """(value, index after the number) for a number starting at toks[i], else None."""
    t = toks[i]
    low = t.lower()
    if t[0] == "$" and len(t) > 1:
        t = t[1:]
    if t[0].isdigit():
        raw = t.rstrip("%").replace(",", "")
        try:
            value = float(raw)
        except ValueError:
            return None
        if re.fullmatch(r"(19|20)\d\d", t.rstrip("%")):
            return None  # a year
    elif low in NUMBER_WORDS:
        value = NUMBER_WORDS[low]
    else:
        return None
    j = i + 1
    while j < len(toks) and toks[j].lower().rstrip(".") in SCALES:
        value *= SCALES[toks[j].lower().rstrip(".")]
        j += 1
    return value, j


def figures(sentence):
    """{(class, value)} of the figures of a sentence (see the module doc)."""
    toks = tokens(sentence)
    out = set()
    i = 0
    while i < len(toks):
        got = number_at(toks, i)
        if not got:
            i += 1
            continue
        value, j = got
        cls = None
        if toks[i].startswith("$"):
            cls = "money"
        elif toks[i].endswith("%"):
            cls = "percent"
        else:
            for t in toks[j:j + 3]:
                if t in ",;:()\"":
                    break
                if t.lower().rstrip(".") in NOUN_CLASS:
                    cls = NOUN_CLASS[t.lower().rstrip(".")]
                    break
            if cls is None and any(t.lower() == "toll" for t in toks[max(0, i - 4):i]):
                cls = "dead"
        low = [t.lower().rstrip(".") for t in toks]
        if cls in (None, "people", "troops"):
            # "killing at least 40 people", "injuring about 200": the event word around the
            # figure names what is counted.
            near = low[max(0, i - 3):i] + (low[j:j + 4] if cls else [])
            for t in near:
                if t in EVENT_CLASS:
                    cls = EVENT_CLASS[t]
                    break
        if cls == "money" or (cls and "dollars" in low[j:j + 3]):
            if any(t in ("per", "a", "each") for t in low[j:j + 5]):
                cls = None  # a rate ("2 dollars per pound"), not an amount
        if cls:
            out.add((cls, value))
        i = j
    return out


def overtaken(point_text, point_date, cluster, articles):
    """The first newer sentence of the cluster that changes a figure of the point, or None."""
    mine = figures(point_text)
    if not mine or point_date is None:
        return None
    classes = {c: {v for cc, v in mine if cc == c} for c, _ in mine}
    words = content_words(point_text)
    for name in sorted(articles, key=lambda f: (articles[f]["date"], f)):
        art = articles[name]
        if art["cluster"] != cluster or art["date"] <= point_date:
            continue
        for s in sentences(art["text"]):
            for c, v in figures(s):
                if c in classes and v not in classes[c] and len(words & content_words(s)) >= 2:
                    return {"file": name, "date": art["date"], "text": s}
    return None


# ----------------------------------------------------------------------------- actors, labels

TITLES = set("""
mr mrs ms dr president vice prime minister premier chancellor senator sen rep representative
gov governor gen general col colonel lt lieutenant maj major capt captain adm admiral sgt
judge justice prince princess king queen pope rev reverend cardinal bishop archbishop chief
leader spokesman spokeswoman spokesperson secretary director chairman chairwoman chair
commander officer official ambassador envoy mayor prosecutor lawyer attorney professor prof
sheikh ayatollah emperor dictator strongman founder executive head coach manager researcher
scientist doctor economist analyst minister's candidate deputy speaker lawmaker legislator
colleague wife husband son daughter mother father brother sister friend widow dissident
""".split())
SAYING = set("""said says say told added announced stated asked declared insisted warned argued
explained noted wrote replied denied claimed acknowledged admitted urged testified""".split())
ORG_HEADS = set("""
inc corp co ltd llc plc party council committee ministry department agency association union
bank army navy front organization organisation commission court congress parliament senate
institute university group fund federation league police company airlines airline corporation
foundation government assembly board office service forces movement alliance network center
centre church club society times post news press agency bureau authority administration
coalition tribunal cabinet republic school college academy hospital clinic museum laboratory
laboratories""".split())
EVENT_WORDS = set("""
hurricane storm typhoon cyclone earthquake quake flood floods war crisis election elections vote
referendum summit talks games olympics cup championship trial case scandal strike strikes attack
attacks bombing bombings crash accident fire fires outbreak epidemic deal merger treaty accord
agreement ceasefire coup protest protests riots killing killings massacre shooting visit tour
conference dispute affair investigation inquiry bill budget fair festival launch mission
impeachment extradition arrest bribery""".split())
NAME_GLUE = {"of", "the", "and", "for", "de", "la", "del", "von", "van", "al", "bin"}
NOT_ROLES = set("""another either neither whether rather together however never later earlier
longer larger bigger smaller higher lower greater better former latter another further
number center centre order border corner quarter winter summer october november
december september water paper letter matter murder cancer power tower""".split())
PLACE_CUES = ("in", "at", "near", "from", "hurricane", "storm", "typhoon", "cyclone")
DATELINE = re.compile(r"\((?:AP|Xinhua|Reuters|AFP)\)|^[A-Z][A-Z .,'-]{2,}(?:,|\s)[^\n]{0,40}?--"
                      r"|&[A-Z]{2};|\(story \d+\)")


def datelines(articles):
    """(the leading datelines of the week's articles: the text before a `--` in the first 60
    characters, e.g. "PORT VELAN", "NEW YORK (AP)", "VELAN, May 3 (Xinhua)"; the texts
    after them)."""
    heads, bodies = set(), []
    for a in articles.values():
        head, body = a["text"][:60], a["text"]
        for sep in ("--", " - "):
            if sep in head:
                heads.add(head.split(sep)[0].strip())
                body = a["text"][a["text"].index(sep) + len(sep):]
                break
        bodies.append(body)
    return heads, "\n".join(bodies)


def leak(text, lines):
    """Whether a label, actor name, source title or point holds a dateline or markup leftover:
    the patterns of DATELINE; a name written in the week's articles only as an SGML entity
    (`&QL;`); or a name whose words all sit in one of the week's datelines and that is in
    capitals ("VELAN", "AP") or never occurs in the articles outside their datelines ("Ruri" of
    "VELAN, Ruri. --")."""
    if DATELINE.search(text):
        return True
    heads, bodies = lines
    words = re.findall(r"[A-Za-z]+", text)
    if not words or len(words) > 4:
        return False
    name = " ".join(words)
    if re.fullmatch(r"[A-Z]{2}", name) and "&%s;" % name in bodies and not re.search(
            r"(?<!&)\b%s\b(?!;)" % name, bodies):
        return True
    if not any(all(re.search(r"\b%s\b" % w, line) for w in words) for line in heads):
        return False
    return name.isupper() or not re.search(r"\b%s\b" % re.escape(text.strip()), bodies)


def role_word(t):
    """A title or role word, or a lower-case person noun ending like one ("dissident",
    "activist", "publisher", "teacher")."""
    low = t.lower().strip(".")
    for w in (low, low[:-1] if low.endswith("s") else low):
        if w in TITLES or any(x in TITLES for x in w.split("-")):
            return True
        if (t.isalpha() and t == low and len(w) > 5 and w not in STOP and w not in NOT_ROLES
                and w.endswith(("ist", "er", "or", "ent", "ant", "ian"))):
            return True
    return False


def occurrences(name, text):
    """Positions of `name` as whole words in `text`."""
    return [m for m in re.finditer(r"(?<![\w'])" + re.escape(name) + r"(?![\w'])", text)]


def actor_evidence(names, texts):
    """(has person/organisation evidence, appears after a place cue) for an actor's names."""
    place_like = False
    for name in names:
        if any(w.lower().strip(".") in ORG_HEADS for w in name.split()):
            return True, False
        for text in texts:
            for m in occurrences(name, text):
                before = tokens(text[max(0, m.start() - 80):m.start()])[-4:]
                after = tokens(text[m.end():m.end() + 80])[:7]
                low_before = [t.lower().strip(".") for t in before]
                last = [t for t in before if t != ","][-1:]
                if any(w in TITLES for t in low_before for w in t.split("-")) or (
                        last and role_word(last[0])):
                    return True, False
                first_after = after[0].lower().strip(".") if after else ""
                if first_after in SAYING or first_after in TITLES or first_after in (
                        "officials", "spokesmen"):
                    return True, False
                if low_before and low_before[-1] in SAYING or low_before[-2:] == ["according",
                                                                                  "to"]:
                    return True, False
                if len(after) > 2 and after[0] == "," and re.fullmatch(r"\d{1,3}", after[1]) \
                        and after[2] == ",":
                    return True, False  # "Ito Ken, 55, of Velan"
                if after and after[0] == "," and (
                        any(t.lower() in TITLES for t in after[1:7]) or
                        (len(after) > 2 and after[1].lower() in ("a", "an", "the") and
                         role_word(after[2]))):
                    return True, False
                if low_before and (low_before[-1] in PLACE_CUES or (
                        low_before[-1] == "the" and low_before[-2:-1] and low_before[-2] in
                        PLACE_CUES)):
                    place_like = True
    return False, place_like


def bare_label(label, actor_names):
    words = label.split()
    if re.search(r"\(story \d+\)$", label):
        return "a fallback fragment"
    if len(words) <= 1:
        return "one word"
    if label.lower() in actor_names:
        return "an actor's name"
    names = [w for w in words if w.lower() not in NAME_GLUE]
    if all(w[0].isupper() or not w[0].isalpha() for w in names) and not any(
            w.lower().strip(".,'\u2019s") in EVENT_WORDS or w.lower() in EVENT_WORDS
            for w in words):
        return "a name alone"
    return None


# ----------------------------------------------------------------------------- points, watch

DANGLING_PRONOUNS = {"He", "She", "They", "It", "This", "That", "These", "Those"}
FUTURE = re.compile(r"\b(?:will|shall)\b|'ll\b|\b(?:is|are) (?:scheduled|due|expected|set) to\b"
                    r"|\bplans? to\b|\bnext (?:week|month|year|Monday|Tuesday|Wednesday|"
                    r"Thursday|Friday|Saturday|Sunday)\b")


def dangling(text):
    toks = [t for t in tokens(text) if t not in ('"',)]
    if not toks:
        return False
    first = toks[0].strip("'\u2019")
    if first in DANGLING_PRONOUNS or re.match(r"(?:He|She|They|It|That)['\u2019]", toks[0]):
        return True
    if first == "The" and len(toks) > 1 and toks[1][0].islower():
        return not any(t[0].isupper() and t != "I" for t in toks[1:] if t[0].isalpha())
    return False


def day(s):
    return datetime.date.fromisoformat(s) if s else None


# ----------------------------------------------------------------------------- one week

def indicators(brief, articles):
    src = {s["number"]: s for s in brief["sources"] + brief.get("sources_unlisted", [])}

    def gold(citation):
        return articles[src[citation["source"]]["file"]]["cluster"]

    brief_date = day(brief["date"])
    lines = datelines(articles)
    actor_names = {n.lower() for a in brief["actors"] for n in [a["name"]] + a["aliases"]}
    res = {"date": brief["date"], "found": brief["coverage"]["stories"]["found"]}

    # Stories: covered, split and mixed.
    covered, mixed, sections, lines_of = set(), [], [], {}
    for t in brief["topics"]:
        firsts = [gold(p["citations"][0]) for p in t["points"] if p["citations"]]
        every = sorted({gold(c) for p in t["points"] for c in p["citations"]})
        if firsts:
            top = max(firsts.count(c) for c in firsts)
            maj = min(c for c in firsts if firsts.count(c) == top)
            covered.add(maj)
            lines_of.setdefault(maj, []).append(t["name"])
        else:
            maj = None
        sections.append({"label": t["name"], "cluster": maj, "clusters": every})
        if len(every) > 1:
            mixed.append({"label": t["name"], "clusters": every})
    for a in brief["also"] + brief.get("earlier", []):
        if a["point"]["citations"]:
            c = gold(a["point"]["citations"][0])
            covered.add(c)
            lines_of.setdefault(c, []).append(a["label"])
    split = [{"cluster": c, "labels": labs} for c, labs in sorted(lines_of.items())
             if len(labs) > 1]
    res.update(sections=len(brief["topics"]), covered=sorted(covered), mixed=mixed,
               split=split, section_clusters=sections)

    # Points: distinct by id over the bottom line, the sections and Also.
    points = {}
    for p in brief["bluf"] + [p for t in brief["topics"] for p in t["points"]] + \
            [a["point"] for a in brief["also"] + brief.get("earlier", [])]:
        points.setdefault(p["id"], p)
    over, dang = [], []
    for p in points.values():
        if p["citations"]:
            c = p["citations"][0]
            newer = overtaken(p["text"], c["date"], gold(c), articles)
            if newer:
                over.append({"point": p["text"], "date": c["date"], "newer": newer})
        if dangling(p["text"]):
            dang.append(p["text"])
    res.update(points=len(points), overtaken=over, dangling=dang)

    # Actors.
    no_evidence, place_like = [], []
    for a in brief["actors"]:
        texts = [articles[src[n]["file"]]["text"] for n in a["sources"]]
        ok, place = actor_evidence([a["name"]] + a["aliases"], texts)
        if not ok:
            no_evidence.append(a["name"])
            if place:
                place_like.append(a["name"])
    res.update(actors=len(brief["actors"]), no_evidence=no_evidence, place_like=place_like)

    # Labels.
    labels = [t["name"] for t in brief["topics"]] + [a["label"] for a in brief["also"]] + \
        [a["label"] for a in brief.get("earlier", [])]
    bare = []
    for lab in labels:
        why = bare_label(lab, actor_names)
        if why:
            bare.append({"label": lab, "why": why})
    res.update(labels=len(labels), bare=bare)

    # Datelines and markup leftovers.
    leaks = [("label", x) for x in labels] + [("actor", a["name"]) for a in brief["actors"]] + \
        [("point", p["text"]) for p in points.values()]
    res["leaks"] = [{"where": w, "text": x} for w, x in leaks if leak(x, lines)]
    res["sources"] = len(brief["sources"])
    res["title_leaks"] = [s["title"] for s in brief["sources"] if leak(s["title"], lines)]

    # Watch and timeline.
    res["watch"] = len(brief["watch"])
    res["watch_past"] = [w["text"] for w in brief["watch"]
                         if w["date"] and day(w["date"]) < brief_date]
    res["watch_today"] = [w["text"] for w in brief["watch"]
                          if w["date"] and day(w["date"]) == brief_date]
    res["timeline"] = len(brief["timeline"])
    res["forecasts"] = [e["text"] for e in brief["timeline"]
                        if (e["citation"]["date"] and e["date"] > e["citation"]["date"])
                        or FUTURE.search(e["text"])]

    # Stories older than the last seven days.
    def old(story):
        return story and story["last"] and (brief_date - day(story["last"])).days > 6
    res["also_old"] = [a["label"] for a in brief["also"] if old(a["story"])]
    res["sections_old"] = [t["name"] for t in brief["topics"] if old(t["story"])]
    return res


def build_week(bin_path, proj, clusters, eval_dir):
    """Write and build one week; return (articles, brief, seconds in briefly)."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    t0 = time.perf_counter()
    run([bin_path, "init", "-q", proj], env)
    t_init = time.perf_counter() - t0
    articles = duc.write_articles(
        os.path.join(proj, "seeds"),
        [(cid, os.path.join(eval_dir, pool + "-dev", cid)) for pool, cid in clusters])
    t0 = time.perf_counter()
    run([bin_path, "build", "-q", "--formats", "md,json"], env, cwd=proj)
    t_build = time.perf_counter() - t0
    found = glob.glob(os.path.join(proj, "briefs", "*", "brief.json"))
    if len(found) != 1:
        sys.exit("%s: expected one brief.json under briefs/, found %d" % (proj, len(found)))
    with open(found[0], encoding="utf-8") as f:
        return articles, json.load(f), t_init + t_build


def run(cmd, env, cwd=None):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    if p.returncode:
        sys.exit("%s failed (exit %d):\n%s" % (" ".join(cmd), p.returncode, p.stderr))
    return p.stdout


# ----------------------------------------------------------------------------- weeks

def pool_ids(eval_dir, pool):
    out = []
    for name in POOLS if pool == "both" else (pool,):
        folder = os.path.join(eval_dir, name + "-dev")
        if not os.path.isdir(folder):
            sys.exit("weeks.py: %s not found (--eval-dir)" % folder)
        out += [(name, c) for c in sorted(os.listdir(folder))
                if os.path.isdir(os.path.join(folder, c, "docs"))]
    return out


def draw(ids, seed, k):
    rng = random.Random(seed)
    return [sorted(rng.sample(ids, WEEK_SIZE), key=lambda pc: pc[1]) for _ in range(k)]


# ----------------------------------------------------------------------------- report

COLUMNS = ["week", "art.", "found", "sect.", "covered", "split", "mixed", "overtaken", "actors",
           "no evid.", "place-like", "bare lab.", "leaks", "title leaks", "watch <", "watch =",
           "dangling",
           "forecast", "also old", "sect. old"]


def row(name, r):
    return [name, str(r["articles"]), str(r["found"]), str(r["sections"]),
            "%d/%d" % (len(r["covered"]), r["clusters"]), str(len(r["split"])),
            str(len(r["mixed"])),
            "%d/%d" % (len(r["overtaken"]), r["points"]),
            "%d%s" % (r["actors"], " >lim" if r["actors"] > ACTOR_LIMIT else ""),
            str(len(r["no_evidence"])), str(len(r["place_like"])),
            "%d/%d" % (len(r["bare"]), r["labels"]), str(len(r["leaks"])),
            "%d/%d" % (len(r["title_leaks"]), r["sources"]),
            "%d/%d" % (len(r["watch_past"]), r["watch"]), str(len(r["watch_today"])),
            "%d/%d" % (len(r["dangling"]), r["points"]),
            "%d/%d" % (len(r["forecasts"]), r["timeline"]),
            str(len(r["also_old"])), "%d/%d" % (len(r["sections_old"]), r["sections"])]


def totals(rows):
    t = {"articles": 0, "found": 0, "sections": 0, "clusters": 0, "points": 0, "actors": 0,
         "labels": 0, "watch": 0, "timeline": 0, "sources": 0, "weeks_over_limit": 0}
    lists = ("covered", "split", "mixed", "overtaken", "no_evidence", "place_like", "bare", "leaks",
             "title_leaks",
             "watch_past", "watch_today", "dangling", "forecasts", "also_old", "sections_old")
    for k in lists:
        t[k] = []
    for r in rows:
        for k in ("articles", "found", "sections", "clusters", "points", "actors", "labels",
                  "watch", "timeline", "sources"):
            t[k] += r[k]
        for k in lists:
            t[k] += r[k]
        t["weeks_over_limit"] += r["actors"] > ACTOR_LIMIT
    return t


def counts(t):
    """The totals as plain numbers (the JSON's `totals`)."""
    return {k: (len(v) if isinstance(v, list) else v) for k, v in t.items()}


def markdown_table(rows):
    out = ["| " + " | ".join(COLUMNS) + " |", "|---|" + "---:|" * (len(COLUMNS) - 1)]
    for r in rows:
        out.append("| " + " | ".join(row(r["name"], r)) + " |")
    t = totals(rows)
    cells = row("**total**", t)
    cells[COLUMNS.index("actors")] = "%d (%d weeks >%d)" % (t["actors"], t["weeks_over_limit"], ACTOR_LIMIT)
    out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def details(r):
    out = ["### %s (%s, brief date %s): %s" % (r["name"], r["pool"], r["date"],
                                                " ".join(c for _, c in r["week"]))]
    missing = [c for _, c in r["week"] if c not in r["covered"]]
    out.append("- clusters without a section or Also line: %s" % (", ".join(missing) or "none"))
    for x in r["split"]:
        out.append("- %s split over %d lines: %s" % (
            x["cluster"], len(x["labels"]), "; ".join('"%s"' % lab for lab in x["labels"])))
    for m in r["mixed"]:
        out.append("- mixed section \"%s\": %s" % (m["label"], ", ".join(m["clusters"])))
    for o in r["overtaken"]:
        out.append("- overtaken (%s): %s\n    newer (%s): %s" % (
            o["date"], o["point"], o["newer"]["date"], o["newer"]["text"]))
    for n in r["no_evidence"]:
        out.append("- actor without evidence: %s%s" % (
            n, " (place-like)" if n in r["place_like"] else ""))
    for b in r["bare"]:
        out.append("- bare label \"%s\" (%s)" % (b["label"], b["why"]))
    for x in r["leaks"]:
        out.append("- leak in %s: %s" % (x["where"], x["text"]))
    if r["title_leaks"]:
        out.append("- source titles with a dateline or leftover: %d, e.g. %s" % (
            len(r["title_leaks"]), r["title_leaks"][0]))
    for w in r["watch_past"]:
        out.append("- watch item before the brief date: %s" % w)
    for w in r["watch_today"]:
        out.append("- watch item on the brief date: %s" % w)
    for d in r["dangling"]:
        out.append("- dangling opening: %s" % d)
    for f in r["forecasts"]:
        out.append("- timeline forecast: %s" % f)
    for a in r["also_old"]:
        out.append("- Also line older than the last seven days: %s" % a)
    return "\n".join(out)


# ----------------------------------------------------------------------------- self-test

def self_test():
    """The heuristics on hand-written text (`--self-test`; no data, no binary)."""
    assert figures("The death toll rose to 2,000, and 300 people were missing.") == {
        ("dead", 2000), ("missing", 300)}
    assert figures("A blast killed at least 40 people and injured about 180 in 1998.") == {
        ("dead", 40), ("injured", 180)}
    assert figures("Prices rose to 3.2 dollars per pound; the fund holds $1.5 billion.") == {
        ("money", 1.5e9)}
    assert figures("The city of 435,000 people voted 52% for him.") == {
        ("people", 435000), ("percent", 52)}
    arts = {"a.md": {"cluster": "c1", "date": "2025-01-01", "text": "x"},
            "b.md": {"cluster": "c1", "date": "2025-01-03",
                     "text": "Velan officials said the storm killed 600 people in the port."},
            "c.md": {"cluster": "c2", "date": "2025-01-04",
                     "text": "The storm killed 900 people in Velan port, officials said."}}
    point = "The storm killed at least 40 people in Velan port, officials said."
    assert overtaken(point, "2025-01-01", "c1", arts)["file"] == "b.md"
    assert overtaken(point, "2025-01-03", "c1", arts) is None  # nothing newer in its story
    assert overtaken(point, "2025-01-01", "c2", arts)["file"] == "c.md"
    texts = ["Velan Port reopened. Acme Corp sold it. Said Orlov said no. The mayor, Ana Ruiz, "
             "spoke. Hurricane Bea hit, and in Marden Field rain fell. Mr. Holt left. Ito Ken, "
             "55, of Velan, stayed. The dissident Pei Lan wrote. City Hall officials met."]
    assert actor_evidence(["Velan Port"], texts) == (False, False)
    assert actor_evidence(["Marden Field"], texts) == (False, True)
    assert actor_evidence(["Bea"], texts) == (False, True)
    for name in ("Acme Corp", "Said Orlov", "Ana Ruiz", "Holt", "Ito Ken", "Pei Lan", "City Hall"):
        assert actor_evidence([name], texts)[0], name
    assert bare_label("Velan", set()) == "one word"
    assert bare_label("Port Velan", set()) == "a name alone"
    assert bare_label("Ana Ruiz", {"ana ruiz"}) == "an actor's name"
    assert bare_label("VELAN, Ruritania -- The man (story 19)", set()) == "a fallback fragment"
    for ok in ("Cyclone Ana", "Port Velan strike", "Acme-Globex merger", "Bank of Velan talks"):
        assert bare_label(ok, set()) is None, ok
    for d in ("He said so.", "They left Velan.", "This is new.", "The group claimed it.",
              "It's over."):
        assert dangling(d), d
    for d in ("The Velan ministry said so.", "The group in Velan claimed the attack.",
              "Rain fell."):
        assert not dangling(d), d
    arts = {"a.md": {"cluster": "c", "date": "2025-01-01",
                     "text": "VELAN, Ruritania (AP) -- Rain fell in Velan, said Ana Ruiz &QL;."}}
    lines = datelines(arts)
    for text in ("VELAN", "AP", "QL", "Ruritania", "HONG KONG (AP) -- An (story 24)",
                 "&UR; Rain fell", "WASHINGTON -- Rain fell."):
        assert leak(text, lines), text
    for text in ("Velan", "Ana Ruiz", "Rain fell in Velan."):
        assert not leak(text, lines), text
    print("self-test passed")


# ----------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="See the module doc (head of this file) for every figure.")
    ap.add_argument("--seed", type=int, help="seed of the draw (required; record it)")
    ap.add_argument("--weeks", type=int, default=20, metavar="K", help="weeks to draw (20)")
    ap.add_argument("--pool", choices=("duc2004", "duc2003", "both"), default="both")
    ap.add_argument("--bin", default=os.environ.get("BRIEFLY_BIN"),
                    help="briefly binary (default: $BRIEFLY_BIN, else target/release/briefly)")
    ap.add_argument("--eval-dir", default=os.environ.get("EVAL_DIR"),
                    help="folder holding duc2004-dev/ and duc2003-dev/ "
                         "(default: $EVAL_DIR, else ../shared/eval beside the repository)")
    ap.add_argument("--keep", metavar="DIR",
                    help="build the weeks in DIR/week-NN/ and keep them (with gold.tsv)")
    ap.add_argument("--list", action="store_true", help="only print the clusters of each week")
    ap.add_argument("--details", action="store_true", help="print the lines behind each figure")
    ap.add_argument("--json", metavar="FILE", help="write every figure and line as JSON")
    ap.add_argument("--self-test", action="store_true",
                    help="check the heuristics on hand-written sentences and exit")
    args = ap.parse_args()
    if args.self_test:
        self_test()
        return
    if args.seed is None:
        ap.error("--seed is required")
    if args.weeks < 1:
        ap.error("--weeks must be at least 1")

    eval_dir = args.eval_dir or os.path.join(os.path.dirname(ROOT), "shared", "eval")
    weeks = draw(pool_ids(eval_dir, args.pool), args.seed, args.weeks)
    if args.list:
        for i, week in enumerate(weeks, 1):
            print("week %02d: %s" % (i, " ".join("%s/%s" % pc for pc in week)))
        return

    bin_path = os.path.abspath(args.bin or os.path.join(ROOT, "target", "release", "briefly"))
    if not os.access(bin_path, os.X_OK):
        sys.exit("weeks.py: no briefly binary at %s (--bin or BRIEFLY_BIN)" % bin_path)
    root = args.keep or tempfile.mkdtemp(prefix="weeks-")
    os.makedirs(root, exist_ok=True)
    rows, in_briefly = [], 0.0
    start = time.perf_counter()
    try:
        for i, week in enumerate(weeks, 1):
            name = "week %02d" % i
            proj = os.path.join(root, "week-%02d" % i)
            if os.path.exists(proj):
                shutil.rmtree(proj)
            print("%s: %s" % (name, " ".join(c for _, c in week)), file=sys.stderr)
            articles, brief, secs = build_week(bin_path, proj, week, eval_dir)
            in_briefly += secs
            if args.keep:
                with open(os.path.join(proj, "gold.tsv"), "w") as f:
                    f.writelines("%s\t%s\n" % (fn, a["cluster"]) for fn, a in sorted(
                        articles.items()))
            r = indicators(brief, articles)
            pools = sorted({p for p, _ in week})
            r.update(name=name, week=week, pool="+".join(pools), articles=len(articles),
                     clusters=len(week))
            rows.append(r)
    finally:
        if not args.keep:
            shutil.rmtree(root)
    wall = time.perf_counter() - start

    print("Seed %d, %d weeks of %d clusters from %s; binary `%s`\n" % (
        args.seed, args.weeks, WEEK_SIZE, args.pool, bin_path))
    print(markdown_table(rows))
    print("\nWall time %.1f s for %d weeks, of which %.1f s in briefly (init + build)." % (
        wall, len(rows), in_briefly))
    if args.details:
        print("\n## Per week\n")
        print("\n\n".join(details(r) for r in rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"seed": args.seed, "weeks": args.weeks, "pool": args.pool,
                       "binary": bin_path, "wall_seconds": round(wall, 2),
                       "briefly_seconds": round(in_briefly, 2),
                       "totals": counts(totals(rows)), "rows": rows}, f, indent=1)


if __name__ == "__main__":
    main()
