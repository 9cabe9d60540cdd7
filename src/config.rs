//! The brief configuration, `brief.yaml`.
//!
//! In: YAML text (or a path to it). Out: [`BriefConfig`], every field typed and defaulted.
//! Unknown keys are errors that name the key, the file, the line and the column: a typo in a
//! weekly config must not be silently ignored. `serde_yaml` stays behind this module and
//! `ingest::front_matter`, so swapping the YAML crate touches two files.
//!
//! ```
//! let cfg = briefly::config::BriefConfig::parse("title: Weekly brief\nmarking: TLP:CLEAR\n").unwrap();
//! assert_eq!(cfg.title, "Weekly brief");
//! assert!(briefly::config::BriefConfig::parse("titel: x\n").is_err());
//! ```

use crate::date::Date;
use crate::output::Format;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest config file read.
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Everything `brief.yaml` can say. All keys are optional.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct BriefConfig {
    /// Title printed at the top of the brief.
    pub title: String,
    /// Brief date. When absent: `SOURCE_DATE_EPOCH`, else the newest article date.
    pub date: Option<Date>,
    /// Who the brief is for ("EU desk officers").
    pub audience: Option<String>,
    /// Handling marking printed at top and bottom (e.g. `TLP:CLEAR`).
    pub marking: String,
    /// Brief number. Default: the ISO week of the brief date (`2025-W49`). It names the brief's
    /// folder, so it must be a plain folder name ([`is_plain_folder_name`]).
    pub number: Option<String>,
    /// Brief version (1 for the first issue of a number, 2 for a correction …).
    pub version: u32,
    /// Issuing organisation: the PDF's author and the title block's "From".
    pub organization: Option<String>,
    /// PDF output options.
    pub pdf: PdfConfig,
    /// Analyst-written introduction in Markdown (trusted author, but raw HTML is neutralised).
    pub introduction: Option<String>,
    /// Topics to organise the brief by. Empty (or `auto`): topics are discovered from the
    /// articles. A list entry `auto` adds discovered topics after the configured ones.
    #[serde(deserialize_with = "deserialize_topics")]
    pub topics: Vec<TopicEntry>,
    /// Most topics discovered automatically.
    pub auto_topics: usize,
    /// Languages to summarise (ISO 639-1 codes; see [`SUPPORTED_LANGUAGES`]). Articles
    /// detected in another language are reported and counted, not summarised.
    pub languages: Vec<String>,
    /// Maximum key points per topic.
    pub points_per_topic: usize,
    /// Word budget per topic section.
    pub words_per_topic: usize,
    /// Number of BLUF sentences (2–4).
    pub bluf_sentences: usize,
    /// Formats to write when `--formats` is not given.
    pub formats: Vec<Format>,
    /// Folder of user templates overriding the embedded ones (relative to this file).
    pub templates: Option<PathBuf>,
    /// Folder of input articles (relative to this file; default `seeds`). `--input` wins.
    pub input: Option<PathBuf>,
    /// Root output folder (relative to this file; default `briefs`). It must stay inside the
    /// folder of this file: a shared config cannot make a build write elsewhere; nor may it be,
    /// contain or lie inside the input or template folder, `.git` or `.briefly`, or be that
    /// folder itself (checked by the binary). `--out` wins and may point anywhere but over the
    /// project's data (the person running the command chose it).
    pub output: Option<PathBuf>,
    /// Metadata the articles lack, keyed by file name (outlet, URL, title, date, author). A file
    /// named twice is an error (YAML keeps only one of the two entries).
    #[serde(deserialize_with = "deserialize_sources")]
    pub sources: BTreeMap<String, SourceMeta>,
    /// Sections to include (each can be switched off).
    pub sections: Sections,
    /// Most entries per list section.
    pub limits: Limits,
    /// Optional gazetteer file (YAML) adding or correcting actors, relative to this file.
    pub gazetteer: Option<PathBuf>,
    /// The previous brief (folder, `brief.json`, or `REV:PATH`); points not in it are marked
    /// new. Paths are relative to this file.
    pub compare_with: Option<String>,
    /// Feeds `briefly fetch` reads (see [`FeedSource`]): a list of feed addresses, `{url, outlet}`
    /// entries and `{opml: FILE}` entries, or a single `{opml: FILE}`.
    #[serde(deserialize_with = "deserialize_feeds")]
    pub feeds: Vec<FeedSource>,
    /// Article addresses `briefly fetch` downloads once: a list, or a text file (relative to
    /// this file) with one address per line (`#` starts a comment).
    #[serde(deserialize_with = "deserialize_urls")]
    pub urls: Option<UrlList>,
}

/// One entry of `feeds:`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum FeedSource {
    /// A feed (RSS, Atom or JSON Feed) at an http(s) address; `outlet` names the articles'
    /// outlet (default: the feed's title).
    Feed {
        /// The feed's address.
        url: String,
        /// Outlet name for its articles.
        #[serde(skip_serializing_if = "Option::is_none")]
        outlet: Option<String>,
    },
    /// An OPML subscription list (a feed reader's export), relative to this file; each outline
    /// with an `xmlUrl` is a feed, its `title` (or `text`) the outlet.
    Opml {
        /// The OPML file.
        opml: PathBuf,
    },
}

/// `urls:`: article addresses, or a file listing them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum UrlList {
    /// The addresses.
    List(Vec<String>),
    /// A text file of addresses (relative to this file).
    File(PathBuf),
}

/// A `feeds:` or `urls:` address: http(s) only.
fn web_address<E: serde::de::Error>(key: &str, url: &str) -> Result<String, E> {
    crate::url::web_url(url)
        .ok_or_else(|| E::custom(format!("in `{key}`: `{url}` is not an http:// or https:// address")))
}

fn deserialize_feeds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<FeedSource>, D::Error> {
    use serde::de::Error;
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Entry {
        url: Option<String>,
        outlet: Option<String>,
        opml: Option<PathBuf>,
    }
    let entry = |v: serde_yaml::Value| -> Result<FeedSource, D::Error> {
        if let serde_yaml::Value::String(url) = v {
            return Ok(FeedSource::Feed { url: web_address("feeds", &url)?, outlet: None });
        }
        let e: Entry = serde_yaml::from_value(v).map_err(|e| {
            let msg = e.to_string();
            D::Error::custom(format!("in `feeds`: {}", msg.split(" at line ").next().unwrap_or(&msg)))
        })?;
        match (e.url, e.opml, e.outlet) {
            (Some(url), None, outlet) => Ok(FeedSource::Feed { url: web_address("feeds", &url)?, outlet }),
            (None, Some(opml), None) => Ok(FeedSource::Opml { opml }),
            _ => Err(D::Error::custom(
                "in `feeds`: each entry is an address, `{url: ADDRESS, outlet: NAME}` or `{opml: FILE}`",
            )),
        }
    };
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::Null => Ok(Vec::new()),
        serde_yaml::Value::Sequence(items) => items.into_iter().map(entry).collect(),
        m @ serde_yaml::Value::Mapping(_) => Ok(vec![entry(m)?]),
        _ => Err(D::Error::custom("`feeds` must be a list of feeds or `{opml: FILE}`")),
    }
}

fn deserialize_urls<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<UrlList>, D::Error> {
    use serde::de::Error;
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::Null => Ok(None),
        serde_yaml::Value::String(file) => Ok(Some(UrlList::File(PathBuf::from(file)))),
        serde_yaml::Value::Sequence(items) => items
            .into_iter()
            .map(|v| match v {
                serde_yaml::Value::String(u) => web_address("urls", &u),
                _ => Err(D::Error::custom("in `urls`: each entry is an address")),
            })
            .collect::<Result<_, _>>()
            .map(|l| Some(UrlList::List(l))),
        _ => Err(D::Error::custom("`urls` must be a list of addresses or a file name")),
    }
}

fn deserialize_sources<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, SourceMeta>, D::Error> {
    struct Sources;
    impl<'de> serde::de::Visitor<'de> for Sources {
        type Value = BTreeMap<String, SourceMeta>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a mapping of file names to `{title, outlet, date, url, author}`")
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(BTreeMap::new())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((file, meta)) = map.next_entry::<String, SourceMeta>()? {
                if out.contains_key(&file) {
                    // Found at its second line as serde's own duplicate field is (`yaml_error_in`).
                    return Err(serde::de::Error::custom(format!(
                        "duplicate entry `{}`",
                        crate::text::cap_line(&file, 100)
                    )));
                }
                out.insert(file, meta);
            }
            Ok(out)
        }
    }
    d.deserialize_map(Sources)
}

/// Which sections the brief has. All on by default.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Sections {
    /// Bottom line up front.
    pub bluf: bool,
    /// People and organisations.
    pub actors: bool,
    /// Attributed quotes.
    pub quotes: bool,
    /// Dated events.
    pub timeline: bool,
    /// Forward-looking statements.
    pub watch: bool,
}

impl Default for Sections {
    fn default() -> Self {
        Sections { bluf: true, actors: true, quotes: true, timeline: true, watch: true }
    }
}

/// PDF output options (`pdf:` in `brief.yaml`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfConfig {
    /// A PDF standard to conform to (typst checks it and writes the XMP declaration).
    pub standard: Option<PdfStandard>,
}

/// PDF standards briefly can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum PdfStandard {
    /// PDF/A-2b (ISO 19005-2, level B): archivable, fonts embedded, XMP metadata.
    #[serde(rename = "a-2b")]
    A2b,
}

/// Caps on list sections.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Actors listed.
    pub actors: usize,
    /// Quotes listed.
    pub quotes: usize,
    /// Timeline entries.
    pub timeline: usize,
    /// What-to-watch items.
    pub watch: usize,
    /// Lines of "Also this week" (the further stories are counted in the coverage line and
    /// listed in `brief.json`).
    pub also: usize,
    /// Sources listed when there are more articles than this: only those the brief cites (the
    /// others are listed in `brief.json`).
    pub sources: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { actors: 16, quotes: 6, timeline: 12, watch: 5, also: 20, sources: 100 }
    }
}

/// One entry of `topics:`: a configured topic, or `auto` (add discovered topics here).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum TopicEntry {
    /// Discover topics automatically at this point of the list.
    Auto,
    /// A configured topic.
    Topic(TopicConfig),
}

fn deserialize_topics<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<TopicEntry>, D::Error> {
    use serde::de::Error;
    let v = serde_yaml::Value::deserialize(d)?;
    let items = match v {
        serde_yaml::Value::Null => return Ok(Vec::new()),
        serde_yaml::Value::String(s) if s == "auto" => return Ok(vec![TopicEntry::Auto]),
        serde_yaml::Value::Sequence(items) => items,
        other => return Err(D::Error::custom(format!("`topics` must be a list or `auto`, not {other:?}"))),
    };
    items
        .into_iter()
        .map(|item| match item {
            serde_yaml::Value::String(s) if s == "auto" => Ok(TopicEntry::Auto),
            other => serde_yaml::from_value::<TopicConfig>(other).map(TopicEntry::Topic).map_err(|e| {
                // The position inside a detached value is meaningless; keep the message.
                let msg = e.to_string();
                D::Error::custom(format!("in `topics`: {}", msg.split(" at line ").next().unwrap_or(&msg)))
            }),
        })
        .collect()
}

impl BriefConfig {
    /// The configured topics (without `auto` entries).
    pub fn configured_topics(&self) -> Vec<TopicConfig> {
        self.topics
            .iter()
            .filter_map(|t| match t {
                TopicEntry::Topic(t) => Some(t.clone()),
                TopicEntry::Auto => None,
            })
            .collect()
    }

    /// Whether topics are discovered: none configured, or an `auto` entry.
    pub fn wants_auto_topics(&self) -> bool {
        self.topics.is_empty() || self.topics.iter().any(|t| matches!(t, TopicEntry::Auto))
    }
}

/// One configured topic.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// Heading of the topic section.
    pub name: String,
    /// Words and phrases that signal the topic.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Free-text description, also used for matching.
    #[serde(default)]
    pub description: Option<String>,
}

/// Source metadata supplied by the config for an article file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SourceMeta {
    /// Article title (overrides the one found in the file).
    pub title: Option<String>,
    /// Outlet / publication name.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Web address of the article.
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
}

impl Default for BriefConfig {
    fn default() -> Self {
        BriefConfig {
            title: "Briefing".to_string(),
            date: None,
            audience: None,
            marking: "TLP:CLEAR".to_string(),
            number: None,
            version: 1,
            input: None,
            output: None,
            organization: None,
            pdf: PdfConfig::default(),
            introduction: None,
            topics: Vec::new(),
            points_per_topic: 4,
            words_per_topic: 130,
            bluf_sentences: 3,
            formats: Format::ALL.to_vec(),
            templates: None,
            sources: BTreeMap::new(),
            auto_topics: 5,
            languages: vec!["en".to_string()],
            sections: Sections::default(),
            limits: Limits::default(),
            gazetteer: None,
            compare_with: None,
            feeds: Vec::new(),
            urls: None,
        }
    }
}

impl BriefConfig {
    /// Parses YAML text. An empty document is the default config. Errors start with the line
    /// (and column) of the mistake: `line 3, column 7: invalid date …`, `line 5: number …`.
    pub fn parse(text: &str) -> Result<BriefConfig> {
        if text.trim().is_empty() {
            return Ok(BriefConfig::default());
        }
        let cfg: BriefConfig = serde_yaml::from_str(text).map_err(|e| yaml_error_in(e, text))?;
        if let Err((key, msg)) = cfg.validate() {
            match line_of_key(text, key) {
                Some(line) => anyhow::bail!("line {line}: {msg}"),
                None => anyhow::bail!("{msg}"),
            }
        }
        Ok(cfg)
    }

    /// Reads and parses a config file; errors name the file.
    pub fn from_file(path: &Path) -> Result<BriefConfig> {
        BriefConfig::from_file_with_text(path).map(|(cfg, _)| cfg)
    }

    /// [`BriefConfig::from_file`], also returning the file's text (for errors that name the
    /// line of a key, see [`line_of_key`]): the file is read once.
    pub fn from_file_with_text(path: &Path) -> Result<(BriefConfig, String)> {
        let text = crate::fs::read_text_capped(path, MAX_CONFIG_BYTES)?;
        let cfg =
            BriefConfig::parse(&text).with_context(|| format!("invalid config `{}`", path.display()))?;
        if let Some(out) = &cfg.output
            && !stays_inside(out)
        {
            let line = line_of_key(&text, "output").unwrap_or(0);
            anyhow::bail!(
                "invalid config `{}`: line {line}: `output: {}` points outside the project folder (the \
                 folder of the config); pass --out to write there deliberately",
                path.display(),
                out.display()
            );
        }
        Ok((cfg, text))
    }

    /// Checks the values serde cannot; an error is the key it concerns and the message.
    fn validate(&self) -> std::result::Result<(), (&'static str, String)> {
        let ensure = |ok: bool, key: &'static str, msg: String| if ok { Ok(()) } else { Err((key, msg)) };
        ensure(
            (1..=6).contains(&self.bluf_sentences),
            "bluf_sentences",
            format!("bluf_sentences must be between 1 and 6 (got {})", self.bluf_sentences),
        )?;
        ensure(self.points_per_topic >= 1, "points_per_topic", "points_per_topic must be at least 1".into())?;
        ensure(self.words_per_topic >= 10, "words_per_topic", "words_per_topic must be at least 10".into())?;
        for t in self.configured_topics() {
            ensure(!t.name.trim().is_empty(), "topics", "a topic has an empty name".into())?;
        }
        ensure(self.version >= 1, "version", "version must be at least 1".into())?;
        if let Some(n) = &self.number {
            ensure(!n.trim().is_empty(), "number", "number must not be empty".into())?;
            ensure(
                is_plain_folder_name(n),
                "number",
                format!(
                    "`number: {}` is not a plain folder name (it names the brief's folder): use ASCII letters, \
                     digits, `.`, `_` and `-`, at most {MAX_NUMBER} characters, not starting or ending with \
                     `.` or `-`",
                    crate::text::cap_line(n, 60)
                ),
            )?;
        }
        ensure(self.auto_topics <= 12, "auto_topics", "auto_topics must be at most 12".into())?;
        check_languages(&self.languages).map_err(|e| ("languages", e.to_string()))
    }
}

/// Longest `number:` (the brief folder adds `-vN`).
pub const MAX_NUMBER: usize = 100;

/// Whether `number` can name a brief folder as it is: 1 to [`MAX_NUMBER`] ASCII letters,
/// digits, `.`, `_` and `-`, not starting or ending with `.` or `-` (so never `.`, `..`, a
/// hidden name or a path). [`crate::brief::folder_name`] then uses it unchanged.
pub fn is_plain_folder_name(number: &str) -> bool {
    !number.is_empty()
        && number.len() <= MAX_NUMBER
        && !number.starts_with(['.', '-'])
        && !number.ends_with(['.', '-'])
        && number.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Languages the pipeline reads: ISO 639-1 code and English name.
pub const SUPPORTED_LANGUAGES: &[(&str, &str)] = &[("en", "English")];

/// Checks `languages:` codes: each must be one the pipeline reads.
fn check_languages(codes: &[String]) -> anyhow::Result<()> {
    anyhow::ensure!(!codes.is_empty(), "languages must list at least one language");
    for c in codes {
        if !SUPPORTED_LANGUAGES.iter().any(|(code, _)| code == c) {
            let supported: Vec<String> =
                SUPPORTED_LANGUAGES.iter().map(|(c, n)| format!("{c} ({n})")).collect();
            anyhow::bail!(
                "languages: `{c}` is not supported; briefly reads {} (its sentence splitter, stop words, \
                 stemmer and extractors are built for it)",
                supported.join(", ")
            );
        }
    }
    Ok(())
}

/// The line (1-based) on which top-level `key:` is written in a config's text.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')))
        .map(|i| i + 1)
}

/// Whether a relative path stays inside its base folder: not absolute, and its `..` components
/// never climb above the start (checked on the words of the path, before any folder exists).
pub fn stays_inside(p: &Path) -> bool {
    use std::path::Component;
    let mut depth = 0usize;
    for c in p.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// [`yaml_error`] for an error in `text`: a duplicate key is reported at its second
/// occurrence. (serde reports it at the start of the mapping holding it, which for the top level
/// is line 1.)
pub(crate) fn yaml_error_in(err: serde_yaml::Error, text: &str) -> anyhow::Error {
    let msg = err.to_string();
    if let Some(loc) = err.location()
        && let Some(key) = duplicate_key(&msg)
        && let Some(line) = second_key_line(text, loc.line(), loc.column(), key)
    {
        let head = msg.rsplit_once(" at line ").map_or(msg.as_str(), |(h, _)| h);
        return anyhow::anyhow!("line {line}: {}", crate::text::clip_message(head, 300));
    }
    yaml_error(err)
}

/// The key of serde's "duplicate field `KEY`" message, or of the "duplicate entry `KEY`" of
/// `sources:` (after an optional `path: `).
fn duplicate_key(msg: &str) -> Option<&str> {
    let rest = ["duplicate field `", "duplicate entry `"]
        .iter()
        .find_map(|p| msg.find(p).map(|at| &msg[at + p.len()..]))?;
    rest.split_once('`').map(|(key, _)| key)
}

/// The line (1-based) of the second `key:` of the block mapping that starts at `line`, `column`
/// (1-based, where serde_yaml marks it): the lines from there at the mapping's indentation, up
/// to the first line indented less. `None` for a flow mapping (`{a: 1, a: 2}`).
fn second_key_line(text: &str, line: usize, column: usize, key: &str) -> Option<usize> {
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, l) in text.lines().enumerate().skip(line.checked_sub(1)?) {
        let content = l.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let at = l.len() - content.len();
        if at < indent {
            return None;
        }
        if at > indent {
            continue;
        }
        let bare = [("\"", "\""), ("'", "'"), ("", "")]
            .iter()
            .find_map(|(open, close)| content.strip_prefix(open)?.strip_prefix(key)?.strip_prefix(close));
        if bare.is_some_and(|rest| rest.trim_start().starts_with(':')) {
            seen += 1;
            if seen == 2 {
                return Some(i + 1);
            }
        }
    }
    None
}

/// Turns a serde_yaml error into one line: `line L, column C: message`.
pub(crate) fn yaml_error(err: serde_yaml::Error) -> anyhow::Error {
    let msg = err.to_string();
    // serde_yaml appends " at line L column C" to the message; put the position first.
    let msg = match msg.rsplit_once(" at line ") {
        Some((head, _)) => head.to_string(),
        None => msg,
    };
    // serde quotes a mistyped value whole; print one short line of it at most.
    let msg = crate::text::clip_message(&msg, 300);
    match err.location() {
        Some(loc) => anyhow::anyhow!("line {}, column {}: {msg}", loc.line(), loc.column()),
        None => anyhow::anyhow!("{msg}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_supported_codes_are_accepted() {
        assert!(check_languages(&["en".into()]).is_ok());
        let err = check_languages(&["de".into()]).unwrap_err().to_string();
        assert!(err.contains("`de` is not supported") && err.contains("en (English)"), "{err}");
        assert!(check_languages(&[]).is_err());
    }

    #[test]
    fn empty_config_is_default() {
        assert_eq!(BriefConfig::parse("").unwrap(), BriefConfig::default());
    }

    #[test]
    fn full_config_parses() {
        let cfg = BriefConfig::parse(
            "title: T\ndate: 2025-12-04\nmarking: TLP:AMBER\ntopics:\n  - name: NATO\n    keywords: [alliance]\nsources:\n  a.txt: {outlet: Reuters, url: 'https://x'}\nformats: [md, json]\n",
        )
        .unwrap();
        assert_eq!(cfg.date.unwrap().to_string(), "2025-12-04");
        assert_eq!(cfg.configured_topics()[0].keywords, ["alliance"]);
        assert!(!cfg.wants_auto_topics());
        assert_eq!(cfg.sources["a.txt"].outlet.as_deref(), Some("Reuters"));
        assert_eq!(cfg.formats, [Format::Md, Format::Json]);
        let cfg = BriefConfig::parse(
            "number: BR-7\nversion: 2\norganization: Policy Unit\npdf: {standard: a-2b}\n",
        )
        .unwrap();
        assert_eq!((cfg.number.as_deref(), cfg.version), (Some("BR-7"), 2));
        assert_eq!(cfg.organization.as_deref(), Some("Policy Unit"));
        assert_eq!(cfg.pdf.standard, Some(PdfStandard::A2b));
    }

    #[test]
    fn unknown_key_names_key_and_position() {
        let err = BriefConfig::parse("title: T\nmarkng: x\n").unwrap_err().to_string();
        assert!(err.contains("unknown field `markng`"), "{err}");
        assert!(err.contains("line 2, column 1"), "{err}");
        let err = BriefConfig::parse("topics:\n  - name: A\n    colour: red\n").unwrap_err();
        assert!(err.to_string().contains("`colour`"), "{err}");
    }

    #[test]
    fn errors_name_the_line_of_the_mistake() {
        for (text, line) in [
            ("title: T\ndate: 2025-02-30\n", "line 2, column 7"),
            ("title: T\nsources:\n  a.txt:\n    date: x\n", "line 4, column 11"),
            ("title: T\n\n# note\ntitle: U\n", "line 4: "),
            ("title: T\npdf:\n  standard: a-2b\n  # note\n  standard: a-2b\n", "line 5: "),
            ("sources:\n  a: {}\n  b:\n    title: x\n  a: {}\nformats: [md]\n", "line 5: "),
            ("'title': T\n\"title\": U\n", "line 2: "),
            ("title: T\nversion: 0\n", "line 2: "),
            ("title: T\nnumber: a/b\n", "line 2: "),
        ] {
            let err = BriefConfig::parse(text).unwrap_err().to_string();
            assert!(err.starts_with(line), "{text}: {err}");
        }
        // A flow mapping keeps serde's position (its first line).
        let err =
            BriefConfig::parse("title: T\nsections: {bluf: true, bluf: false}\n").unwrap_err().to_string();
        assert!(err.starts_with("line 2") && err.contains("duplicate field `bluf`"), "{err}");
    }

    #[test]
    fn numbers_are_plain_folder_names() {
        for ok in ["2025-W49", "BR-7", "PU-2025-49", "v1.2", "a_b", "7", &"n".repeat(MAX_NUMBER)] {
            assert!(is_plain_folder_name(ok), "{ok}");
        }
        for bad in [
            "",
            ".",
            "..",
            ".git",
            "-x",
            "x-",
            "x.",
            "a/b",
            "../seeds",
            "a\\b",
            "a b",
            "é",
            "a:b",
            &"n".repeat(101),
        ] {
            assert!(!is_plain_folder_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn auto_topics_alone_or_alongside() {
        assert!(BriefConfig::parse("topics: auto\n").unwrap().wants_auto_topics());
        let cfg = BriefConfig::parse("topics:\n  - name: A\n  - auto\n").unwrap();
        assert!(cfg.wants_auto_topics());
        assert_eq!(cfg.configured_topics().len(), 1);
        let cfg = BriefConfig::parse("sections: {quotes: false}\nlimits: {actors: 3}\n").unwrap();
        assert!(!cfg.sections.quotes && cfg.sections.actors);
        assert_eq!(cfg.limits.actors, 3);
        assert!(BriefConfig::parse("sections: {qoutes: false}\n").is_err());
    }

    #[test]
    fn feeds_and_urls() {
        let cfg = BriefConfig::parse(
            "feeds:\n  - https://a.test/rss\n  - {url: 'https://b.test/atom', outlet: B News}\n  - opml: subs.opml\nurls: [https://c.test/x]\n",
        )
        .unwrap();
        assert_eq!(
            cfg.feeds,
            [
                FeedSource::Feed { url: "https://a.test/rss".into(), outlet: None },
                FeedSource::Feed { url: "https://b.test/atom".into(), outlet: Some("B News".into()) },
                FeedSource::Opml { opml: "subs.opml".into() },
            ]
        );
        assert_eq!(cfg.urls, Some(UrlList::List(vec!["https://c.test/x".into()])));
        let cfg = BriefConfig::parse("feeds: {opml: subs.opml}\nurls: links.txt\n").unwrap();
        assert_eq!(cfg.feeds, [FeedSource::Opml { opml: "subs.opml".into() }]);
        assert_eq!(cfg.urls, Some(UrlList::File("links.txt".into())));
        for bad in [
            "feeds: [ftp://a.test/x]\n",
            "feeds: [{url: 'javascript:alert(1)'}]\n",
            "feeds: [{url: https://a.test, opml: x}]\n",
            "feeds: [{opml: x, outlet: y}]\n",
            "feeds: [{ur: https://a.test}]\n",
            "urls: [file:///etc/passwd]\n",
        ] {
            let err = BriefConfig::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("line 1"), "{bad}: {err}");
        }
    }

    #[test]
    fn bad_values_are_rejected() {
        assert!(BriefConfig::parse("date: 2025-13-01\n").is_err());
        assert!(BriefConfig::parse("bluf_sentences: 0\n").is_err());
        assert!(BriefConfig::parse("formats: [docx]\n").is_err());
        assert!(BriefConfig::parse("version: 0\n").is_err());
        for ok in ["briefs", "out/briefs", "./x", "a/../b", "a/b/../../c"] {
            assert!(stays_inside(Path::new(ok)), "{ok}");
        }
        for bad in ["../x", "../../x", "a/../../x", "/tmp/x", "./../x"] {
            assert!(!stays_inside(Path::new(bad)), "{bad}");
        }
        assert!(BriefConfig::parse("pdf: {standard: a-1b}\n").is_err());
        assert!(BriefConfig::parse("pdf: {standart: a-2b}\n").is_err());
    }
}
