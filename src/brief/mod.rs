//! Stage 5, brief: the typed `Brief` every renderer reads, and how it is made.
//!
//! In: config, articles, sentences, their stories, the plan of sections ([`plan`]), what the
//! extractors found and, for a revision, the version it revises ([`Inputs`]). Out: [`Brief`] —
//! metadata (title, date, audience, marking, coverage window), the BLUF, topic sections of key
//! points with citations, "Also this week", actors, quotes, timeline, what to watch, the
//! numbered sources and a method note. It serializes to `brief.json` and every renderer builds
//! its view from it. Owned data only; nothing here reads the disk or the clock.
//!
//! This file holds the model and the helpers that build its parts; [`plan`] decides what the
//! brief is organised by; [`assemble`](mod@assemble) selects the points, one named step per
//! part of the brief; [`same`] is the "says the same thing" test and its index.

pub mod assemble;
pub mod plan;
pub mod same;

use crate::date::Date;
use crate::ingest::Article;
use crate::segment::Sentence;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use assemble::{Inputs, assemble};
pub use plan::{Plan, plan};
pub use same::{SAME_MIN_SHARED, SAME_STATEMENT, SameIndex, TermSets};

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
    /// "Also this week": one line for each further story of two or more articles, and for each
    /// dated single-article story of the last seven days; with "Earlier", at most `limits.also`
    /// lines.
    pub also: Vec<AlsoEntry>,
    /// The further stories past `limits.also`, most important first: listed here only (the
    /// brief counts them in its coverage line).
    pub also_unlisted: Vec<AlsoStory>,
    /// "Earlier": one line for each story of two or more articles whose newest article is
    /// older than the last seven days before the brief date (background).
    pub earlier: Vec<AlsoEntry>,
    /// People and organisations, most mentioned first.
    pub actors: Vec<ActorEntry>,
    /// Attributed quotes, oldest source first.
    pub quotes: Vec<QuoteEntry>,
    /// Dated events, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Forward-looking statements, most clearly forward-looking first.
    pub watch: Vec<WatchEntry>,
    /// Numbered sources, as the brief lists them: every article, or when there are more than
    /// `limits.sources`, those the brief cites.
    pub sources: Vec<Source>,
    /// The other sources (none unless there are more articles than `limits.sources`).
    pub sources_unlisted: Vec<Source>,
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
    /// Of those, the stories past `limits.also`: counted, listed in `brief.json` only.
    pub also_unlisted: usize,
    /// Stories in "Earlier" (newest article older than the last seven days).
    pub earlier: usize,
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
    /// Whether the newest article is older than the last seven days before the brief date.
    pub earlier: bool,
}

/// One line of "Also this week" (or "Earlier").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlsoEntry {
    /// The story's label.
    pub label: String,
    /// The story's facts.
    pub story: StoryFacts,
    /// Its most representative sentence, cited.
    pub point: KeyPoint,
}

/// A story of "Also this week" past its cap: listed in `brief.json` only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlsoStory {
    /// The story's label.
    pub label: String,
    /// The story's facts.
    pub story: StoryFacts,
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
        d < brief_date
            && (brief_date.to_days() - d.to_days() >= 7 || crate::lexicon::is_relative_time(&p.text))
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
        earlier: story.earlier,
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

#[cfg(test)]
mod tests {
    use super::*;

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
            extra: std::collections::BTreeMap::new(),
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
}
