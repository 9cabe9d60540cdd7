//! Stage 3a, stories: articles → stories (articles about the same event or development).
//!
//! In: the articles, their sentences, the sentences' terms ([`crate::text::TermTable`]) and the
//! brief date. Out: [`Stories`] — the stories ranked by importance, each with its articles,
//! sentences, label and facts (articles, outlets, first and last date), and the story of every
//! sentence. Nothing is told how many stories there are.
//!
//! **Method.** Each article is a TF-IDF vector of its stemmed content terms (sublinear term
//! frequency, smoothed idf, unit length). Average-linkage agglomerative clustering joins the two
//! groups whose articles are most similar on average, while that average cosine is at least
//! [`THRESHOLD`]. For unit vectors the average pairwise cosine of groups A and B is
//! `sum(A)·sum(B) / (|A|·|B|)`, so each group keeps only the sum of its vectors and the
//! average is exact. Pairs are never enumerated: candidate neighbours of each article come from
//! an inverted index over its most weighted terms (posting lists cut to the articles that weigh
//! the term most), and only those pairs enter a priority queue. After a merge, the queue's
//! entries of the merged groups are stale; as a merged group's average is a weighted mean of
//! its parts', a stale entry is an upper bound, so it is recomputed only when it reaches the top
//! of the queue. Ties break on article order; the result does not depend on threads.
//! Stories are events in time: the similarity of two groups whose dates lie more than a month
//! apart is scaled down ([`TIME_WINDOW`]; within a week's brief this never applies — it keeps
//! apart two developments with the same people months apart).
//!
//! **Roundups.** An article with several substantial paragraphs is cut where a paragraph
//! shares almost nothing with the text before it ([`SPLIT_SIMILARITY`]); the parts are
//! clustered on their own, so a roundup's paragraphs join the stories they are about instead
//! of forcing the whole article into one. A part that finds no other article goes back to its
//! article's story: an article is only divided between real stories.
//!
//! **Importance** of a story: its articles weighted by recency ([`recency`]) plus half a point
//! per distinct outlet, times its [`significance`] (casualty figures and state or security
//! words in its leads weigh more). Stories rank this week's news first, then features and
//! sport (most leads of sport, entertainment or lifestyle words), then **earlier** stories
//! (newest article more than [`FRESH_DAYS`] days before the brief date: background); inside
//! each, by importance; ties go to the story whose first article comes first.
//!
//! **Labels** ([`label_stories`]) name the event: the main actor or place plus the event's head
//! noun as the story's headlines and leads say it ("Valmora strike", "Castrelo wildfire"). Head
//! nouns are the heads of noun phrases (`event_nouns_of`: after a determiner, a possessive
//! name or a name; titles before a name and verb forms kept out by structure), never a word of
//! time, a generic word or a participant ([`crate::lexicon::is_non_event_noun`]); the one most
//! distinctive of the story wins (share of its articles whose headline or first sentences use
//! it, times its inverse frequency over all stories' articles: c-TF-IDF), with the name it is
//! most often attached to ("Anwar's arrest", "the strike in Port Velan"), else the story's most
//! distinctive name. Names are 1–5-word runs of capitalised words (titles such as "President"
//! removed), ranked the same way; where no head noun qualifies, the most distinctive name or
//! two-word key phrase is the label. Time phrases ("Last week", "Sunday night") and generic
//! phrases ("Prime minister", "News agency", an outlet's name) are refused; labels are distinct
//! across stories (none equal to or inside another) and cased as the text writes them.

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use crate::text::TermTable;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// Two groups of articles join while their average cosine similarity is at least this.
pub const THRESHOLD: f64 = 0.1;
/// Groups whose dated articles are further apart than this many days (the gap between their
/// date ranges) are less likely one story: their similarity is scaled by
/// `exp(-(gap - TIME_WINDOW) / TIME_SCALE)`. Inside a week's brief the factor is always 1.
pub const TIME_WINDOW: f64 = 30.0;
/// See [`TIME_WINDOW`].
pub const TIME_SCALE: f64 = 30.0;
/// An article is cut before a paragraph whose cosine with the text before it is below this.
pub const SPLIT_SIMILARITY: f64 = 0.05;
/// Paragraphs with fewer content terms never start a part of an article on their own.
const MIN_PARAGRAPH_TERMS: usize = 15;
/// Most weighted terms of an article used to find its neighbours.
const QUERY_TERMS: usize = 16;
/// Longest posting list scanned per term (the articles that weigh the term most).
const POSTING_CAP: usize = 64;
/// Candidate neighbours per article whose exact similarity is computed.
const CANDIDATES: usize = 16;
/// Nearest neighbours per article (by exact similarity) queued for clustering.
const NEIGHBOURS: usize = 8;
/// Label candidates come from each article's first sentences (and its headline)…
const LABEL_SENTENCES: usize = 12;
/// … of at most this many articles per story (evenly spaced in input order).
const LABEL_ARTICLES: usize = 200;
/// Longest label, in words.
pub const MAX_LABEL_WORDS: usize = 5;

/// A story is this week's when its newest article is at most this many days before the brief
/// date (the brief date and the six days before it).
pub const FRESH_DAYS: i64 = 6;

/// A sparse vector: (term id, weight), ascending term ids.
type Sparse = Vec<(u32, f32)>;

/// One story.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// Articles with sentences in the story (input indexes, ascending).
    pub docs: Vec<usize>,
    /// Its sentences (indexes into the sentence list, ascending).
    pub sentences: Vec<usize>,
    /// Heading: the story's most distinctive name or phrase.
    pub label: String,
    /// Distinct outlets of its articles, sorted.
    pub outlets: Vec<String>,
    /// Oldest article date.
    pub first: Option<Date>,
    /// Newest article date.
    pub last: Option<Date>,
    /// Importance (see the module doc).
    pub importance: f64,
    /// Whether its newest article is older than the last seven days before the brief date
    /// ([`FRESH_DAYS`]): background, not this week's news.
    pub earlier: bool,
}

/// The stories of a set of articles.
#[derive(Debug, Clone, PartialEq)]
pub struct Stories {
    /// Stories, most important first.
    pub list: Vec<Story>,
    /// Story of each sentence (index into `list`).
    pub of_sentence: Vec<usize>,
}

impl Stories {
    /// Number of stories with at least `n` articles.
    pub fn with_at_least(&self, n: usize) -> usize {
        self.list.iter().filter(|s| s.docs.len() >= n).count()
    }
}

/// Weight of an article by age relative to the brief date: 1 within a week, then falling as
/// 7/age; undated articles weigh 0.5. A weekly brief leads with this week's news.
pub fn recency(article: Option<Date>, brief_date: Date) -> f64 {
    match article {
        None => 0.5,
        Some(d) => {
            let age = brief_date.to_days() - d.to_days();
            if age <= 7 { 1.0 } else { 7.0 / age as f64 }
        }
    }
}

/// Groups the articles into stories, ranks and labels them (see the module doc).
pub fn discover(articles: &[Article], sentences: &[Sentence], table: &TermTable, date: Date) -> Stories {
    use rayon::prelude::*;
    let model = Model::new(articles.len(), sentences, table);
    let units = split_units(&model, sentences, articles.len());
    let vectors: Vec<Sparse> = units
        .par_iter()
        .map(|u| if u.whole { model.docs[u.doc].clone() } else { model.vector_of(&u.sentences) })
        .collect();
    let pairs = neighbours(&vectors, THRESHOLD);
    let days: Vec<Option<i64>> = units.iter().map(|u| articles[u.doc].date.map(Date::to_days)).collect();
    let groups = cluster(&vectors, &days, pairs, THRESHOLD);
    let mut group_of = vec![0usize; units.len()];
    for (g, members) in groups.iter().enumerate() {
        for &u in members {
            group_of[u] = g;
        }
    }
    // A part of a split article that found no other article goes back to its article's story.
    let docs_in: Vec<BTreeSet<usize>> =
        groups.iter().map(|g| g.iter().map(|&u| units[u].doc).collect()).collect();
    let mut first = 0;
    while first < units.len() {
        let doc = units[first].doc;
        let end = first + units[first..].iter().take_while(|u| u.doc == doc).count();
        if end - first > 1 {
            let main = (first..end)
                .filter(|&u| docs_in[group_of[u]].len() >= 2)
                .max_by(|&a, &b| units[a].sentences.len().cmp(&units[b].sentences.len()).then(b.cmp(&a)))
                .map_or(group_of[first], |u| group_of[u]);
            for u in first..end {
                if docs_in[group_of[u]].len() < 2 {
                    group_of[u] = main;
                }
            }
        }
        first = end;
    }
    let mut of_sentence = vec![0usize; sentences.len()];
    for (u, unit) in units.iter().enumerate() {
        for &i in &unit.sentences {
            of_sentence[i] = group_of[u];
        }
    }
    build(articles, sentences, of_sentence, groups.len(), date)
}

/// A piece of an article clustered on its own: the whole article, or a run of its paragraphs
/// about one story.
struct Unit {
    doc: usize,
    /// Its sentences, ascending.
    sentences: Vec<usize>,
    /// Whether it is the whole article.
    whole: bool,
}

/// The articles as clustering units, in article order: an article with several substantial
/// paragraphs is cut where a paragraph shares almost nothing with the text before it
/// (cosine below [`SPLIT_SIMILARITY`]) — a roundup's change of story. Paragraphs under
/// [`MIN_PARAGRAPH_TERMS`] content terms never start a part.
fn split_units(model: &Model, sentences: &[Sentence], n: usize) -> Vec<Unit> {
    use rayon::prelude::*;
    // Paragraphs of each article; a heading joins the paragraph after it.
    let mut paragraphs: Vec<Vec<Vec<usize>>> = vec![Vec::new(); n];
    let mut pending: Vec<Option<Vec<usize>>> = vec![None; n];
    let mut last_block: Vec<Option<usize>> = vec![None; n];
    for (i, s) in sentences.iter().enumerate() {
        let paras = &mut paragraphs[s.doc];
        if s.heading {
            pending[s.doc].get_or_insert_with(Vec::new).push(i);
            continue;
        }
        if last_block[s.doc] != Some(s.block) || paras.is_empty() {
            paras.push(pending[s.doc].take().unwrap_or_default());
            last_block[s.doc] = Some(s.block);
        }
        if let Some(p) = paras.last_mut() {
            p.push(i);
        }
    }
    for (d, rest) in pending.into_iter().enumerate() {
        if let Some(rest) = rest {
            match paragraphs[d].last_mut() {
                Some(p) => p.extend(rest),
                None => paragraphs[d].push(rest),
            }
        }
    }
    let terms = |list: &[usize]| list.iter().map(|&i| model.table.of[i].len()).sum::<usize>();
    let per_doc: Vec<Vec<Unit>> = paragraphs
        .into_par_iter()
        .enumerate()
        .map(|(doc, paras)| {
            let whole = |sentences: Vec<usize>| vec![Unit { doc, sentences, whole: true }];
            let substantial = paras.iter().filter(|p| terms(p) >= MIN_PARAGRAPH_TERMS).count();
            if substantial < 2 {
                return whole(paras.into_iter().flatten().collect());
            }
            let mut parts: Vec<Vec<usize>> = Vec::new();
            // Term counts of the current part, kept as paragraphs join it.
            let mut current_counts: Vec<(u32, u32)> = Vec::new();
            for p in paras {
                let counts = term_counts(p.iter().flat_map(|&i| model.table.of[i].iter().copied()));
                let cut = match parts.last() {
                    None => true,
                    Some(current) => {
                        terms(&p) >= MIN_PARAGRAPH_TERMS
                            && terms(current) >= MIN_PARAGRAPH_TERMS
                            && dot(&weigh(&counts, &model.idf), &weigh(&current_counts, &model.idf))
                                < SPLIT_SIMILARITY
                    }
                };
                match parts.last_mut() {
                    Some(current) if !cut => {
                        current.extend(p);
                        current_counts = add_counts(&current_counts, &counts);
                    }
                    _ => {
                        parts.push(p);
                        current_counts = counts;
                    }
                }
            }
            // A short last part stays with the one before it.
            if parts.len() > 1 && parts.last().is_some_and(|p| terms(p) < MIN_PARAGRAPH_TERMS) {
                let last = parts.pop().unwrap_or_default();
                if let Some(prev) = parts.last_mut() {
                    prev.extend(last);
                }
            }
            if parts.len() == 1 {
                return whole(parts.into_iter().flatten().collect());
            }
            parts.into_iter().map(|sentences| Unit { doc, sentences, whole: false }).collect()
        })
        .collect();
    per_doc.into_iter().flatten().collect()
}

/// Stories from a story number per sentence (numbers below `count`): facts, ranking, labels.
pub(crate) fn build(
    articles: &[Article],
    sentences: &[Sentence],
    of_sentence: Vec<usize>,
    count: usize,
    date: Date,
) -> Stories {
    let mut docs: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, &g) in of_sentence.iter().enumerate() {
        docs[g].insert(sentences[i].doc);
        members[g].push(i);
    }
    let mut list: Vec<Story> = Vec::new();
    let mut features: Vec<bool> = Vec::new();
    let mut renumber = vec![usize::MAX; count];
    for g in 0..count {
        if members[g].is_empty() {
            continue;
        }
        let d: Vec<usize> = docs[g].iter().copied().collect();
        let outlets: BTreeSet<String> = d.iter().filter_map(|&i| articles[i].outlet.clone()).collect();
        let dates: Vec<Date> = d.iter().filter_map(|&i| articles[i].date).collect();
        let volume =
            d.iter().map(|&i| recency(articles[i].date, date)).sum::<f64>() + 0.5 * outlets.len() as f64;
        let (factor, feature) = significance(&members_of(&members[g], sentences), d.len());
        let importance = volume * factor;
        features.push(feature);
        let last = dates.iter().max().copied();
        renumber[g] = list.len();
        list.push(Story {
            docs: d,
            sentences: std::mem::take(&mut members[g]),
            label: String::new(),
            outlets: outlets.into_iter().collect(),
            first: dates.iter().min().copied(),
            last,
            importance,
            earlier: last.is_some_and(|l| date.to_days() - l.to_days() > FRESH_DAYS),
        });
    }
    // Rank: this week's news first, features and sport after it, then earlier stories; inside
    // each, importance, then the story whose first article comes first.
    let mut indexed: Vec<(usize, Story)> = list.into_iter().enumerate().collect();
    let tier = |s: usize, story: &Story| u8::from(features[s]) + 2 * u8::from(story.earlier);
    indexed.sort_by(|(x, a), (y, b)| {
        tier(*x, a)
            .cmp(&tier(*y, b))
            .then_with(|| b.importance.total_cmp(&a.importance))
            .then_with(|| a.docs[0].cmp(&b.docs[0]))
    });
    let mut rank = vec![0usize; indexed.len()];
    for (r, (s, _)) in indexed.iter().enumerate() {
        rank[*s] = r;
    }
    let mut list: Vec<Story> = indexed.into_iter().map(|(_, story)| story).collect();
    let of_sentence = of_sentence.into_iter().map(|g| rank[renumber[g]]).collect();
    let labels = label_stories(articles, sentences, &list);
    for (s, label) in list.iter_mut().zip(labels) {
        s.label = label;
    }
    Stories { list, of_sentence }
}

/// The lead sentences (first [`LEAD_SENTENCES`] of each article) among `members`.
fn members_of<'s>(members: &[usize], sentences: &'s [Sentence]) -> Vec<&'s Sentence> {
    members.iter().map(|&i| &sentences[i]).filter(|s| s.index < LEAD_SENTENCES).collect()
}

/// What a story means for the reader, read from its articles' lead sentences: a factor on its
/// volume and whether it is a feature. The factor is 1 plus half the share of its articles
/// whose leads give a casualty figure ([`casualty_figure`]) plus a quarter of the share that
/// speak of the state or security (two words of [`crate::lexicon::is_security_word`]). A
/// story is a feature (sport, entertainment, lifestyle) when most of its articles' leads hold
/// two words of [`crate::lexicon::is_feature_word`] and fewer of security.
pub fn significance(leads: &[&Sentence], articles: usize) -> (f64, bool) {
    let mut per_doc: BTreeMap<usize, (bool, BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
    for s in leads {
        let e = per_doc.entry(s.doc).or_default();
        e.0 |= casualty_figure(&s.text);
        for w in crate::text::words(&s.text) {
            if crate::lexicon::is_security_word(&w) {
                e.1.insert(w.clone());
            }
            if crate::lexicon::is_feature_word(&w) {
                e.2.insert(w);
            }
        }
    }
    let n = articles.max(1) as f64;
    let casualties = per_doc.values().filter(|e| e.0).count() as f64 / n;
    let security = per_doc.values().filter(|e| e.1.len() >= 2).count() as f64 / n;
    let feature = per_doc.values().filter(|e| e.2.len() >= 2 && e.1.len() < e.2.len()).count() as f64 / n;
    (1.0 + 0.5 * casualties + 0.25 * security, feature > 0.5)
}

/// Whether a sentence gives a casualty figure: a number (digits or a number word) with a
/// casualty word ([`crate::lexicon::is_casualty_word`]) at most three words after it ("40
/// dead", "300 people injured") or before it ("killing 12", "the dead numbered 40").
pub fn casualty_figure(text: &str) -> bool {
    const NUMBER_WORDS: &[&str] = &[
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "dozen",
        "dozens",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
    ];
    let words = crate::text::words(text);
    let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit()) || NUMBER_WORDS.contains(&w);
    words.iter().enumerate().any(|(i, w)| {
        number(w)
            && words[i.saturating_sub(3)..(i + 4).min(words.len())]
                .iter()
                .any(|x| crate::lexicon::is_casualty_word(x))
    })
}

// ---------------------------------------------------------------------------------------------
// Vectors and clustering.
// ---------------------------------------------------------------------------------------------

/// Article and paragraph vectors over one idf.
struct Model<'a> {
    /// Unit TF-IDF vector of each article.
    docs: Vec<Sparse>,
    /// Inverse document frequency (over articles) by term id.
    idf: Vec<f64>,
    /// Term ids of each sentence.
    table: &'a TermTable,
}

impl<'a> Model<'a> {
    fn new(n: usize, sentences: &[Sentence], table: &'a TermTable) -> Model<'a> {
        use rayon::prelude::*;
        // Sentences of each article (they come in article order, but do not rely on it).
        let mut of_doc: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, s) in sentences.iter().enumerate() {
            of_doc[s.doc].push(i);
        }
        let counts: Vec<Vec<(u32, u32)>> = of_doc
            .par_iter()
            .map(|list| term_counts(list.iter().flat_map(|&i| table.of[i].iter().copied())))
            .collect();
        let mut df = vec![0u32; table.vocab.len()];
        for c in &counts {
            for &(t, _) in c {
                df[t as usize] += 1;
            }
        }
        let idf: Vec<f64> =
            df.iter().map(|&f| ((1.0 + n as f64) / (1.0 + f64::from(f))).ln() + 1.0).collect();
        let docs = counts.par_iter().map(|c| weigh(c, &idf)).collect();
        Model { docs, idf, table }
    }

    /// Unit vector of a set of sentences.
    fn vector_of(&self, sentences: &[usize]) -> Sparse {
        weigh(&term_counts(sentences.iter().flat_map(|&i| self.table.of[i].iter().copied())), &self.idf)
    }
}

/// (term, count) pairs of a term stream, ascending terms.
fn term_counts(terms: impl Iterator<Item = u32>) -> Vec<(u32, u32)> {
    let mut all: Vec<u32> = terms.collect();
    all.sort_unstable();
    let mut out: Vec<(u32, u32)> = Vec::new();
    for t in all {
        match out.last_mut() {
            Some((last, c)) if *last == t => *c += 1,
            _ => out.push((t, 1)),
        }
    }
    out
}

/// The sum of two (term, count) lists.
fn add_counts(a: &[(u32, u32)], b: &[(u32, u32)]) -> Vec<(u32, u32)> {
    let mut all: Vec<(u32, u32)> = a.iter().chain(b).copied().collect();
    all.sort_unstable_by_key(|&(t, _)| t);
    let mut out: Vec<(u32, u32)> = Vec::with_capacity(all.len());
    for (t, c) in all {
        match out.last_mut() {
            Some((last, n)) if *last == t => *n += c,
            _ => out.push((t, c)),
        }
    }
    out
}

/// Sublinear TF-IDF weights of term counts, scaled to unit length.
fn weigh(counts: &[(u32, u32)], idf: &[f64]) -> Sparse {
    let raw: Vec<(u32, f64)> =
        counts.iter().map(|&(t, c)| (t, (1.0 + f64::from(c).ln()) * idf[t as usize])).collect();
    let norm = raw.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
    let scale = if norm > 0.0 { 1.0 / norm } else { 0.0 };
    raw.into_iter().map(|(t, w)| (t, (w * scale) as f32)).collect()
}

/// Dot product of two sparse vectors (the shorter one looked up in the longer).
fn dot(a: &Sparse, b: &Sparse) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() * 8 < large.len() {
        return small
            .iter()
            .filter_map(|&(t, w)| {
                large.binary_search_by_key(&t, |&(u, _)| u).ok().map(|k| f64::from(w) * f64::from(large[k].1))
            })
            .sum();
    }
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                sum += f64::from(a[i].1) * f64::from(b[j].1);
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// Dot product of a sparse vector and one held by term (zero where absent): the same sum as
/// [`dot`] (the shared terms' products added in term order; the others add zero).
fn dot_dense(a: &Sparse, by_term: &[f32]) -> f64 {
    let mut sum = 0.0;
    for &(t, w) in a {
        let x = by_term[t as usize];
        if x != 0.0 {
            sum += f64::from(w) * f64::from(x);
        }
    }
    sum
}

/// `a + b`.
fn add(a: &Sparse, b: &Sparse) -> Sparse {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i == a.len() || b[j].0 < a[i].0 {
            out.push(b[j]);
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + b[j].1));
            i += 1;
            j += 1;
        }
    }
    out
}

/// Candidate pairs `(a, b, cos)` with `a < b` and `cos ≥ threshold`, sorted: each vector's
/// candidates are those sharing most of its weightiest terms.
fn neighbours(docs: &[Sparse], threshold: f64) -> Vec<(usize, usize, f64)> {
    use rayon::prelude::*;
    let vocab = docs.iter().flat_map(|d| d.iter().map(|&(t, _)| t as usize + 1)).max().unwrap_or(0);
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); vocab];
    for (d, v) in docs.iter().enumerate() {
        for &(t, w) in v {
            postings[t as usize].push((d as u32, w));
        }
    }
    postings.par_iter_mut().for_each(|p| {
        if p.len() > POSTING_CAP {
            p.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            p.truncate(POSTING_CAP);
        }
    });
    // Per thread: partial scores by vector (dense), the vectors touched, and the query vector
    // by term (dense), for exact dot products in one pass over each candidate.
    let scratch = || (vec![0f32; docs.len()], Vec::<u32>::new(), vec![0f32; vocab]);
    let found: Vec<Vec<(usize, usize, f64)>> = (0..docs.len())
        .into_par_iter()
        .map_init(scratch, |(acc, touched, by_term), d| {
            let v = &docs[d];
            let mut query: Vec<(u32, f32)> = v.clone();
            query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            query.truncate(QUERY_TERMS);
            for &(t, w) in &query {
                for &(e, we) in &postings[t as usize] {
                    if e as usize != d {
                        if acc[e as usize] == 0.0 {
                            touched.push(e);
                        }
                        acc[e as usize] += w * we;
                    }
                }
            }
            let mut cands: Vec<(u32, f32)> = touched.iter().map(|&e| (e, acc[e as usize])).collect();
            for &e in touched.iter() {
                acc[e as usize] = 0.0;
            }
            touched.clear();
            let order = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if cands.len() > CANDIDATES {
                cands.select_nth_unstable_by(CANDIDATES, order);
                cands.truncate(CANDIDATES);
            }
            cands.sort_by(order);
            for &(t, w) in v {
                by_term[t as usize] = w;
            }
            let mut near: Vec<(usize, usize, f64)> = cands
                .into_iter()
                .filter_map(|(e, _)| {
                    let e = e as usize;
                    let c = dot_dense(&docs[e], by_term);
                    (c >= threshold).then_some((d.min(e), d.max(e), c))
                })
                .collect();
            for &(t, _) in v {
                by_term[t as usize] = 0.0;
            }
            near.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
            near.truncate(NEIGHBOURS);
            near
        })
        .collect();
    let mut pairs: Vec<(usize, usize, f64)> = found.into_iter().flatten().collect();
    pairs.sort_by_key(|p| (p.0, p.1));
    pairs.dedup_by(|a, b| (a.0, a.1) == (b.0, b.1));
    pairs
}

/// A queued pair of groups with their average similarity when queued.
#[derive(PartialEq)]
struct Entry {
    sim: f64,
    a: usize,
    b: usize,
    va: u32,
    vb: u32,
}

impl Eq for Entry {}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        // Highest similarity first; on ties, the pair of earliest articles.
        self.sim.total_cmp(&other.sim).then_with(|| (other.a, other.b).cmp(&(self.a, self.b)))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-linkage clustering of unit vectors over candidate pairs (see the module doc):
/// groups of article indexes, each ascending, ordered by their first article.
fn cluster(
    docs: &[Sparse],
    days: &[Option<i64>],
    pairs: Vec<(usize, usize, f64)>,
    threshold: f64,
) -> Vec<Vec<usize>> {
    let n = docs.len();
    // Group state, indexed by the group's id (the id of one of its articles).
    let mut parent: Vec<usize> = (0..n).collect();
    let mut size = vec![1usize; n];
    let mut version = vec![0u32; n];
    // Sum of each group's vectors; none for a single article (its own vector is the sum).
    let vocab = docs.iter().filter_map(|d| d.last().map(|&(t, _)| t as usize + 1)).max().unwrap_or(0);
    let mut sum: Vec<Option<Sum>> = vec![None; n];
    // The versions each pair was last measured at: identical stale entries (one per article
    // pair between two groups) are measured once.
    let mut measured: std::collections::HashMap<(usize, usize), (u32, u32), rustc_hash::FxBuildHasher> =
        Default::default();
    // First and last day of each group's dated articles.
    let mut dated: Vec<Option<(i64, i64)>> = days.iter().map(|d| d.map(|d| (d, d))).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut heap: BinaryHeap<Entry> = pairs
        .into_iter()
        .map(|(a, b, sim)| Entry { sim: sim * time_factor(dated[a], dated[b]), a, b, va: 0, vb: 0 })
        .filter(|e| e.sim >= threshold)
        .collect();
    while let Some(e) = heap.pop() {
        let (ra, rb) = (find(&mut parent, e.a), find(&mut parent, e.b));
        if ra == rb {
            continue;
        }
        let (a, b) = (ra.min(rb), ra.max(rb));
        if (a, b) != (e.a, e.b) || version[a] != e.va || version[b] != e.vb {
            // Stale: the groups changed since this pair was queued. Its similarity was an upper
            // bound; queue the exact one.
            if measured.insert((a, b), (version[a], version[b])) == Some((version[a], version[b])) {
                continue;
            }
            let of = |g: usize| sum[g].as_ref().map_or(View::Sparse(&docs[g]), Sum::view);
            let sim = of(a).dot(of(b)) / (size[a] * size[b]) as f64 * time_factor(dated[a], dated[b]);
            if sim >= threshold {
                heap.push(Entry { sim, a, b, va: version[a], vb: version[b] });
            }
            continue;
        }
        // Merge b into a (a is the lower id).
        dated[a] = match (dated[a], dated[b]) {
            (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
            (x, y) => x.or(y),
        };
        let sa = sum[a].take().unwrap_or_else(|| Sum::Sparse(docs[a].clone()));
        let sb = sum[b].take().unwrap_or_else(|| Sum::Sparse(docs[b].clone()));
        sum[a] = Some(sa.plus(sb, vocab));
        size[a] += size[b];
        version[a] += 1;
        parent[b] = a;
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for d in 0..n {
        let r = find(&mut parent, d);
        groups.entry(r).or_default().push(d);
    }
    // Group ids are their lowest article (merges keep the lower id): already in order.
    groups.into_values().collect()
}

/// The sum of a group's vectors: sparse, or dense (indexed by term) once it holds terms
/// for more than half the vocabulary — a large story then costs no more memory, and adding an
/// article to it no longer copies it.
#[derive(Clone)]
enum Sum {
    Sparse(Sparse),
    Dense(Vec<f32>),
}

/// A borrowed [`Sum`] (or an article's own vector).
#[derive(Clone, Copy)]
enum View<'a> {
    Sparse(&'a Sparse),
    Dense(&'a [f32]),
}

impl Sum {
    fn view(&self) -> View<'_> {
        match self {
            Sum::Sparse(v) => View::Sparse(v),
            Sum::Dense(v) => View::Dense(v),
        }
    }

    /// `self + other`, reusing the larger storage.
    fn plus(self, other: Sum, vocab: usize) -> Sum {
        fn add_into(dense: &mut [f32], v: &Sparse) {
            for &(t, w) in v {
                dense[t as usize] += w;
            }
        }
        match (self, other) {
            (Sum::Dense(mut d), Sum::Sparse(v)) | (Sum::Sparse(v), Sum::Dense(mut d)) => {
                add_into(&mut d, &v);
                Sum::Dense(d)
            }
            (Sum::Dense(mut d), Sum::Dense(e)) => {
                for (x, y) in d.iter_mut().zip(e) {
                    *x += y;
                }
                Sum::Dense(d)
            }
            (Sum::Sparse(a), Sum::Sparse(b)) => {
                let merged = add(&a, &b);
                if merged.len() * 2 > vocab {
                    let mut d = vec![0f32; vocab];
                    add_into(&mut d, &merged);
                    Sum::Dense(d)
                } else {
                    Sum::Sparse(merged)
                }
            }
        }
    }
}

impl View<'_> {
    fn dot(self, other: View<'_>) -> f64 {
        match (self, other) {
            (View::Sparse(a), View::Sparse(b)) => dot(a, b),
            (View::Sparse(s), View::Dense(d)) | (View::Dense(d), View::Sparse(s)) => {
                s.iter().map(|&(t, w)| f64::from(w) * f64::from(d[t as usize])).sum()
            }
            (View::Dense(a), View::Dense(b)) => {
                a.iter().zip(b).map(|(x, y)| f64::from(*x) * f64::from(*y)).sum()
            }
        }
    }
}

/// The time factor of two groups given the first and last day of their dated articles (see
/// [`TIME_WINDOW`]); 1 when either has no date.
fn time_factor(a: Option<(i64, i64)>, b: Option<(i64, i64)>) -> f64 {
    let (Some(a), Some(b)) = (a, b) else { return 1.0 };
    let gap = (a.0 - b.1).max(b.0 - a.1).max(0) as f64;
    if gap <= TIME_WINDOW { 1.0 } else { (-(gap - TIME_WINDOW) / TIME_SCALE).exp() }
}

// ---------------------------------------------------------------------------------------------
// Labels.
// ---------------------------------------------------------------------------------------------

/// Lower-case words inside names ("Bank of England", "Osama bin Laden").
const CONNECTORS: &[&str] = &["of", "bin", "de", "al", "van", "von", "del", "la"];

/// Words that make a phrase about time, never a label.
const TIME_WORDS: &[&str] = &[
    "afternoon",
    "ago",
    "century",
    "day",
    "days",
    "decade",
    "earlier",
    "evening",
    "fifth",
    "first",
    "fourth",
    "hour",
    "hours",
    "last",
    "late",
    "later",
    "minute",
    "minutes",
    "month",
    "months",
    "morning",
    "next",
    "night",
    "nights",
    "past",
    "recent",
    "recently",
    "season",
    "second",
    "third",
    "time",
    "times",
    "today",
    "tomorrow",
    "tonight",
    "week",
    "weekend",
    "weeks",
    "year",
    "years",
    "yesterday",
];

/// Phrases too generic to name a story (lower case), alone or made only of these words.
const GENERIC_WORDS: &[&str] = &[
    "administration",
    "agency",
    "army",
    "authorities",
    "capital",
    "city",
    "conference",
    "countries",
    "country",
    "democratic",
    "democrats",
    "forces",
    "government",
    "group",
    "leader",
    "leaders",
    "media",
    "military",
    "ministry",
    "nation",
    "national",
    "news",
    "officials",
    "opposition",
    "party",
    "people",
    "police",
    "press",
    "rebels",
    "report",
    "reporters",
    "republican",
    "republicans",
    "spokesman",
    "spokeswoman",
    "state",
    "statement",
    "states",
    "television",
    "troops",
    "world",
];

/// Whether a label candidate (its words) is a time phrase or a generic phrase.
fn refused(words: &[&str], outlets: &BTreeSet<String>) -> bool {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let joined = lower.join(" ");
    lower.iter().any(|w| TIME_WORDS.contains(&w.as_str()) || crate::lexicon::is_calendar(w))
        || words.iter().any(|w| crate::lexicon::is_calendar(w))
        || lower.iter().all(|w| {
            GENERIC_WORDS.contains(&w.as_str())
                || crate::lexicon::is_role_head(w)
                || crate::lexicon::is_role_modifier(w)
                || crate::text::is_stop_word(w)
        })
        || outlets.contains(&joined)
}

/// Label candidates of one sentence: (key, surface) of named entities and key phrases.
fn candidates_of(text: &str) -> Vec<(String, String)> {
    use crate::lexicon as lex;
    let toks = crate::tokens::tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !(toks[i].is_word() && toks[i].is_cap()) {
            i += 1;
            continue;
        }
        // A run of capitalised words, with `of`/`bin`/`de`… inside it.
        let start = i;
        let mut end = i + 1;
        while end < toks.len() {
            let t = &toks[end];
            if t.is_word() && t.is_cap() && !toks[end - 1].possessive() {
                end += 1;
            } else if CONNECTORS.contains(&t.text)
                && toks.get(end + 1).is_some_and(|n| n.is_word() && n.is_cap())
                && !toks[end - 1].possessive()
            {
                end += 2;
            } else {
                break;
            }
        }
        i = end;
        let mut run: Vec<&str> = toks[start..end].iter().map(|t| t.base()).collect();
        // The sentence's first word is capitalised anyway: kept only if it looks like a name.
        if start == 0 && run.first().is_some_and(|w| lex::is_common_initial(w)) {
            run.remove(0);
        }
        // Titles, honorifics and nationalities before a name are not part of it ("U.S.
        // President Bill Clinton" → "Bill Clinton"), unless the run names an organisation
        // ("National Basketball Association").
        let organisation = run.last().is_some_and(|w| lex::is_org_head(w));
        while run.len() > 1
            && !organisation
            && (lex::is_honorific(run[0])
                || CONNECTORS.contains(&run[0])
                || lex::is_role_head(run[0])
                || lex::is_role_modifier(run[0])
                || lex::is_nationality(run[0])
                || lex::is_country_acronym(run[0])
                || run[0] == "Speaker")
        {
            run.remove(0);
        }
        while run
            .last()
            .is_some_and(|w| matches!(*w, "of" | "bin" | "de" | "al" | "van" | "von" | "del" | "la"))
        {
            run.pop();
        }
        if run.is_empty() || run.len() > MAX_LABEL_WORDS || run.iter().any(|w| lex::is_calendar(w)) {
            continue;
        }
        // One word: not a nationality or an adjective ("Palestinians", "Democratic"), and not
        // the sentence's first word (capitalised anyway: "Struggling …") unless an acronym.
        if run.len() == 1
            && (run[0].chars().count() < 3
                || (start == 0 && end == 1 && !lex::is_acronym(run[0]))
                || lex::is_common_initial(run[0])
                || lex::is_nationality(run[0])
                || (run[0].ends_with("ic") && !lex::is_acronym(run[0])))
        {
            continue;
        }
        let surface = run.join(" ");
        out.push((surface.to_lowercase(), surface));
    }
    // Key phrases: two lower-case words, the second not a past tense or adverb ("port strike",
    // not "forces pushed").
    for ((a, b), surface) in crate::topics::phrases_of(text) {
        let lower = surface.split_whitespace().all(|w| w.starts_with(char::is_lowercase));
        let verbal =
            surface.split_whitespace().any(|w| w.len() > 4 && (w.ends_with("ed") || w.ends_with("ly")));
        if lower && !verbal {
            out.push((format!("{a} {b}"), surface));
        }
    }
    out
}

/// Event head nouns are read from each article's headline and first sentences.
const LEAD_SENTENCES: usize = 3;

/// Whether a head noun can name an event: not about time, not generic, not a participant.
fn event_head(head: &str) -> bool {
    !(TIME_WORDS.contains(&head)
        || GENERIC_WORDS.contains(&head)
        || crate::lexicon::is_non_event_noun(head)
        || crate::lexicon::is_role_head(head)
        || crate::lexicon::is_calendar(head)
        || crate::lexicon::is_nationality(head)
        || FUNCTION_WORDS.contains(&head))
}

/// Prepositions and adverbs the stop-word list lacks: never the head of a noun phrase.
const FUNCTION_WORDS: &[&str] = &[
    "about", "across", "after", "against", "ahead", "along", "among", "around", "away", "before", "behind",
    "below", "beyond", "despite", "during", "inside", "near", "over", "since", "through", "toward",
    "towards", "under", "until", "upon", "within", "without",
];

/// Words that open a noun phrase: its head is the last lower-case word after them.
const DETERMINERS: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "this", "that"];

/// Event head nouns of one sentence, each with the name it is attached to, if any: the head
/// (last word) of a lower-case noun phrase that follows a determiner ("the strike"), a
/// possessive name ("Anwar's arrest") or a name ("Port Velan strike"); the name is the
/// possessive or preceding one, else the one after `of`/`in` ("the arrest of Anwar Ibrahim",
/// "a strike in Port Velan"). Verbs are kept out by structure: a phrase after a bare name
/// must end the clause (punctuation, a stop word, the end) and its head may not look like a
/// verb form (-ed, -s after a name, a speech verb); adverbs (-ly) never head a phrase.
/// Returns (lower-case head, name as written).
fn event_nouns_of(text: &str) -> Vec<(String, Option<String>)> {
    use crate::lexicon as lex;
    let toks = crate::tokens::tokenize(text);
    let lower_word = |t: &crate::tokens::Tok| {
        t.is_word()
            && t.text.starts_with(char::is_lowercase)
            && t.text.chars().all(|c| c.is_alphabetic() || c == '-')
    };
    let content = |t: &crate::tokens::Tok| lower_word(t) && !crate::text::is_stop_word(&t.lower());
    // The capitalised run ending at token `end` (exclusive), as written, without titles.
    let name_before = |end: usize| -> Option<String> {
        let mut start = end;
        while start > 0 && toks[start - 1].is_word() && toks[start - 1].is_cap() {
            start -= 1;
            if toks[start].possessive() && start + 1 < end {
                start += 1;
                break;
            }
        }
        let run: Vec<&str> = toks[start..end]
            .iter()
            .map(|t| t.base())
            .skip_while(|w| lex::is_honorific(w) || lex::is_role_head(w) || lex::is_role_modifier(w))
            .collect();
        let first_word = start == 0 && run.len() == 1 && lex::is_common_initial(run[0])
            || run.len() == 1 && lex::is_nationality(run[0]);
        (!run.is_empty() && !first_word && !run.iter().any(|w| lex::is_calendar(w))).then(|| run.join(" "))
    };
    let name_after = |from: usize| -> Option<String> {
        let mut end = from;
        while end < toks.len()
            && toks[end].is_word()
            && (toks[end].is_cap()
                || (end > from
                    && CONNECTORS.contains(&toks[end].text)
                    && toks.get(end + 1).is_some_and(|n| n.is_cap())))
        {
            end += 1;
            if toks[end - 1].possessive() {
                break;
            }
        }
        let run: Vec<&str> = toks[from..end]
            .iter()
            .map(|t| t.base())
            .skip_while(|w| lex::is_honorific(w) || lex::is_role_head(w) || lex::is_role_modifier(w))
            .collect();
        (!run.is_empty() && !run.iter().any(|w| lex::is_calendar(w))).then(|| run.join(" "))
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        let after_det = t.is_word() && DETERMINERS.contains(&t.lower().as_str()) && !t.possessive();
        let after_possessive = t.is_word() && t.is_cap() && t.possessive();
        let after_name = t.is_word() && t.is_cap() && !t.possessive() && i > 0;
        if !(after_det || after_possessive || after_name) || !toks.get(i + 1).is_some_and(content) {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < toks.len() && end - i <= 3 && content(&toks[end]) {
            end += 1;
        }
        // The phrase must end there: a further lower-case content word means it goes on.
        if toks.get(end).is_some_and(content) {
            i = end;
            continue;
        }
        let head = toks[end - 1].lower();
        // A noun right before a name is its title ("the former dictator Augusto Pinochet").
        if toks.get(end).is_some_and(|n| n.is_word() && n.is_cap()) {
            i = end;
            continue;
        }
        let next_ends_clause =
            toks.get(end).is_none_or(|n| !n.is_word() || crate::text::is_stop_word(&n.lower()));
        let verb_like = head.len() < 4
            || head.ends_with("ly")
            || head.ends_with("ed")
            || lex::is_speech_verb(&head)
            || (after_name
                && (!next_ends_clause || head.ends_with('s') || head.ends_with("ing") || end - i > 2));
        if !verb_like {
            let mut name = if after_possessive || after_name { name_before(i + 1) } else { None };
            if name.is_none() && toks.get(end).is_some_and(|n| matches!(n.text, "of" | "in" | "at")) {
                name = name_after(end + 1);
            }
            out.push((head, name));
        }
        i = end;
    }
    out
}

/// A label for each story (same order), distinct across stories (see the module doc).
pub fn label_stories(articles: &[Article], sentences: &[Sentence], stories: &[Story]) -> Vec<String> {
    use rayon::prelude::*;
    let outlets: BTreeSet<String> =
        articles.iter().filter_map(|a| a.outlet.as_ref().map(|o| o.to_lowercase())).collect();
    // Candidates of each (story, article) unit: key → surfaces seen.
    // Candidates of the first sentences of every article (a story is named early) and of its
    // headline, found in parallel, then interned: (story, article, key, surface, in the lead).
    // A large story is named from an even sample of its articles.
    let mut story_of = vec![usize::MAX; sentences.len()];
    for (st, story) in stories.iter().enumerate() {
        let n = story.docs.len();
        let sample: BTreeSet<usize> =
            (0..n.min(LABEL_ARTICLES)).map(|k| story.docs[k * n / n.min(LABEL_ARTICLES)]).collect();
        for &i in &story.sentences {
            if sample.contains(&sentences[i].doc) {
                story_of[i] = st;
            }
        }
    }
    let found: Vec<Vec<(String, String)>> = sentences
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            if s.index < LABEL_SENTENCES && story_of[i] != usize::MAX {
                candidates_of(&s.text)
            } else {
                Vec::new()
            }
        })
        .collect();
    let sampled: BTreeSet<usize> = story_of
        .iter()
        .enumerate()
        .filter(|(_, st)| **st != usize::MAX)
        .map(|(i, _)| sentences[i].doc)
        .collect();
    let titles: Vec<Vec<(String, String)>> = articles
        .par_iter()
        .enumerate()
        .map(|(d, a)| if sampled.contains(&d) { candidates_of(&a.title) } else { Vec::new() })
        .collect();
    let mut keys: Vec<String> = Vec::new();
    let mut surfaces: Vec<String> = Vec::new();
    let mut key_ids: std::collections::HashMap<String, u32, rustc_hash::FxBuildHasher> = Default::default();
    let mut surface_ids: std::collections::HashMap<String, u32, rustc_hash::FxBuildHasher> =
        Default::default();
    fn intern(
        s: String,
        ids: &mut std::collections::HashMap<String, u32, rustc_hash::FxBuildHasher>,
        all: &mut Vec<String>,
    ) -> u32 {
        if let Some(&id) = ids.get(&s) {
            return id;
        }
        let id = all.len() as u32;
        all.push(s.clone());
        ids.insert(s, id);
        id
    }
    // (story, article, key, surface, lead)
    let mut seen: Vec<(u32, u32, u32, u32, bool)> = Vec::new();
    for (i, list) in found.into_iter().enumerate() {
        let s = &sentences[i];
        for (key, surface) in list {
            let k = intern(key, &mut key_ids, &mut keys);
            let f = intern(surface, &mut surface_ids, &mut surfaces);
            seen.push((story_of[i] as u32, s.doc as u32, k, f, s.index < 2));
        }
    }
    // A headline names the story of the article's body: its candidates count as lead where the
    // body uses them too.
    seen.sort_unstable();
    let mut in_body: Vec<(u32, u32, u32)> = seen.iter().map(|&(st, d, k, _, _)| (st, d, k)).collect();
    in_body.dedup();
    let title_keys: Vec<Vec<u32>> =
        titles.iter().map(|t| t.iter().filter_map(|(key, _)| key_ids.get(key).copied()).collect()).collect();
    let mut leads: Vec<(u32, u32, u32)> =
        seen.iter().filter(|x| x.4).map(|&(st, d, k, _, _)| (st, d, k)).collect();
    leads.sort_unstable();
    leads.dedup();
    // Units (story, article) holding each key, over all stories.
    let mut df_all = vec![0usize; keys.len()];
    for &(_, _, k) in &in_body {
        df_all[k as usize] += 1;
    }
    let mut units: Vec<(u32, u32)> = in_body.iter().map(|&(st, d, _)| (st, d)).collect();
    units.dedup();
    let total_units = units.len();
    // Per story: key → (articles using it, times articles name it in their headline or first
    // two sentences, surface counts).
    type KeyStats = (usize, usize, BTreeMap<u32, usize>);
    let mut stats: Vec<BTreeMap<u32, KeyStats>> = vec![BTreeMap::new(); stories.len()];
    let mut units_of = vec![0usize; stories.len()];
    let mut last_unit: Option<(u32, u32)> = None;
    let mut last_key: Option<(u32, u32, u32)> = None;
    for &(st, d, k, f, _) in &seen {
        if last_unit != Some((st, d)) {
            units_of[st as usize] += 1;
            last_unit = Some((st, d));
        }
        let e = stats[st as usize].entry(k).or_default();
        if last_key != Some((st, d, k)) {
            e.0 += 1;
            last_key = Some((st, d, k));
            e.1 += usize::from(leads.binary_search(&(st, d, k)).is_ok())
                + usize::from(title_keys[d as usize].contains(&k));
        }
        *e.2.entry(f).or_default() += 1;
    }
    // Event head nouns of the leads (first sentences) and headlines, per story: noun → (its
    // articles, names it is attached to).
    let lead_nouns: Vec<Vec<(String, Option<String>)>> = sentences
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            if s.index < LEAD_SENTENCES && story_of[i] != usize::MAX {
                event_nouns_of(&s.text)
            } else {
                Vec::new()
            }
        })
        .collect();
    let title_nouns: Vec<Vec<(String, Option<String>)>> = articles
        .par_iter()
        .enumerate()
        .map(|(d, a)| if sampled.contains(&d) { event_nouns_of(&a.title) } else { Vec::new() })
        .collect();
    type NounStats = (BTreeSet<usize>, BTreeMap<String, usize>);
    let mut nouns: Vec<BTreeMap<String, NounStats>> = vec![BTreeMap::new(); stories.len()];
    let mut noun_units: BTreeMap<&str, BTreeSet<(usize, usize)>> = BTreeMap::new();
    let mut story_docs: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); stories.len()];
    let mut record = |st: usize, doc: usize, list: &[(String, Option<String>)]| {
        story_docs[st].insert(doc);
        for (head, name) in list {
            let e = nouns[st].entry(head.clone()).or_default();
            e.0.insert(doc);
            if let Some(name) = name {
                *e.1.entry(name.clone()).or_default() += 1;
            }
        }
    };
    for (i, list) in lead_nouns.iter().enumerate() {
        if story_of[i] != usize::MAX {
            record(story_of[i], sentences[i].doc, list);
        }
    }
    for (st, story) in stories.iter().enumerate() {
        for &d in &story.docs {
            if sampled.contains(&d) && !title_nouns[d].is_empty() {
                record(st, d, &title_nouns[d]);
            }
        }
    }
    for (st, map) in nouns.iter().enumerate() {
        for (head, (docs, _)) in map {
            let units = noun_units.entry(head.as_str()).or_default();
            units.extend(docs.iter().map(|&d| (st, d)));
        }
    }
    let noun_total: usize = story_docs.iter().map(BTreeSet::len).sum();
    let mut used = Labels::default();
    let mut labels = Vec::new();
    for (st, df) in stats.iter().enumerate() {
        let n = units_of[st].max(1);
        let min_df = if n >= 2 { 2 } else { 1 };
        let mut ranked: Vec<(f64, &str, String)> = df
            .iter()
            .filter(|(_, (d, _, _))| *d >= min_df)
            .filter_map(|(&key, (d, leads, counts))| {
                // As most often written; alphabetically first on ties.
                let surface = counts
                    .iter()
                    .map(|(&f, &c)| (surfaces[f as usize].as_str(), c))
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(s, _)| s.to_string())?;
                let words: Vec<&str> = surface.split_whitespace().collect();
                if refused(&words, &outlets) {
                    return None;
                }
                // Used across the story, and in its headlines and leads.
                let spread = (*d + *leads) as f64 / (3 * n) as f64;
                let rarity = ((1.0 + total_units as f64) / (1.0 + df_all[key as usize] as f64)).ln() + 0.1;
                // Names first: a phrase must be clearly more distinctive to win.
                let kind = if surface.starts_with(char::is_lowercase) { 0.7 } else { 1.0 };
                let length = 1.0 + 0.15 * (words.len().min(3) - 1) as f64;
                Some((spread * rarity * length * kind, keys[key as usize].as_str(), surface))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        // The event: the head noun most distinctive of the story's leads (c-TF-IDF), with the
        // name it is most often attached to, else the story's most distinctive name.
        let n_docs = story_docs[st].len().max(1);
        // A head used by two articles, else (a story told once in its leads) by one.
        let shared = nouns[st].iter().any(|(head, (docs, _))| docs.len() >= 2 && event_head(head));
        let min_docs = if n_docs >= 2 && shared { 2 } else { 1 };
        let mut heads: Vec<(f64, &str)> = nouns[st]
            .iter()
            .filter(|(head, (docs, _))| docs.len() >= min_docs && event_head(head))
            .map(|(head, (docs, _))| {
                let df = noun_units.get(head.as_str()).map_or(0, BTreeSet::len);
                let rarity = ((1.0 + noun_total as f64) / (1.0 + df as f64)).ln() + 0.1;
                (docs.len() as f64 / n_docs as f64 * rarity, head.as_str())
            })
            .collect();
        heads.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        let names: Vec<&str> = ranked
            .iter()
            .filter(|(_, _, s)| s.starts_with(char::is_uppercase))
            .map(|(_, _, s)| s.as_str())
            .collect();
        let phrases: Vec<&str> = ranked
            .iter()
            .filter(|(_, _, s)| s.starts_with(char::is_lowercase))
            .map(|(_, _, s)| s.as_str())
            .collect();
        let mut event: Option<String> = None;
        for &(_, head) in heads.iter().take(3) {
            let attached = &nouns[st][head].1;
            let refused_name = |n: &str| refused(&n.split_whitespace().collect::<Vec<_>>(), &outlets);
            let mut by_count: Vec<(&String, &usize)> =
                attached.iter().filter(|(n, _)| !refused_name(n)).collect();
            by_count.sort_by(|a, b| {
                let rank =
                    |n: &str| names.iter().position(|x| x.eq_ignore_ascii_case(n)).unwrap_or(usize::MAX);
                b.1.cmp(a.1).then_with(|| rank(a.0).cmp(&rank(b.0))).then_with(|| a.0.cmp(b.0))
            });
            let candidates: Vec<&str> =
                by_count.iter().map(|(n, _)| n.as_str()).chain(names.iter().copied()).take(4).collect();
            // "yacht race" rather than "race" where a key phrase of the story ends with it.
            let np = phrases
                .iter()
                .take(5)
                .find(|p| p.ends_with(&format!(" {head}")))
                .map_or(head.to_string(), |p| p.to_string());
            for name in candidates {
                let has_head = name.split_whitespace().any(|w| w.eq_ignore_ascii_case(head));
                let label = if has_head { name.to_string() } else { format!("{name} {np}") };
                if label.split_whitespace().count() <= MAX_LABEL_WORDS + 1 && !used.clashes(&label) {
                    event = Some(label);
                    break;
                }
            }
            if event.is_some() {
                break;
            }
        }
        let chosen = event.or_else(|| ranked.into_iter().map(|(_, _, s)| s).find(|s| !used.clashes(s)));
        let label = match chosen {
            Some(l) => sentence_case(&l),
            None => fallback_label(articles, &stories[st], st),
        };
        used.insert(&label);
        labels.push(label);
    }
    labels
}

/// The labels given so far, for the test that keeps labels distinct: a label clashes with one
/// given when either is the other or inside it as whole words, ignoring case (`" u "` within
/// `" l "`, both lower-cased and padded with a space). Each label is kept as the set of its
/// runs of consecutive words (split at single spaces, as the padded test matches), so a test
/// looks up the runs of one label instead of comparing it with every label given.
#[derive(Default)]
struct Labels {
    /// Every label given, lower-cased.
    whole: std::collections::HashSet<String, rustc_hash::FxBuildHasher>,
    /// Every run of consecutive words of every label given, lower-cased.
    runs: std::collections::HashSet<String, rustc_hash::FxBuildHasher>,
}

impl Labels {
    /// Records `label` as given.
    fn insert(&mut self, label: &str) {
        let l = label.to_lowercase();
        self.runs.extend(runs(&l));
        self.whole.insert(l);
    }

    /// Whether `label` clashes with a label given.
    fn clashes(&self, label: &str) -> bool {
        let l = label.to_lowercase();
        self.runs.contains(&l) || runs(&l).any(|r| self.whole.contains(&r))
    }
}

/// The runs of consecutive words of `s` (words split at single spaces, so the runs are the
/// strings `r` with `" r "` inside `" s "`).
fn runs(s: &str) -> impl Iterator<Item = String> + '_ {
    let words: Vec<&str> = s.split(' ').collect();
    let n = words.len();
    (0..n).flat_map(move |i| {
        let words = words.clone();
        (i + 1..=n).map(move |j| words[i..j].join(" "))
    })
}

/// First letter in upper case (a heading), the rest as written.
fn sentence_case(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// A label when no name or phrase qualifies: the first article's headline, cut to five words,
/// numbered so that it stays distinct.
fn fallback_label(articles: &[Article], story: &Story, rank: usize) -> String {
    let title: Vec<&str> = articles[story.docs[0]].title.split_whitespace().take(MAX_LABEL_WORDS).collect();
    if title.is_empty() {
        format!("Story {}", rank + 1)
    } else {
        format!("{} (story {})", title.join(" ").trim_end_matches([',', ':', ';', '.']), rank + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, outlet: Option<&str>, date: Option<Date>, paragraphs: &[&str]) -> Article {
        let mut text = String::new();
        for p in paragraphs {
            text.push_str(p);
            text.push_str("\n\n");
        }
        let mut a = crate::ingest::parse_article(id, &format!("Title of {id}\n\n{text}"), None).unwrap();
        a.outlet = outlet.map(str::to_string);
        a.date = date;
        a
    }

    fn stories_of(articles: &[Article]) -> (Vec<Sentence>, Stories) {
        let sentences = crate::segment::split_all(articles);
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let table = TermTable::new(&texts);
        let d = Date::new(2025, 12, 5).unwrap();
        let st = discover(articles, &sentences, &table, d);
        (sentences, st)
    }

    const HARBOUR: [&str; 3] = [
        "Dockworkers at the port of Valmora walked out on Monday, halting container cranes in a dispute over night-shift bonuses.",
        "The Valmora dockworkers union said the strike would continue until the port authority restores the bonuses it cut in October.",
        "Shipping lines diverted vessels from Valmora to neighbouring harbours as the strike by dockworkers entered its third day.",
    ];
    const FIRE: [&str; 3] = [
        "A wildfire in the hills above Castrelo forced the evacuation of four villages as strong winds pushed the flames downhill.",
        "Firefighters in Castrelo used water-bombing aircraft against the wildfire, which has burned more than two thousand hectares.",
        "Residents evacuated from the villages near Castrelo were housed in a sports hall while the wildfire burned through the pine forest.",
    ];

    #[test]
    fn articles_group_into_their_stories_without_being_told_how_many() {
        let d = Date::new(2025, 12, 3);
        let arts: Vec<Article> = (0..3)
            .map(|i| {
                article(&format!("h{i}.txt"), Some("Port Gazette"), d, &[HARBOUR[i], HARBOUR[(i + 1) % 3]])
            })
            .chain((0..3).map(|i| article(&format!("w{i}.txt"), None, d, &[FIRE[i], FIRE[(i + 2) % 3]])))
            .collect();
        let (_, st) = stories_of(&arts);
        let groups: Vec<Vec<usize>> = st.list.iter().map(|s| s.docs.clone()).collect();
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert!(groups.contains(&vec![0, 1, 2]) && groups.contains(&vec![3, 4, 5]), "{groups:?}");
        // Ranked by importance: same articles and recency, the harbour story has an outlet.
        assert_eq!(st.list[0].docs, vec![0, 1, 2]);
        assert_eq!(st.list[0].outlets, vec!["Port Gazette".to_string()]);
        assert_eq!(st.list[0].first, d);
        // Labels name the stories.
        let labels: Vec<&str> = st.list.iter().map(|s| s.label.as_str()).collect();
        assert!(
            labels[0].contains("Valmora") || labels[0].to_lowercase().contains("dockworker"),
            "{labels:?}"
        );
        assert!(
            labels[1].contains("Castrelo") || labels[1].to_lowercase().contains("wildfire"),
            "{labels:?}"
        );
        // Input order does not matter: the same groups of texts when the files come reversed.
        let mut rev = arts.clone();
        rev.reverse();
        let (_, st2) = stories_of(&rev);
        let mut g2: Vec<Vec<usize>> =
            st2.list.iter().map(|s| s.docs.iter().map(|&d| arts.len() - 1 - d).rev().collect()).collect();
        g2.sort();
        let mut g1 = groups.clone();
        g1.sort();
        assert_eq!(g1, g2);
    }

    #[test]
    fn stories_that_share_words_but_not_events_stay_apart() {
        // Both are about a "strike" and "workers" in a "city", but different events.
        let d = Date::new(2025, 12, 3);
        let rail = [
            "Train drivers in Pellagra began a strike on Tuesday over pay, leaving commuters stranded at Pellagra central station.",
            "The Pellagra train drivers union said the strike over pay would last until the rail operator raised its offer.",
            "Commuters in Pellagra queued for buses as the strike by train drivers cancelled nearly every rail service.",
        ];
        let hospital = [
            "Nurses at the Orsoy general hospital began a strike on Tuesday over staffing, postponing hundreds of operations.",
            "Hospital managers in Orsoy said the nurses strike over staffing had forced them to cancel operations and close a ward.",
            "Patients in Orsoy waited for operations as the strike by nurses over staffing entered its second day.",
        ];
        let arts: Vec<Article> = (0..3)
            .map(|i| article(&format!("a{i}.txt"), None, d, &[rail[i]]))
            .chain((0..3).map(|i| article(&format!("b{i}.txt"), None, d, &[hospital[i]])))
            .collect();
        let (_, st) = stories_of(&arts);
        for s in &st.list {
            let rail_side = s.docs.iter().filter(|&&d| d < 3).count();
            assert!(rail_side == 0 || rail_side == s.docs.len(), "mixed story: {:?}", s.docs);
        }
    }

    #[test]
    fn a_roundup_is_split_between_its_stories() {
        let d = Date::new(2025, 12, 3);
        let mut arts: Vec<Article> = (0..3)
            .map(|i| article(&format!("h{i}.txt"), None, d, &[HARBOUR[i], HARBOUR[(i + 1) % 3]]))
            .chain((0..3).map(|i| article(&format!("w{i}.txt"), None, d, &[FIRE[i], FIRE[(i + 2) % 3]])))
            .collect();
        // The roundup: one paragraph on each story.
        arts.push(article(
            "z-roundup.txt",
            None,
            d,
            &[&format!("{} {}", HARBOUR[0], HARBOUR[2]), &format!("{} {}", FIRE[1], FIRE[2])],
        ));
        let (sentences, st) = stories_of(&arts);
        let roundup_stories: BTreeSet<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].doc == 6 && !sentences[i].heading)
            .map(|i| st.of_sentence[i])
            .collect();
        assert_eq!(roundup_stories.len(), 2, "the roundup's paragraphs go to both stories");
        for s in &st.list {
            assert!(s.docs.contains(&6), "{:?}", s.docs);
        }
        // Its harbour paragraph is in the harbour story, its fire paragraph in the fire story.
        for (i, s) in sentences.iter().enumerate().filter(|(_, s)| s.doc == 6 && !s.heading) {
            let story = &st.list[st.of_sentence[i]];
            let expected = if s.text.contains("Valmora") { 0 } else { 3 };
            assert!(story.docs.contains(&expected), "{} → {:?}", s.text, story.docs);
        }
    }

    #[test]
    fn labels_refuse_time_and_generic_phrases() {
        let none = BTreeSet::new();
        assert!(refused(&["Last", "week"], &none));
        assert!(refused(&["Sunday", "night"], &none));
        assert!(refused(&["First", "time"], &none));
        assert!(refused(&["News", "agency"], &none));
        assert!(refused(&["Prime", "Minister"], &none));
        assert!(refused(&["Government"], &none));
        let outlets: BTreeSet<String> = ["associated press".to_string()].into();
        assert!(refused(&["Associated", "Press"], &outlets));
        assert!(!refused(&["Hurricane", "Mitch"], &none));
        assert!(!refused(&["yacht", "race"], &none));
        assert!(!refused(&["Osama", "bin", "Laden"], &none));
    }

    #[test]
    fn label_candidates_are_names_without_titles_and_key_phrases() {
        let c: Vec<String> = candidates_of(
            "Prime Minister Tony Blair met Osama bin Laden's envoy after the yacht race in Sydney on Monday.",
        )
        .into_iter()
        .map(|(_, s)| s)
        .collect();
        assert!(c.contains(&"Tony Blair".to_string()), "{c:?}");
        assert!(c.contains(&"Osama bin Laden".to_string()), "{c:?}");
        assert!(c.contains(&"yacht race".to_string()), "{c:?}");
        assert!(c.contains(&"Sydney".to_string()), "{c:?}");
        assert!(!c.iter().any(|s| s.contains("Monday") || s == "Prime Minister"), "{c:?}");
        let c: Vec<String> = candidates_of("He met Secretary of State Marco Rubio and the Bank of England.")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert!(
            c.contains(&"Marco Rubio".to_string()) && c.contains(&"Bank of England".to_string()),
            "{c:?}"
        );
        let c: Vec<String> = candidates_of("The storm hit Honduras.").into_iter().map(|(_, s)| s).collect();
        assert!(!c.contains(&"The".to_string()), "{c:?}");
    }

    #[test]
    fn labels_are_distinct_across_stories() {
        let d = Date::new(2025, 12, 3);
        let arts: Vec<Article> = (0..3)
            .map(|i| article(&format!("h{i}.txt"), None, d, &[HARBOUR[i]]))
            .chain((0..3).map(|i| article(&format!("w{i}.txt"), None, d, &[FIRE[i]])))
            .collect();
        let sentences = crate::segment::split_all(&arts);
        let one = |docs: Vec<usize>| Story {
            sentences: (0..sentences.len()).filter(|&i| docs.contains(&sentences[i].doc)).collect(),
            docs,
            label: String::new(),
            outlets: Vec::new(),
            first: None,
            last: None,
            importance: 0.0,
            earlier: false,
        };
        // Two stories made of the same articles: the second must not repeat the first's label.
        let stories = [one(vec![0, 1, 2]), one(vec![0, 1, 2]), one(vec![3, 4, 5])];
        let labels = label_stories(&arts, &sentences, &stories);
        assert_ne!(labels[0].to_lowercase(), labels[1].to_lowercase(), "{labels:?}");
        assert!(!labels[1].to_lowercase().contains(&labels[0].to_lowercase()), "{labels:?}");
    }

    #[test]
    fn label_clashes_are_those_of_comparing_every_pair() {
        // The test as stated: either label inside the other as whole words, ignoring case.
        let brute = |label: &str, used: &[String]| {
            let l = format!(" {} ", label.to_lowercase());
            used.iter().any(|u| {
                let u = format!(" {} ", u.to_lowercase());
                u.contains(&l) || l.contains(&u)
            })
        };
        let words = [
            "Port",
            "strike",
            "port",
            "Bank of England",
            "of",
            "Σ",
            "ΣΑΣ",
            "u.s",
            "Bank",
            "Alma",
            "dock",
            "Rail",
            "Nile",
            "ferry",
            "Delta",
            "Oslo",
            "Mars",
            "",
            " ",
        ];
        let mut labels: Vec<String> = Vec::new();
        for a in words {
            for b in words {
                labels.push(format!("{a} {b}"));
                labels.push(a.to_string());
            }
        }
        let mut given = Labels::default();
        let mut used: Vec<String> = Vec::new();
        let (mut clashes, mut not) = (0, 0);
        for (k, label) in labels.iter().enumerate() {
            let expected = brute(label, &used);
            assert_eq!(given.clashes(label), expected, "`{label}` against {used:?}");
            if expected {
                clashes += 1
            } else {
                not += 1
            }
            if k % 5 == 0 {
                given.insert(label);
                used.push(label.clone());
            }
        }
        assert!(clashes > 20 && not > 5, "{clashes} {not}");
    }

    #[test]
    fn average_linkage_is_exact_on_group_sums() {
        // Three unit vectors: a and b close, c far from both.
        let a: Sparse = vec![(0, 1.0)];
        let b: Sparse = vec![(0, 0.8), (1, 0.6)];
        let c: Sparse = vec![(2, 1.0)];
        let docs = [a.clone(), b.clone(), c];
        let pairs = neighbours(&docs, 0.5);
        let groups = cluster(&docs, &[None, None, None], pairs, 0.5);
        assert_eq!(groups, vec![vec![0, 1], vec![2]]);
        assert!((dot(&add(&a, &b), &b) / 2.0 - 0.9).abs() < 1e-6);
    }

    #[test]
    fn event_nouns_are_noun_phrase_heads_with_their_name() {
        let n = event_nouns_of("Thousands joined the strike in Port Velan on Monday.");
        assert!(n.contains(&("strike".to_string(), Some("Port Velan".to_string()))), "{n:?}");
        let n = event_nouns_of("Police confirmed Anwar's arrest after a long night.");
        assert!(n.contains(&("arrest".to_string(), Some("Anwar".to_string()))), "{n:?}");
        // A title before a name, a verb after a name and a speech verb are not event nouns.
        let n = event_nouns_of("The former dictator Augusto Pinochet was held in London.");
        assert!(!n.iter().any(|(h, _)| h == "dictator" || h == "former"), "{n:?}");
        let n = event_nouns_of("On Monday Acme said the merger of the mills would close soon.");
        assert!(!n.iter().any(|(h, _)| h == "said"), "{n:?}");
        assert!(n.iter().any(|(h, _)| h == "merger"), "{n:?}");
        let n = event_nouns_of("Yesterday Velan signed quickly.");
        assert!(!n.iter().any(|(h, _)| h == "signed" || h == "quickly"), "{n:?}");
    }

    #[test]
    fn labels_name_the_event_not_a_bare_name() {
        let d = Date::new(2025, 12, 3);
        let arts: Vec<Article> = (0..3)
            .map(|i| article(&format!("h{i}.txt"), None, d, &[HARBOUR[i]]))
            .chain((0..3).map(|i| article(&format!("w{i}.txt"), None, d, &[FIRE[i]])))
            .collect();
        let sentences = crate::segment::split_all(&arts);
        let one = |docs: Vec<usize>| Story {
            sentences: (0..sentences.len()).filter(|&i| docs.contains(&sentences[i].doc)).collect(),
            docs,
            label: String::new(),
            outlets: Vec::new(),
            first: None,
            last: None,
            importance: 0.0,
            earlier: false,
        };
        let labels = label_stories(&arts, &sentences, &[one(vec![0, 1, 2]), one(vec![3, 4, 5])]);
        // Each label is a name with the story's own event noun, in lower case after it.
        assert_eq!(labels[0], "Valmora strike", "{labels:?}");
        assert_eq!(labels[1], "Castrelo wildfire", "{labels:?}");
    }

    #[test]
    fn significance_counts_casualties_and_security_and_spots_features() {
        assert!(casualty_figure("At least 40 people were killed in the blast."));
        assert!(casualty_figure("The bombing killed twelve and left dozens injured."));
        assert!(!casualty_figure("The 40 members of the council voted on the budget."));
        let arts = [
            article(
                "a.txt",
                None,
                None,
                &["Troops and rebels fought as the army said 30 soldiers were killed."],
            ),
            article("b.txt", None, None, &["The team won the championship match before thousands of fans."]),
            article("c.txt", None, None, &["The council approved a new library for the town."]),
        ];
        let sentences = crate::segment::split_all(&arts);
        let of = |d: usize| -> Vec<&Sentence> { sentences.iter().filter(|s| s.doc == d).collect() };
        let (war, war_feature) = significance(&of(0), 1);
        let (sport, sport_feature) = significance(&of(1), 1);
        let (plain, plain_feature) = significance(&of(2), 1);
        assert!(war > plain && plain == 1.0 && sport == 1.0, "{war} {sport} {plain}");
        assert!(sport_feature && !war_feature && !plain_feature);
    }

    #[test]
    fn stories_older_than_seven_days_are_earlier_and_rank_after_this_weeks() {
        // Brief date 2025-12-05 (stories_of): the harbour story is of the week, the fire
        // story's newest article is eight days old.
        let arts: Vec<Article> = (0..3)
            .map(|i| article(&format!("w{i}.txt"), None, Date::new(2025, 11, 25 + i as u32), &[FIRE[i]]))
            .chain((0..2).map(|i| article(&format!("h{i}.txt"), None, Date::new(2025, 12, 4), &[HARBOUR[i]])))
            .collect();
        let (_, st) = stories_of(&arts);
        assert_eq!(st.list.len(), 2, "{:?}", st.list);
        // The older story has more articles, but this week's news comes first.
        assert_eq!(st.list[0].docs, vec![3, 4]);
        assert!(!st.list[0].earlier);
        assert!(st.list[1].earlier);
    }
}
