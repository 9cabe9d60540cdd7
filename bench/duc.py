"""DUC clusters as briefly input: one Markdown file with front matter per article.

Shared by bench/stories_eval.py and bench/weeks.py (Python standard library only). Reads the
layouts of ../shared/eval/README.md:

  duc2004-dev/<cluster>/docs/<DOCNO>.txt   the article body as one line, no date line
  duc2003-dev/<cluster>/docs/<DOCNO>.txt   a first line `date YYYY-MM-DD`, then one paragraph a line

Each article becomes seeds/<DOCNO>.md:

  ---
  title: "<its first 8 words>"
  date: YYYY-MM-DD
  outlet: "<Associated Press | New York Times | Xinhua>"
  ---

  <body; DUC 2003 paragraphs separated by blank lines>

The date is the `date` line when it is a valid date, else the one in the DOCNO
(`APWyyyymmdd.nnnn`: an AP story of that day; one DUC 2003 file has an impossible date line). The
text is otherwise kept as it is: wire datelines ("VELAN, Ruritania (AP) --") and SGML entity
leftovers (`&UR;`) included, as a feed would bring them. An article that sits in two clusters is
written once; its gold cluster is the first of them in the order given. Nothing here is written
into the repository.
"""
import datetime
import os
import re
import sys

OUTLETS = {"APW": "Associated Press", "NYT": "New York Times", "XIE": "Xinhua"}
DOCNO = re.compile(r"^([A-Z_]+)(\d{4})(\d{2})(\d{2})\.\d+$")
DATE_LINE = re.compile(r"^date (\d{4})-(\d{2})-(\d{2})$")


def valid_date(y, m, d):
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def read_article(path):
    """(date, body) of one DUC article file; the body's paragraphs are separated by blank lines."""
    docno = os.path.basename(path)[:-len(".txt")]
    m = DOCNO.match(docno)
    if not m:
        sys.exit("unexpected DOCNO %r (%s)" % (docno, path))
    date = valid_date(*m.groups()[1:])
    with open(path, encoding="utf-8") as f:
        lines = f.read().strip().split("\n")
    dm = DATE_LINE.match(lines[0].strip())
    if dm:
        lines = lines[1:]
        date = valid_date(*dm.groups()) or date
    body = "\n\n".join(line.strip() for line in lines if line.strip())
    return date, body


def front_matter(docno, date, text):
    prefix = DOCNO.match(docno).group(1)
    title = " ".join(text.split()[:8]).replace("\\", "\\\\").replace('"', '\\"')
    return '---\ntitle: "%s"\ndate: %s\noutlet: "%s"\n---\n\n' % (
        title, date, OUTLETS.get(prefix, prefix))


def write_articles(seeds, clusters):
    """Write the articles of `clusters` ([(cluster id, cluster folder)]) into the folder `seeds`.

    Returns {file name: {"cluster", "date", "text"}} (text: the body as written)."""
    articles = {}
    for cid, folder in clusters:
        docs = os.path.join(folder, "docs")
        for name in sorted(os.listdir(docs)):
            docno = name[:-len(".txt")]
            fname = docno + ".md"
            if fname in articles:
                continue
            date, text = read_article(os.path.join(docs, name))
            with open(os.path.join(seeds, fname), "w", encoding="utf-8") as f:
                f.write(front_matter(docno, date, text) + text + "\n")
            articles[fname] = {"cluster": cid, "date": date, "text": text}
    return articles
