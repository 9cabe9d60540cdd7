//! briefly: news articles in, a cited policy brief out.
//!
//! The pipeline, one module per stage, typed data between them:
//!
//! ```text
//! folder ──ingest──▶ Vec<Article> ──segment──▶ Vec<Sentence> ──topics──▶ assignments
//!        ──select──▶ picks per topic + BLUF ──brief──▶ Brief ──render──▶ md / html / pdf / json
//! ```
//!
//! [`build`] runs it for `briefly build`; [`summarize`] runs ingest → segment → select on one
//! cluster for `briefly summarize`. Only `ingest` reads and `render::write_all` writes files.

pub mod brief;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod extract;
pub mod fs;
pub mod ingest;
pub mod render;
pub mod segment;
pub mod select;
pub mod text;
pub mod topics;

use anyhow::{Context, Result, bail};
use brief::Brief;
use config::BriefConfig;
use date::Date;
use ingest::Article;
use render::{Format, Templates};
use segment::Sentence;
use std::path::{Path, PathBuf};

/// Resolved settings of one build: command-line flags merged over `brief.yaml`.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The parsed config.
    pub config: BriefConfig,
    /// Folder of input articles.
    pub input_dir: PathBuf,
    /// Root output folder; the brief goes to `<out>/<slug>/`.
    pub output_dir: PathBuf,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// User template folder, if any.
    pub template_dir: Option<PathBuf>,
    /// `SOURCE_DATE_EPOCH`, used for the brief date when the config has none.
    pub source_date_epoch: Option<i64>,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The brief that was rendered.
    pub brief: Brief,
    /// Folder the files were written to.
    pub dir: PathBuf,
    /// Files written.
    pub files: Vec<PathBuf>,
}

/// The brief date: config, else `SOURCE_DATE_EPOCH`, else the newest article date.
pub fn brief_date(config: &BriefConfig, epoch: Option<i64>, articles: &[Article]) -> Result<Date> {
    if let Some(d) = config.date {
        return Ok(d);
    }
    if let Some(secs) = epoch {
        return Ok(Date::from_unix_seconds(secs));
    }
    match articles.iter().filter_map(|a| a.date).max() {
        Some(d) => Ok(d),
        None => {
            bail!("no brief date: set `date:` in brief.yaml or SOURCE_DATE_EPOCH (no article has a date)")
        }
    }
}

/// Runs the analysis stages and assembles the [`Brief`] (no disk access besides reading).
pub fn analyze(settings: &Settings) -> Result<Brief> {
    let cfg = &settings.config;
    let articles = ingest::load_articles(&settings.input_dir, &cfg.sources)?;
    let sentences = segment::split_all(&articles);
    assemble(cfg, settings.source_date_epoch, &articles, &sentences)
}

/// Topics, selection and the brief model from segmented articles.
pub fn assemble(
    cfg: &BriefConfig,
    epoch: Option<i64>,
    articles: &[Article],
    sentences: &[Sentence],
) -> Result<Brief> {
    let date = brief_date(cfg, epoch, articles)?;
    let sources = brief::sources(articles);

    // BLUF: the engine over everything, a short budget; its sentences are not repeated below.
    let all: Vec<&Sentence> = sentences.iter().collect();
    let bluf_params =
        select::Params { max_words: 30 * cfg.bluf_sentences, max_sentences: cfg.bluf_sentences };
    let bluf_picks = select::select(&all, None, bluf_params);
    let in_bluf: Vec<(usize, usize)> =
        bluf_picks.iter().map(|p| (all[p.candidate].doc, all[p.candidate].index)).collect();
    let bluf = bluf_picks.iter().map(|p| brief::key_point(all[p.candidate], p.score, &sources)).collect();

    let topic_list = topics::from_config(&cfg.topics);
    let assignments = topics::assign(sentences, &topic_list);
    let params = select::Params { max_words: cfg.words_per_topic, max_sentences: cfg.points_per_topic };
    let mut sections = Vec::new();
    for (ti, topic) in topic_list.iter().enumerate() {
        let mut members: Vec<&Sentence> = Vec::new();
        let mut relevance: Vec<f64> = Vec::new();
        for (s, a) in sentences.iter().zip(&assignments) {
            if let Some(a) = a
                && a.topic == ti
                && !in_bluf.contains(&(s.doc, s.index))
            {
                members.push(s);
                relevance.push(a.relevance);
            }
        }
        let picks = select::select(&members, Some(&relevance), params);
        sections.push(brief::TopicSection {
            id: format!("topic-{}", brief::slug(&topic.name)),
            name: topic.name.clone(),
            points: picks.iter().map(|p| brief::key_point(members[p.candidate], p.score, &sources)).collect(),
        });
    }

    Ok(Brief {
        title: cfg.title.clone(),
        date,
        date_long: date.long(),
        audience: cfg.audience.clone(),
        marking: cfg.marking.clone(),
        introduction: cfg.introduction.as_deref().map(ingest::markdown::neutralise_raw_html),
        introduction_html: cfg.introduction.as_deref().map(ingest::markdown::to_safe_html),
        coverage: brief::coverage(articles, sentences.len()),
        bluf,
        topics: sections,
        sources,
        method: brief::Method {
            tool: format!("briefly {}", env!("CARGO_PKG_VERSION")),
            selection: "BM25 topic assignment; LexRank centrality with MMR redundancy removal".to_string(),
            points_per_topic: cfg.points_per_topic,
            words_per_topic: cfg.words_per_topic,
            input_hash: brief::input_hash(articles),
        },
    })
}

/// `briefly build`: analyse, render every format, write `<out>/<date>/brief.*`.
pub fn build(settings: &Settings) -> Result<BuildReport> {
    let brief = analyze(settings)?;
    let templates = Templates::load(settings.template_dir.as_deref())?;
    let dir = settings.output_dir.join(brief.date.to_string());
    let files = render::write_all(&brief, &templates, &settings.formats, &dir)?;
    Ok(BuildReport { brief, dir, files })
}

/// Limits for [`summarize`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Budget {
    /// At most this many words.
    Words(usize),
    /// At most this many sentences.
    Sentences(usize),
}

/// A summary sentence with where it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SummarySentence {
    /// The sentence, verbatim.
    pub text: String,
    /// Source file.
    pub file: String,
    /// Source date.
    pub date: Option<Date>,
    /// Sentence position in the source.
    pub sentence: usize,
    /// Engine score.
    pub score: f64,
}

/// Collects article files from paths (files, or folders of articles), sorted and de-duplicated.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let found = ingest::list_article_files(p)?;
            if found.is_empty() {
                // A cluster folder may hold extension-less files (one article each).
                let mut all: Vec<PathBuf> = std::fs::read_dir(p)
                    .with_context(|| format!("failed to list `{}`", p.display()))?
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|f| {
                        f.is_file() && !f.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    })
                    .collect();
                all.sort();
                files.extend(all);
            } else {
                files.extend(found);
            }
        } else if p.exists() {
            files.push(p.clone());
        } else {
            bail!("`{}` not found", p.display());
        }
    }
    files.sort();
    files.dedup();
    if files.is_empty() {
        bail!(
            "no articles found in {}",
            paths.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", ")
        );
    }
    Ok(files)
}

/// `briefly summarize`: the articles in `paths` as one cluster → the selected sentences in
/// reading order (source date, then file, then position).
pub fn summarize(paths: &[PathBuf], budget: Budget) -> Result<Vec<SummarySentence>> {
    let files = collect_inputs(paths)?;
    let no_meta = Default::default();
    let articles: Vec<Article> =
        files.iter().map(|f| ingest::load_article(f, &no_meta)).collect::<Result<_>>()?;
    let sentences = segment::split_all(&articles);
    let all: Vec<&Sentence> = sentences.iter().collect();
    let params = match budget {
        Budget::Words(w) => select::Params { max_words: w, max_sentences: usize::MAX },
        Budget::Sentences(n) => select::Params { max_words: usize::MAX, max_sentences: n },
    };
    let picks = select::select(&all, None, params);
    let mut out: Vec<(Option<Date>, usize, SummarySentence)> = picks
        .iter()
        .map(|p| {
            let s = all[p.candidate];
            let a = &articles[s.doc];
            (
                a.date,
                s.doc,
                SummarySentence {
                    text: s.text.clone(),
                    file: a.id.clone(),
                    date: a.date,
                    sentence: s.index,
                    score: p.score,
                },
            )
        })
        .collect();
    out.sort_by_key(|a| (a.0, a.1, a.2.sentence));
    Ok(out.into_iter().map(|(_, _, s)| s).collect())
}

/// Resolves a path relative to the folder of the config file.
pub fn relative_to(config_path: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        return p.to_path_buf();
    }
    match config_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(p),
        _ => p.to_path_buf(),
    }
}
