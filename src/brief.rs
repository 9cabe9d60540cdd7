//! Stage 5, brief: the typed `Brief` every renderer reads.
//!
//! In: config, articles, sentences and, for a revision, the version it revises ([`Inputs`]).
//! Out: [`Brief`] — metadata
//! (title, date, audience, marking, coverage window), the BLUF, topic sections of key points
//! with citations, the numbered sources and a method note. It serializes to `brief.json` and is
//! the context of every template. Owned data only; nothing here reads the disk or the clock.

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Version of the `brief.json` schema: 2 holds facts only (dates as dates, the introduction as
/// written); display strings and HTML/Typst renderings are made by each renderer
/// ([`crate::render::view`]).
pub const SCHEMA_VERSION: u32 = 2;

/// The whole brief: what it says, as data (what `brief.json` holds).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// Version of this schema ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Title.
    pub title: String,
    /// Brief date.
    pub date: Date,
    /// Intended readers.
    pub audience: Option<String>,
    /// Handling marking (`TLP:CLEAR`), as configured (templates print it in capitals).
    pub marking: String,
    /// Brief number (`2025-W49`: the ISO week of the date unless configured).
    pub number: String,
    /// Brief version (1 unless configured).
    pub version: u32,
    /// Issuing organisation.
    pub organization: Option<String>,
    /// Analyst-written introduction: Markdown as written in the config (each renderer makes it
    /// safe for its format, [`crate::render::introduction`]).
    pub introduction: Option<String>,
    /// What the brief covers.
    pub coverage: Coverage,
    /// Bottom line up front: the most important points overall.
    pub bluf: Vec<KeyPoint>,
    /// Topic sections: configured ones in order, then one per story (most important first) or,
    /// on a week of one story, discovered aspects of it by weight.
    pub topics: Vec<TopicSection>,
    /// "Also this week": one line for each further story of two or more articles.
    pub also: Vec<AlsoEntry>,
    /// People and organisations, most mentioned first.
    pub actors: Vec<ActorEntry>,
    /// Attributed quotes, oldest source first.
    pub quotes: Vec<QuoteEntry>,
    /// Dated events, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Forward-looking statements, most clearly forward-looking first.
    pub watch: Vec<WatchEntry>,
    /// Numbered sources.
    pub sources: Vec<Source>,
    /// How the brief was made.
    pub method: Method,
}

/// Input coverage of the brief.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Oldest article date.
    pub from: Option<Date>,
    /// Newest article date.
    pub to: Option<Date>,
    /// Number of articles read.
    pub articles: usize,
    /// Number of sentences read.
    pub sentences: usize,
    /// The date window articles were selected by (`--week`, `--from/--to`), if any.
    pub window: Option<Window>,
    /// The stories found among the articles and what the brief shows of them.
    pub stories: StoryCounts,
    /// Articles in a language not in `languages:`, per language (sorted): read, reported, not
    /// summarised.
    pub not_summarised: Vec<LanguageCount>,
}

/// How many articles of one language were left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageCount {
    /// English name of the language ("German").
    pub language: String,
    /// Number of articles.
    pub articles: usize,
}

/// How many stories the articles hold and where they went.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct StoryCounts {
    /// Stories found (single-article ones included).
    pub found: usize,
    /// Stories with a section of their own.
    pub sections: usize,
    /// Stories in "Also this week".
    pub also: usize,
    /// Stories of a single article, not shown on their own.
    pub single: usize,
    /// Stories no configured topic claims, left out because `topics:` has no `auto` entry.
    pub left_out: usize,
    /// Articles of the left-out stories.
    pub left_out_articles: usize,
}

/// Facts of one story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryFacts {
    /// Articles with sentences in the story.
    pub articles: usize,
    /// Distinct outlets of those articles (articles without an outlet not counted).
    pub outlets: usize,
    /// Oldest article date.
    pub first: Option<Date>,
    /// Newest article date.
    pub last: Option<Date>,
}

/// One line of "Also this week".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlsoEntry {
    /// The story's label.
    pub label: String,
    /// The story's facts.
    pub story: StoryFacts,
    /// Its most representative sentence, cited.
    pub point: KeyPoint,
}

/// A date window and what it left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    /// First day.
    pub from: Date,
    /// Last day.
    pub to: Date,
    /// Articles left out as dated outside the window.
    pub excluded: usize,
    /// Undated articles (included unless `--strict-dates`).
    pub undated: usize,
}

/// One topic section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicSection {
    /// Stable anchor id derived from the name (`topic-the-peace-plan`).
    pub id: String,
    /// Heading.
    pub name: String,
    /// For a section that is one story: its facts.
    pub story: Option<StoryFacts>,
    /// Key points, most important first.
    pub points: Vec<KeyPoint>,
}

/// One extracted statement with its citation(s).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyPoint {
    /// Stable anchor id derived from the text (`p-3f2a9c1b`).
    pub id: String,
    /// The sentence, verbatim from its source.
    pub text: String,
    /// Selection score (rounded to 4 decimals).
    pub score: f64,
    /// Where the sentence comes from: its source first, then every other source that says
    /// the same thing, by source number.
    pub citations: Vec<Citation>,
    /// Number of sources behind the point (1 = single-source).
    pub source_count: usize,
    /// Sources that report the same thing with different figures (see [`crate::claims`]).
    pub differs: Vec<Differing>,
    /// The date the statement was made on (its source's date), when the brief must show it:
    /// the source is a week or more older than the brief, or the sentence's time is relative
    /// to the day it was written ("on Tuesday", "next week", "will"). See [`anchor`].
    pub as_of: Option<Date>,
    /// Whether the point is new since the brief named by `compare_with` (false without one).
    pub new: bool,
}

/// A source that reports a point's statement with different figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Differing {
    /// Its sentence, verbatim.
    pub text: String,
    /// Where it is.
    pub citation: Citation,
}

/// A person or organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorEntry {
    /// Canonical name.
    pub name: String,
    /// `person` or `organization`.
    pub kind: String,
    /// Role or title as stated in the sources.
    pub role: Option<String>,
    /// Other names used.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Topic sections whose sentences mention the actor.
    pub topics: Vec<String>,
    /// Numbers of the sources that mention the actor.
    pub sources: Vec<usize>,
}

/// An attributed quote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteEntry {
    /// Who said it.
    pub speaker: String,
    /// The quoted words (passages joined by ` … `).
    pub text: String,
    /// The sentence that carries the quote.
    pub citation: Citation,
    /// The section (or "Also this week" story) the sentence belongs to, if any.
    pub topic: Option<String>,
}

/// A dated event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    /// First day of the period.
    pub date: Date,
    /// `day`, `week`, `month` or `year`.
    pub granularity: String,
    /// The sentence, verbatim.
    pub text: String,
    /// Where it comes from.
    pub citation: Citation,
    /// The section (or "Also this week" story) the sentence belongs to, if any.
    pub topic: Option<String>,
}

/// A forward-looking statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchEntry {
    /// The sentence, verbatim.
    pub text: String,
    /// When, if the sentence names a date after the brief date: the first day of the period.
    pub date: Option<Date>,
    /// `day`, `week`, `month` or `year`, with `date`.
    pub granularity: Option<String>,
    /// Where it comes from.
    pub citation: Citation,
    /// The section (or "Also this week" story) the sentence belongs to, if any.
    pub topic: Option<String>,
}

/// A pointer from a key point to the sentence in a source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Citation {
    /// Source number in the sources list (1-based).
    pub source: usize,
    /// Source title.
    pub title: String,
    /// Source outlet.
    pub outlet: Option<String>,
    /// Source date.
    pub date: Option<Date>,
    /// Sentence position in the source (0-based).
    pub sentence: usize,
    /// Byte span of the sentence in the source file.
    pub span: [usize; 2],
    /// Web address of the source, when known (http/https only, see [`crate::url::web_url`]).
    pub url: Option<String>,
}

/// One entry of the numbered sources list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Number (1-based), as cited.
    pub number: usize,
    /// File name of the article.
    pub file: String,
    /// Title.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Web address: only `http://` and `https://` addresses are kept (see [`crate::url::web_url`]).
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
}

/// How the brief was made, for the method note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Tool name and version.
    pub tool: String,
    /// Selection method in a few words.
    pub selection: String,
    /// Key points per topic, at most.
    pub points_per_topic: usize,
    /// Word budget per topic.
    pub words_per_topic: usize,
    /// SHA-256 over the input files (names and bytes), hex.
    pub input_hash: String,
}

/// Anchor-safe slug: lower-case ASCII letters and digits joined by `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Stable id of a point: `p-` and the first 8 hex digits of the SHA-256 of its text.
pub fn point_id(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("p-{}", hex(&digest[..4]))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hash of the input set: article file names and contents, in input order. Articles loaded
/// without their digest ([`crate::ingest::load_article`] with `digest: false`) count by name
/// only, with a different separator than articles hashed with their content.
pub fn input_hash(articles: &[Article]) -> String {
    let mut h = Sha256::new();
    for a in articles {
        h.update(a.id.as_bytes());
        match a.digest {
            Some(d) => {
                h.update([0]);
                h.update(d);
            }
            None => h.update([1]),
        }
    }
    hex(&h.finalize())
}

/// The numbered sources list (input order).
pub fn sources(articles: &[Article]) -> Vec<Source> {
    articles
        .iter()
        .enumerate()
        .map(|(i, a)| Source {
            number: i + 1,
            file: a.id.clone(),
            title: a.title.clone(),
            outlet: a.outlet.clone(),
            date: a.date,
            url: a.url.as_deref().and_then(crate::url::web_url),
            author: a.author.clone(),
        })
        .collect()
}

/// A key point for `sentence`, cited to its article (without a leading wire dateline).
pub fn key_point(sentence: &Sentence, score: f64, sources: &[Source]) -> KeyPoint {
    // A leading wire dateline (`JAKARTA, Indonesia (AP) -`) is not part of the statement; the
    // citation's span starts where the quoted text does.
    let text = crate::select::clean::strip_dateline(&sentence.text);
    let mut cite = citation(sentence, sources);
    cite.span[0] += sentence.text.len() - text.len();
    KeyPoint {
        id: point_id(text),
        text: text.to_string(),
        score: (score * 10_000.0).round() / 10_000.0,
        citations: vec![cite],
        source_count: 1,
        differs: Vec::new(),
        as_of: None,
        new: false,
    }
}

/// Sets a point's `as_of` date (see [`KeyPoint::as_of`]): read on `brief_date`, a statement
/// from an older source whose time is relative to its own day, or from a source a week or more
/// older than the brief, shows the day it was made.
pub fn anchor(p: &mut KeyPoint, brief_date: Date) {
    p.as_of = p.citations.first().and_then(|c| c.date).filter(|&d| {
        d < brief_date && (brief_date.to_days() - d.to_days() >= 7 || crate::date::is_relative_time(&p.text))
    });
}

/// Marks the points whose id is not in `previous` as new.
pub fn mark_new(brief: &mut Brief, previous: &std::collections::BTreeSet<String>) {
    for p in brief.bluf.iter_mut().chain(brief.topics.iter_mut().flat_map(|t| t.points.iter_mut())) {
        p.new = !previous.contains(&p.id);
    }
}

/// Coverage of a set of articles.
pub fn coverage(articles: &[Article], sentences: usize) -> Coverage {
    Coverage {
        from: articles.iter().filter_map(|a| a.date).min(),
        to: articles.iter().filter_map(|a| a.date).max(),
        articles: articles.len(),
        sentences,
        window: None,
        stories: StoryCounts::default(),
        not_summarised: Vec::new(),
    }
}

/// The facts of a story.
pub fn facts(story: &crate::stories::Story) -> StoryFacts {
    StoryFacts {
        articles: story.docs.len(),
        outlets: story.outlets.len(),
        first: story.first,
        last: story.last,
    }
}

/// Relevance of a sentence by its position in its article: news states its story first, so
/// the lead weighs 1 and later sentences less (½ at the fifth, ⅓ at the ninth): a story's points
/// come from what its articles lead with rather than from background paragraphs they repeat.
pub fn lead_weight(s: &Sentence) -> f64 {
    1.0 / (1.0 + s.index as f64 / 4.0)
}

/// An undated intention ("will …", "is expected to …") is a watch item only when its source is
/// at most this many days older than the brief.
pub const FRESH_INTENTION_DAYS: i64 = 2;

/// Largest pool of candidate sentences the engine weighs for one selection.
pub const MAX_POOL: usize = 4000;

/// A pool of candidates (with their relevance) cut to at most [`MAX_POOL`] by keeping only the
/// first sentences of each article — news puts its story first — as many per article as fit
/// (at least the first two). Smaller pools are returned whole.
fn lead_pool(pool: &[usize], rel: &[f64], sentences: &[Sentence]) -> (Vec<usize>, Vec<f64>) {
    if pool.len() <= MAX_POOL {
        return (pool.to_vec(), rel.to_vec());
    }
    // Candidates at each position in their article, then the deepest position that fits.
    let mut at = BTreeMap::<usize, usize>::new();
    for &i in pool {
        *at.entry(sentences[i].index).or_default() += 1;
    }
    let mut depth = 0;
    let mut total = 0;
    for (&index, &n) in &at {
        total += n;
        if total > MAX_POOL && depth >= 2 {
            break;
        }
        depth = index + 1;
    }
    pool.iter().zip(rel).filter(|(i, _)| sentences[**i].index < depth).map(|(&i, &r)| (i, r)).unzip()
}

/// A story counts as claimed by the configured topics when at least this share of its key-point
/// candidates match one.
pub const CLAIM_SHARE: f64 = 0.2;

/// What kind of section a planned section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    /// A topic of the config.
    Configured,
    /// One story.
    Story,
    /// A discovered aspect of a one-story week.
    Aspect,
}

/// A section before selection: its candidate sentences with their relevance.
struct PlannedSection {
    name: String,
    kind: SectionKind,
    story: Option<usize>,
    members: Vec<(usize, f64)>,
}

/// How the brief is organised.
struct Plan {
    sections: Vec<PlannedSection>,
    /// Story → the name of its section.
    story_section: BTreeMap<usize, String>,
    /// Section (index into `sections`) of each sentence by topic assignment.
    assignments: Vec<Option<usize>>,
    /// Whether each story's material is in the brief.
    included: Vec<bool>,
    /// The stories of two or more articles in the brief, most important first, when there
    /// are several (the BLUF takes one point from each of the first); else empty.
    leading: Vec<usize>,
    /// Stories for "Also this week".
    also: Vec<usize>,
    counts: StoryCounts,
}

/// Plans the sections (module doc of [`crate::stories`]; README "Topics and stories"):
/// - configured topics: their sections, filled from the stories they claim ([`CLAIM_SHARE`]);
///   the other stories become story sections after them with an `auto` entry, else are left
///   out (counted);
/// - no configured topics and two or more stories of several articles: one section per
///   story, at most `auto_topics`, the rest in "Also this week";
/// - otherwise (one story): discovered aspect topics, as keyphrase clusters.
fn plan(
    cfg: &crate::config::BriefConfig,
    sentences: &[Sentence],
    table: &crate::text::TermTable,
    stories: &crate::stories::Stories,
) -> Plan {
    let n = stories.list.len();
    let multi = |st: &usize| stories.list[*st].docs.len() >= 2;
    let configured = cfg.configured_topics();
    let mut sections: Vec<PlannedSection> = Vec::new();
    let mut assignments = vec![None; sentences.len()];
    let mut included = vec![true; n];
    let mut counts = StoryCounts { found: n, ..Default::default() };
    let story_candidates: Vec<usize>;
    if !configured.is_empty() {
        let list = crate::topics::from_config(&configured);
        let assigned = crate::topics::assign_with(sentences, table, &list);
        let (mut candidates, mut matched) = (vec![0usize; n], vec![0usize; n]);
        for (i, a) in assigned.iter().enumerate() {
            if crate::select::eligible(&sentences[i]) {
                let st = stories.of_sentence[i];
                candidates[st] += 1;
                matched[st] += usize::from(a.is_some());
            }
        }
        let claimed: Vec<bool> = (0..n)
            .map(|st| matched[st] > 0 && matched[st] as f64 >= CLAIM_SHARE * candidates[st] as f64)
            .collect();
        for (t, topic) in list.iter().enumerate() {
            let mut members = Vec::new();
            for (i, a) in assigned.iter().enumerate() {
                if let Some(a) = a
                    && a.topic == t
                    && claimed[stories.of_sentence[i]]
                {
                    members.push((i, a.relevance));
                    assignments[i] = Some(t);
                }
            }
            sections.push(PlannedSection {
                name: topic.name.clone(),
                kind: SectionKind::Configured,
                story: None,
                members,
            });
        }
        let unclaimed: Vec<usize> = (0..n).filter(|&st| !claimed[st]).collect();
        if cfg.wants_auto_topics() {
            story_candidates = unclaimed;
        } else {
            for &st in &unclaimed {
                included[st] = false;
                counts.left_out += 1;
                counts.left_out_articles += stories.list[st].docs.len();
            }
            story_candidates = Vec::new();
        }
    } else if stories.with_at_least(2) >= 2 {
        story_candidates = (0..n).collect();
    } else {
        let found = crate::topics::discover_with(sentences, table, cfg.auto_topics, crate::select::eligible);
        let list = crate::topics::from_config(&found);
        let assigned = crate::topics::assign_with(sentences, table, &list);
        for (t, topic) in list.iter().enumerate() {
            let mut members = Vec::new();
            for (i, a) in assigned.iter().enumerate() {
                if let Some(a) = a
                    && a.topic == t
                {
                    members.push((i, a.relevance));
                    assignments[i] = Some(t);
                }
            }
            sections.push(PlannedSection {
                name: topic.name.clone(),
                kind: SectionKind::Aspect,
                story: None,
                members,
            });
        }
        story_candidates = Vec::new();
    }
    let multi_candidates: Vec<usize> = story_candidates.iter().copied().filter(multi).collect();
    let mut story_section = BTreeMap::new();
    for &st in multi_candidates.iter().take(cfg.auto_topics) {
        let story = &stories.list[st];
        story_section.insert(st, story.label.clone());
        let members = story.sentences.iter().map(|&i| (i, lead_weight(&sentences[i]))).collect();
        sections.push(PlannedSection {
            name: story.label.clone(),
            kind: SectionKind::Story,
            story: Some(st),
            members,
        });
    }
    let also: Vec<usize> = multi_candidates.iter().skip(cfg.auto_topics).copied().collect();
    counts.sections = story_section.len();
    counts.also = also.len();
    counts.single = (0..n).filter(|st| included[*st] && !multi(st)).count();
    let in_brief: Vec<usize> = (0..n).filter(|st| included[*st] && multi(st)).collect();
    let leading = if in_brief.len() >= 2 { in_brief } else { Vec::new() };
    Plan { sections, story_section, assignments, included, leading, also, counts }
}

// ---------------------------------------------------------------------------------------------
// Assembly: analysis results → Brief.
// ---------------------------------------------------------------------------------------------

/// Two sentences say the same thing when this share of the shorter one's content words is in
/// the other (and at least [`SAME_MIN_SHARED`] words are shared). Used to merge sources behind
/// one point and to keep any statement from appearing twice in a brief.
pub const SAME_STATEMENT: f64 = 0.6;
/// Minimum shared content words for [`SAME_STATEMENT`].
pub const SAME_MIN_SHARED: usize = 4;

/// Content-word sets of all sentences, for near-duplicate checks.
pub struct TermSets {
    sets: Vec<Vec<u32>>,
}

impl TermSets {
    /// Sorted, distinct stemmed content-word ids of each sentence.
    pub fn new(sentences: &[Sentence]) -> TermSets {
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        TermSets::from_table(&crate::text::TermTable::new(&texts))
    }

    /// The sets of an existing term table.
    pub fn from_table(table: &crate::text::TermTable) -> TermSets {
        use rayon::prelude::*;
        TermSets { sets: (0..table.of.len()).into_par_iter().map(|i| table.set(i)).collect() }
    }

    /// Whether sentences `a` and `b` (indexes into the slice given to [`TermSets::new`]) say the
    /// same thing (see [`SAME_STATEMENT`]).
    pub fn same(&self, a: usize, b: usize) -> bool {
        let (x, y) = (&self.sets[a], &self.sets[b]);
        let c = crate::select::containment(x, y);
        let shared = (c * x.len().min(y.len()) as f64).round() as usize;
        c >= SAME_STATEMENT && shared >= SAME_MIN_SHARED
    }
}

impl Brief {
    /// The brief's folder name ([`folder_name`]).
    pub fn folder_name(&self) -> String {
        folder_name(&self.number, self.version, self.date)
    }
}

/// The folder of brief `number` version `version`: the number, with `-vN` from version 2 on
/// (`2025-W49`, `2025-W49-v2`); characters other than letters, digits, `.`, `_` and `-` become
/// `-`, the number is cut to 100 characters; the date when nothing is left. The name always
/// passes [`crate::render::site::is_brief_folder_name`], so the archive lists the brief.
pub fn folder_name(number: &str, version: u32, date: Date) -> String {
    let mut name: String = number
        .trim()
        .chars()
        .take(100)
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '-' })
        .collect();
    name = name.trim_matches(['-', '.']).to_string();
    if name.is_empty() {
        name = date.to_string();
    }
    if version > 1 {
        name.push_str(&format!("-v{version}"));
    }
    name
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

/// Inputs of [`assemble`].
pub struct Inputs<'a> {
    /// The config.
    pub config: &'a crate::config::BriefConfig,
    /// The brief date.
    pub date: Date,
    /// Articles in input order.
    pub articles: &'a [Article],
    /// All sentences.
    pub sentences: &'a [Sentence],
    /// Optional actor gazetteer.
    pub gazetteer: Option<&'a crate::extract::Gazetteer>,
    /// The version this brief revises (version N−1 of the same number), if any: its points
    /// stay, in their sections and order, wherever their sentence is still in the input; the
    /// engine only fills the places of points whose source is gone. A revision changes what
    /// had to change, so `briefly diff` between versions shows exactly that.
    pub previous: Option<&'a crate::stored::BriefView>,
}

/// At most `limit` events sampled across the weeks they fall in: each round takes the best
/// remaining event of every week, newest week first (best: day-precise, then latest, then
/// input order).
fn by_weeks(events: Vec<&crate::extract::Event>, limit: usize) -> Vec<&crate::extract::Event> {
    let mut weeks: BTreeMap<std::cmp::Reverse<Date>, Vec<&crate::extract::Event>> = BTreeMap::new();
    for e in events {
        weeks.entry(std::cmp::Reverse(e.date.monday())).or_default().push(e);
    }
    for list in weeks.values_mut() {
        // Best last, for `pop`.
        list.sort_by_key(|e| {
            let day = e.granularity == crate::extract::Granularity::Day;
            std::cmp::Reverse((!day, std::cmp::Reverse(e.date), e.doc, e.index))
        });
    }
    let mut out = Vec::new();
    while out.len() < limit && weeks.values().any(|l| !l.is_empty()) {
        for list in weeks.values_mut() {
            if out.len() < limit
                && let Some(e) = list.pop()
            {
                out.push(e);
            }
        }
    }
    out
}

/// Builds the brief: BLUF, topic sections, actors, quotes, timeline, what to watch, sources.
pub fn assemble(inp: &Inputs<'_>) -> Brief {
    let cfg = inp.config;
    let sentences = inp.sentences;
    let sources = sources(inp.articles);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let table = crate::text::TermTable::new(&texts);
    let tokenized = crate::select::concepts::Tokenized::new(&texts);
    drop(texts);
    let tokens_of = |pool: &[usize]| -> Vec<&[crate::select::concepts::Token]> {
        pool.iter().map(|&i| tokenized.of[i].as_slice()).collect()
    };
    let terms = TermSets::from_table(&table);
    let weight: Vec<f64> = inp.articles.iter().map(|a| recency(a.date, inp.date)).collect();
    let mut used: Vec<usize> = Vec::new(); // sentence indexes already shown as points
    let point = |i: usize, score: f64| merged_point(i, score, sentences, &terms, &sources);
    // Revisions: where each previous point's sentence is now (first occurrence of its text).
    let mut at: std::collections::HashMap<&str, usize> = Default::default();
    if inp.previous.is_some() {
        for (i, s) in sentences.iter().enumerate().rev() {
            at.insert(crate::select::clean::strip_dateline(&s.text), i);
        }
    }
    let kept = |previous: &[crate::stored::PointView], used: &[usize]| -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = Vec::new();
        for p in previous {
            if let Some(&i) = at.get(p.text.as_str())
                && !used.contains(&i)
                && !out.iter().any(|&(j, _)| j == i)
            {
                out.push((i, p.score));
            }
        }
        out
    };

    // Stories, and what the brief is organised by (see `plan`).
    let stories = crate::stories::discover(inp.articles, sentences, &table, inp.date);
    let plan = plan(cfg, sentences, &table, &stories);
    let included = |i: usize| plan.included[stories.of_sentence[i]];
    let select_from = |pool: &[usize], rel: &[f64], words: usize, wanted: usize| -> Vec<(usize, f64)> {
        let (pool, rel) = lead_pool(pool, rel, sentences);
        let (pool, rel) = (pool.as_slice(), rel.as_slice());
        let refs: Vec<&Sentence> = pool.iter().map(|&i| &sentences[i]).collect();
        crate::select::select_tokenized(
            &refs,
            &tokens_of(pool),
            Some(rel),
            crate::select::Params::brief(words, wanted),
        )
        .into_iter()
        .map(|p| (pool[p.candidate], p.score))
        .collect()
    };
    // Extractors. Statements about a named date on or after the brief date are kept for what
    // to watch: sections and the BLUF do not take them.
    let ex = crate::extract::extract_all(inp.articles, sentences, inp.date, inp.gazetteer);
    let by_pos: BTreeMap<(usize, usize), usize> =
        sentences.iter().enumerate().map(|(i, s)| ((s.doc, s.index), i)).collect();
    let reserved: Vec<usize> = if cfg.sections.watch {
        ex.watch
            .iter()
            .filter(|w| w.score >= 1.0 && w.date.is_some())
            .filter_map(|w| by_pos.get(&(w.doc, w.index)).copied())
            .filter(|&i| included(i))
            .take(cfg.limits.watch)
            .collect()
    } else {
        Vec::new()
    };
    let fresh = |i: usize, used: &[usize]| !used.iter().chain(&reserved).any(|&u| u == i || terms.same(u, i));
    // A plan or expectation written before the last days of the window ("Rubio is planning to
    // skip a meeting … next week", a week before the brief): by the brief date its event has
    // happened or been overtaken, so newer statements are preferred; shown anyway, it carries
    // its date (`anchor`).
    // Whether article `doc` was written before the last days of the window.
    let written_before_last_days = |doc: usize| {
        inp.articles[doc].date.is_some_and(|d| inp.date.to_days() - d.to_days() > FRESH_INTENTION_DAYS)
    };
    let stale =
        |i: usize| written_before_last_days(sentences[i].doc) && crate::date::is_plan(&sentences[i].text);
    // Where a point may come from, best first: self-contained and current, then anything.
    let preferred = |i: usize| {
        let text = &sentences[i].text;
        !stale(i)
            && !crate::select::clean::opens_on_reference(text)
            && !crate::select::clean::is_speculation(text)
    };
    // The sentences of a story that are new to the brief and stand on their own (checked only
    // on the lead pool that selection would weigh).
    let standalone_pool = |members: &[usize], fresh: &dyn Fn(usize) -> bool| -> Vec<usize> {
        let candidates: Vec<usize> = members.iter().copied().filter(|&i| fresh(i)).collect();
        let ones = vec![1.0; candidates.len()];
        let (lead, _) = lead_pool(&candidates, &ones, sentences);
        let alone: Vec<usize> = lead
            .into_iter()
            .filter(|&i| {
                let text = &sentences[i].text;
                crate::select::clean::stands_alone(text) && !crate::select::clean::is_speculation(text)
            })
            .collect();
        let current: Vec<usize> = alone.iter().copied().filter(|&i| !stale(i)).collect();
        if current.is_empty() { alone } else { current }
    };

    // BLUF: on a week of several stories, one point per leading story, each able to stand on
    // its own; otherwise the engine over everything, weighted by recency.
    let mut bluf = Vec::new();
    if cfg.sections.bluf {
        let pinned = inp.previous.map(|prev| kept(&prev.bluf, &used)).unwrap_or_default();
        for &(i, score) in pinned.iter().take(cfg.bluf_sentences) {
            used.push(i);
            bluf.push(point(i, score));
        }
        if plan.leading.len() >= 2 {
            let covered: Vec<usize> = used.iter().map(|&i| stories.of_sentence[i]).collect();
            for &st in plan.leading.iter().filter(|s| !covered.contains(s)) {
                if bluf.len() >= cfg.bluf_sentences {
                    break;
                }
                let pool = standalone_pool(&stories.list[st].sentences, &|i| fresh(i, &used));
                let rel: Vec<f64> =
                    pool.iter().map(|&i| weight[sentences[i].doc] * lead_weight(&sentences[i])).collect();
                if let Some(&(i, score)) = select_from(&pool, &rel, 45, 1).first() {
                    used.push(i);
                    bluf.push(point(i, score));
                }
            }
        } else {
            let wanted = cfg.bluf_sentences.saturating_sub(bluf.len());
            if wanted > 0 {
                let all: Vec<usize> =
                    (0..sentences.len()).filter(|&i| included(i) && fresh(i, &used)).collect();
                let best: Vec<usize> = all.iter().copied().filter(|&i| preferred(i)).collect();
                let pool = if best.len() >= wanted { best } else { all };
                // News puts its story first: leads weigh more, as on a week of several stories.
                let rel: Vec<f64> =
                    pool.iter().map(|&i| weight[sentences[i].doc] * lead_weight(&sentences[i])).collect();
                // The bottom line leads with the latest development: newest article first.
                let mut picked = select_from(&pool, &rel, 35 * wanted, wanted);
                picked.sort_by_key(|&(i, _)| std::cmp::Reverse(inp.articles[sentences[i].doc].date));
                for (i, score) in picked {
                    used.push(i);
                    bluf.push(point(i, score));
                }
            }
        }
    }

    // Sections, in the plan's order; discovered aspect topics are then sorted by weight.
    let mut sections = Vec::new();
    for planned in &plan.sections {
        let mut points = Vec::new();
        let mut weight_sum = 0.0;
        let previous_points =
            inp.previous.and_then(|prev| prev.topics.iter().find(|t| t.name == planned.name));
        let pinned = previous_points.map(|t| kept(&t.points, &used)).unwrap_or_default();
        let mut words_left = cfg.words_per_topic;
        for &(i, score) in pinned.iter().take(cfg.points_per_topic) {
            used.push(i);
            weight_sum += score;
            words_left = words_left.saturating_sub(crate::text::word_count(&sentences[i].text));
            points.push(point(i, score));
        }
        let wanted = cfg.points_per_topic.saturating_sub(points.len());
        let (mut members, mut relevance) = (Vec::new(), Vec::new());
        // A point carries its own references and reads from the brief date: sentences that
        // open on something said before them, unattributed guesses and stale plans are
        // candidates only when nothing else is left.
        let whole: Vec<(usize, f64)> =
            planned.members.iter().copied().filter(|&(i, _)| preferred(i)).collect();
        let candidates = if whole.iter().any(|&(i, _)| fresh(i, &used)) { &whole } else { &planned.members };
        for &(i, r) in candidates {
            if fresh(i, &used) {
                members.push(i);
                // Sections keep older background in play: a milder recency than the BLUF's.
                relevance.push(r * weight[sentences[i].doc].sqrt());
            }
        }
        for (i, score) in select_from(&members, &relevance, words_left, wanted) {
            used.push(i);
            weight_sum += score;
            points.push(point(i, score));
        }
        let story = planned.story.map(|st| facts(&stories.list[st]));
        let section = TopicSection {
            id: format!("topic-{}", slug(&planned.name)),
            name: planned.name.clone(),
            story,
            points,
        };
        sections.push((planned.kind, weight_sum, section));
    }
    // Configured topics and stories keep their order; discovered aspects follow by weight.
    // Empty discovered sections are dropped.
    sections.retain(|(kind, _, s)| *kind == SectionKind::Configured || !s.points.is_empty());
    sections.sort_by(|a, b| {
        let aspect = |k: SectionKind| k == SectionKind::Aspect;
        aspect(a.0).cmp(&aspect(b.0)).then_with(|| {
            if aspect(a.0) && aspect(b.0) { b.1.total_cmp(&a.1) } else { std::cmp::Ordering::Equal }
        })
    });
    let mut topics: Vec<TopicSection> = sections.into_iter().map(|(_, _, s)| s).collect();

    // Also this week: every further story of two or more articles, one representative line.
    let mut also = Vec::new();
    let mut also_stories = Vec::new();
    for &st in &plan.also {
        let story = &stories.list[st];
        let alone = standalone_pool(&story.sentences, &|i| fresh(i, &used));
        let pool = if alone.is_empty() {
            story.sentences.iter().copied().filter(|&i| fresh(i, &used)).collect()
        } else {
            alone
        };
        let rel: Vec<f64> =
            pool.iter().map(|&i| weight[sentences[i].doc] * lead_weight(&sentences[i])).collect();
        if let Some(&(i, score)) = select_from(&pool, &rel, 45, 1).first() {
            used.push(i);
            also_stories.push(st);
            also.push(AlsoEntry { label: story.label.clone(), story: facts(story), point: point(i, score) });
        }
    }

    // The section (or story) each sentence belongs to, for the list sections.
    let section_of = |i: usize| -> Option<String> {
        let st = stories.of_sentence[i];
        if let Some(name) = plan.story_section.get(&st) {
            return topics.iter().any(|t| &t.name == name).then(|| name.clone());
        }
        if let Some(a) = plan.assignments[i] {
            let name = &plan.sections[a].name;
            return topics.iter().any(|t| &t.name == name).then(|| name.clone());
        }
        also_stories.contains(&st).then(|| stories.list[st].label.clone())
    };

    let index_of = |doc: usize, index: usize| by_pos.get(&(doc, index)).copied();
    let topic_of = |doc: usize, index: usize| index_of(doc, index).and_then(section_of);
    // Quotes and watch items never repeat a sentence shown elsewhere; left-out stories stay out.
    let shown = |doc: usize, index: usize, also_taken: &[usize]| {
        index_of(doc, index).is_none_or(|i| !included(i) || used.contains(&i) || also_taken.contains(&i))
    };
    let cite = |doc: usize, index: usize| -> Option<Citation> {
        by_pos.get(&(doc, index)).map(|&i| citation(&sentences[i], &sources))
    };

    let quotes = if cfg.sections.quotes {
        let mut ranked: Vec<(f64, &crate::extract::Quote)> = ex
            .quotes
            .iter()
            .filter(|q| !shown(q.doc, q.index, &[]))
            // A quote that opens on "That …", "He …", "Their …" needs words it does not carry.
            .filter(|q| !crate::select::clean::opens_on_reference(&q.text))
            // A quote keeps the speaker's words verbatim, so "last weekend" said a week before
            // the brief points to the wrong weekend: such a quote is left out.
            .filter(|q| !(written_before_last_days(q.doc) && crate::date::has_relative_day(&q.text)))
            .map(|q| {
                let words = crate::text::word_count(&q.text).min(40) as f64 / 40.0;
                (weight[q.doc] * words * if q.named { 1.0 } else { 0.5 }, q)
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0).then_with(|| (a.1.doc, a.1.index).cmp(&(b.1.doc, b.1.index)))
        });
        // One entry per quote: the same words (or the same sentence reported by another
        // source) only once.
        let mut chosen: Vec<&crate::extract::Quote> = Vec::new();
        for (_, q) in ranked {
            if chosen.len() >= cfg.limits.quotes {
                break;
            }
            let same_sentence = |a: &crate::extract::Quote, b: &crate::extract::Quote| match (
                index_of(a.doc, a.index),
                index_of(b.doc, b.index),
            ) {
                (Some(i), Some(j)) => i == j || terms.same(i, j),
                _ => false,
            };
            if !chosen.iter().any(|c| c.text == q.text || same_sentence(c, q)) {
                chosen.push(q);
            }
        }
        chosen.sort_by_key(|q| (inp.articles[q.doc].date, q.doc, q.index));
        chosen
            .into_iter()
            .filter_map(|q| {
                Some(QuoteEntry {
                    speaker: q.speaker.clone(),
                    text: q.text.clone(),
                    citation: cite(q.doc, q.index)?,
                    topic: topic_of(q.doc, q.index),
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    let timeline = if cfg.sections.timeline {
        use crate::extract::Granularity;
        let (from, to) = (inp.date.add_days(-183), inp.date.add_days(60));
        let mut per_date: BTreeMap<(Date, Granularity), usize> = BTreeMap::new();
        let forecasts: std::collections::BTreeSet<(usize, usize)> =
            ex.watch.iter().filter(|w| w.score >= 1.0).map(|w| (w.doc, w.index)).collect();
        let mut seen: Vec<(usize, usize)> = Vec::new();
        let mut events: Vec<&crate::extract::Event> = Vec::new();
        for e in &ex.timeline {
            let Some(i) = index_of(e.doc, e.index) else { continue };
            // One entry per event: a sentence saying what an earlier entry says is left out; a
            // forecast or plan (a watch statement) is not an event. (The timeline may repeat a
            // point: it is the same news in date order.)
            if e.date < from
                || e.date > to
                || seen.contains(&(e.doc, e.index))
                || !included(i)
                || forecasts.contains(&(e.doc, e.index))
                || crate::date::is_plan(&e.text)
                || crate::select::clean::is_noise(&e.text)
                // A day after the article was written is a plan or forecast as of writing
                // ("The deadline is set for November 25th" on 22 October).
                || inp.articles[e.doc].date.is_some_and(|a| e.date > a)
                || !crate::select::clean::stands_alone(&e.text)
                || seen.iter().any(|&(d, x)| index_of(d, x).is_some_and(|j| terms.same(i, j)))
            {
                continue;
            }
            let n = per_date.entry((e.date, e.granularity)).or_default();
            if *n >= 2 {
                continue;
            }
            *n += 1;
            seen.push((e.doc, e.index));
            events.push(e);
        }
        // Sample the whole window, weighted to the brief's stories: the events of the brief's
        // sections first, then the rest, each by weeks in turn (newest week first, its best
        // event each round: day-precise, then latest); shown oldest first.
        let (mine, rest): (Vec<_>, Vec<_>) =
            events.into_iter().partition(|e| index_of(e.doc, e.index).and_then(section_of).is_some());
        let mut events = by_weeks(mine, cfg.limits.timeline);
        let left = cfg.limits.timeline - events.len();
        events.extend(by_weeks(rest, left));
        events.sort_by(|a, b| {
            (a.date, a.granularity, a.doc, a.index).cmp(&(b.date, b.granularity, b.doc, b.index))
        });
        events
            .into_iter()
            .filter_map(|e| {
                Some(TimelineEntry {
                    date: e.date,
                    granularity: format!("{:?}", e.granularity).to_lowercase(),
                    text: e.text.clone(),
                    citation: cite(e.doc, e.index)?,
                    topic: topic_of(e.doc, e.index),
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    let watch = if cfg.sections.watch {
        let quoted: Vec<usize> =
            quotes.iter().filter_map(|q| index_of(q.citation.source - 1, q.citation.sentence)).collect();
        let mut listed: Vec<usize> = Vec::new();
        ex.watch
            .iter()
            .filter(|w| w.score >= 1.0 && !crate::select::clean::opens_on_reference(&w.text))
            // Upcoming as read on the brief date: a named date on or after it, or an undated
            // intention stated in the last days before it (older plans may be done by now).
            .filter(|w| {
                w.date.is_some()
                    || inp.articles[w.doc].date.is_some_and(|d| d <= inp.date)
                        && !written_before_last_days(w.doc)
            })
            .filter(|w| !shown(w.doc, w.index, &quoted))
            // One entry per statement: another source's version of an item already listed is
            // left out.
            .filter(|w| {
                let i = index_of(w.doc, w.index);
                let again = i.is_some_and(|i| listed.iter().any(|&j| terms.same(i, j)));
                listed.extend(i);
                !again
            })
            .take(cfg.limits.watch)
            .filter_map(|w| {
                Some(WatchEntry {
                    text: w.text.clone(),
                    date: w.date,
                    granularity: w.granularity.map(|g| format!("{g:?}").to_lowercase()),
                    citation: cite(w.doc, w.index)?,
                    topic: topic_of(w.doc, w.index),
                })
            })
            .collect()
    } else {
        Vec::new()
    };

    // Everything the brief quotes or states, for the actors a reader meets in it.
    let stated: Vec<&str> = bluf
        .iter()
        .chain(topics.iter().flat_map(|t| &t.points))
        .chain(also.iter().map(|e| &e.point))
        .map(|p| p.text.as_str())
        .chain(quotes.iter().flat_map(|q| [q.text.as_str(), q.speaker.as_str()]))
        .chain(timeline.iter().map(|e| e.text.as_str()))
        .chain(watch.iter().map(|w| w.text.as_str()))
        .collect();
    let named_in = |a: &crate::extract::Actor| {
        std::iter::once(&a.name)
            .chain(&a.aliases)
            .any(|n| stated.iter().any(|t| crate::text::contains_phrase(t, n)))
    };
    let actors = if cfg.sections.actors {
        let outlets: Vec<String> = inp.articles.iter().filter_map(|a| a.outlet.clone()).collect();
        crate::extract::actors::tidy(ex.actors.clone(), &outlets)
            .iter()
            .filter(|a| a.sentences.iter().any(|c| index_of(c.doc, c.index).is_some_and(included)))
            .enumerate()
            // The most mentioned, and every person a line of the brief names: a reader meeting
            // "… Alberque said" finds who Alberque is.
            .filter(|&(rank, a)| {
                let listed = (a.mentions >= 2 || a.role.is_some()) && rank < cfg.limits.actors;
                listed || a.kind == crate::extract::ActorKind::Person && a.name.contains(' ') && named_in(a)
            })
            .map(|(_, a)| {
                let mut in_topics: Vec<String> = Vec::new();
                for c in &a.sentences {
                    if let Some(t) = topic_of(c.doc, c.index)
                        && !in_topics.contains(&t)
                    {
                        in_topics.push(t);
                    }
                }
                in_topics.sort_by_key(|t| topics.iter().position(|s| &s.name == t));
                let mut srcs: Vec<usize> = a.sentences.iter().map(|c| c.doc + 1).collect();
                srcs.dedup();
                srcs.sort_unstable();
                srcs.dedup();
                ActorEntry {
                    name: a.name.clone(),
                    kind: match a.kind {
                        crate::extract::ActorKind::Person => "person",
                        crate::extract::ActorKind::Organization => "organization",
                    }
                    .to_string(),
                    role: a.role.clone(),
                    aliases: a.aliases.clone(),
                    mentions: a.mentions,
                    topics: in_topics,
                    sources: srcs,
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    // Every point read from the brief date: statements whose time was relative to an older day
    // show that day.
    for p in bluf
        .iter_mut()
        .chain(topics.iter_mut().flat_map(|t| t.points.iter_mut()))
        .chain(also.iter_mut().map(|e| &mut e.point))
    {
        anchor(p, inp.date);
    }
    Brief {
        schema_version: SCHEMA_VERSION,
        title: cfg.title.clone(),
        date: inp.date,
        audience: cfg.audience.clone(),
        marking: cfg.marking.clone(),
        number: cfg.number.clone().unwrap_or_else(|| inp.date.iso_week_label()),
        version: cfg.version,
        organization: cfg.organization.clone(),
        introduction: cfg.introduction.clone(),
        coverage: Coverage { stories: plan.counts.clone(), ..coverage(inp.articles, sentences.len()) },
        bluf,
        topics,
        also,
        actors,
        quotes,
        timeline,
        watch,
        sources,
        method: Method {
            tool: format!("briefly {}", env!("CARGO_PKG_VERSION")),
            selection: "stories by average-linkage TF-IDF clustering; BM25 topic assignment; concept coverage (document-frequency-weighted word pairs) under a word budget, greedy with redundancy removal; statements reported by several sources merged".to_string(),
            points_per_topic: cfg.points_per_topic,
            words_per_topic: cfg.words_per_topic,
            input_hash: input_hash(inp.articles),
        },
    }
}

/// The citation of one sentence.
pub fn citation(sentence: &Sentence, sources: &[Source]) -> Citation {
    let src = &sources[sentence.doc];
    Citation {
        source: src.number,
        title: src.title.clone(),
        outlet: src.outlet.clone(),
        date: src.date,
        sentence: sentence.index,
        span: [sentence.span.0, sentence.span.1],
        url: src.url.clone(),
    }
}

/// A key point for sentence `i`, citing every other source that says the same thing (and
/// listing those that report it with other figures).
fn merged_point(
    i: usize,
    score: f64,
    sentences: &[Sentence],
    terms: &TermSets,
    sources: &[Source],
) -> KeyPoint {
    use rayon::prelude::*;
    let mut p = key_point(&sentences[i], score, sources);
    let mut cited: Vec<usize> = vec![sentences[i].doc];
    // The same-statement test over every sentence, in parallel; then, in sentence order, each
    // other source whose sentence also states the same figures, negation and names supports
    // the point, and one stating other figures is reported as differing.
    let same: Vec<usize> = (0..sentences.len()).into_par_iter().filter(|&j| terms.same(i, j)).collect();
    let own = crate::claims::claim(&sentences[i].text);
    // The days a sentence's event falls on, read from its own article's date ("on Wednesday"
    // in a 16 December article is not "on Wednesday" in a 13 December one).
    let days_of = |s: &Sentence| -> Vec<Date> {
        crate::extract::timeline::dates_in(&s.text, sources.get(s.doc).and_then(|src| src.date))
            .into_iter()
            .filter(|f| f.granularity == crate::extract::Granularity::Day)
            .map(|f| f.date)
            .collect()
    };
    let own_days = days_of(&sentences[i]);
    for j in same {
        let s = &sentences[j];
        if cited.contains(&s.doc) {
            continue;
        }
        // A point that names its day is supported only by a sentence naming the same day.
        if !own_days.is_empty() && !days_of(s).iter().any(|d| own_days.contains(d)) {
            continue;
        }
        match crate::claims::compare(&own, &crate::claims::claim(&s.text)) {
            crate::claims::Agreement::Same => {
                cited.push(s.doc);
                p.citations.push(citation(s, sources));
            }
            crate::claims::Agreement::Differs => {
                cited.push(s.doc);
                p.differs.push(Differing { text: s.text.clone(), citation: citation(s, sources) });
            }
            crate::claims::Agreement::Other => {}
        }
    }
    p.differs.sort_by_key(|d| d.citation.source);
    // Its own source first (its date is the point's), the others by number.
    p.citations[1..].sort_by_key(|c| c.source);
    p.source_count = p.citations.len();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-sentence fixture: sentence 0 of article `doc`.
    fn sent(doc: usize, text: &str) -> Sentence {
        Sentence { doc, index: 0, block: 0, heading: false, text: text.into(), span: (0, text.len()) }
    }

    #[test]
    fn same_statement_needs_most_content_words_shared() {
        let s = [
            sent(0, "The crane collapsed at the ferry terminal on Monday morning."),
            sent(1, "A crane collapsed at the old ferry terminal on Monday morning, officials said."),
            sent(2, "Shops reported fewer customers at the ferry terminal."),
            sent(3, "The crane collapsed."),
        ];
        let t = TermSets::new(&s);
        assert!(t.same(0, 1) && t.same(1, 0));
        assert!(!t.same(0, 2), "shares only `ferry terminal`");
        assert!(!t.same(0, 3), "fewer than {SAME_MIN_SHARED} shared words");
        assert_eq!(crate::select::containment(&[1, 2, 3], &[2, 3, 4, 5]), 2.0 / 3.0);
        assert_eq!(crate::select::containment(&[], &[1]), 0.0);
    }

    #[test]
    fn slugs_and_ids_are_stable() {
        assert_eq!(slug("The U.S. & NATO: a new era?"), "the-u-s-nato-a-new-era");
        assert_eq!(slug("  Europe’s role "), "europe-s-role");
        assert_eq!(point_id("abc"), "p-ba7816bf");
        assert_eq!(hex(&[0, 255]), "00ff");
    }

    #[test]
    fn sources_drop_script_urls() {
        let a = crate::ingest::Article {
            id: "a.md".into(),
            path: "a.md".into(),
            title: "A".into(),
            outlet: None,
            date: None,
            url: Some("javascript:alert(document.cookie)".into()),
            author: None,
            extra: BTreeMap::new(),
            blocks: Vec::new(),
            dropped: Vec::new(),
            digest: None,
        };
        let mut b = a.clone();
        b.url = Some("https://example.org/ok".into());
        let s = sources(&[a, b]);
        assert_eq!(s[0].url, None);
        assert_eq!(s[1].url.as_deref(), Some("https://example.org/ok"));
    }

    #[test]
    fn key_points_leave_out_wire_datelines() {
        let text = "JAKARTA, Indonesia (AP) - Protesters spilled onto the runway in Dili.";
        let s = Sentence {
            doc: 0,
            index: 0,
            block: 0,
            heading: false,
            text: text.into(),
            span: (100, 100 + text.len()),
        };
        let src = Source {
            number: 1,
            file: "a.txt".into(),
            title: "A".into(),
            outlet: None,
            date: None,
            url: None,
            author: None,
        };
        let p = key_point(&s, 1.0, &[src]);
        assert_eq!(p.text, "Protesters spilled onto the runway in Dili.");
        assert_eq!(p.citations[0].span, [100 + text.len() - p.text.len(), 100 + text.len()]);
    }

    #[test]
    fn key_point_cites_its_source() {
        let s =
            Sentence { doc: 1, index: 4, block: 2, heading: false, text: "X said y.".into(), span: (10, 19) };
        let srcs = vec![
            Source {
                number: 1,
                file: "a.txt".into(),
                title: "A".into(),
                outlet: None,
                date: None,
                url: None,
                author: None,
            },
            Source {
                number: 2,
                file: "b.txt".into(),
                title: "B".into(),
                outlet: Some("O".into()),
                date: None,
                url: None,
                author: None,
            },
        ];
        let p = key_point(&s, 0.123456, &srcs);
        assert_eq!(p.score, 0.1235);
        assert_eq!(p.citations[0].source, 2);
        assert_eq!(p.citations[0].span, [10, 19]);
        assert_eq!(p.citations[0].outlet.as_deref(), Some("O"));
    }

    #[test]
    fn the_same_words_on_different_days_are_not_corroboration() {
        let source = |n: usize, date: &str| Source {
            number: n,
            file: format!("{n}.txt"),
            title: "T".into(),
            outlet: None,
            date: Date::parse(date),
            url: None,
            author: None,
        };
        let text = "Netanyahu on Wednesday briefed his Cabinet on the visit of the American president.";
        let undated = "Netanyahu briefed his Cabinet on the visit of the American president.";
        let s = [sent(0, text), sent(1, text), sent(2, text), sent(3, undated)];
        // Source 2 was written three days before source 1: its Wednesday is another day. Source
        // 3 is from the same day as source 1. Source 4 does not say which day.
        let srcs = [
            source(1, "1998-12-16"),
            source(2, "1998-12-13"),
            source(3, "1998-12-16"),
            source(4, "1998-12-16"),
        ];
        let terms = TermSets::new(&s);
        assert!(terms.same(0, 1) && terms.same(0, 3), "the fixture's sentences share their words");
        let p = merged_point(0, 1.0, &s, &terms, &srcs);
        let cited: Vec<usize> = p.citations.iter().map(|c| c.source).collect();
        assert_eq!(cited, [1, 3]);
        assert_eq!(p.source_count, 2);
    }
}
