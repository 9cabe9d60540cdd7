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
//! cluster for `briefly summarize`. Only `ingest` reads and `render::write_all` writes files
//! (a version N > 1 also reads version N−1's `brief.json`, which it revises; `build` does that
//! and the writing under a lock on the output folder, so concurrent builds take turns). Stages that
//! work per article or per sentence run on all cores (rayon) and collect in input order, so
//! the output does not depend on the number of threads; [`Progress`] reports the stages.

pub mod brief;
pub mod claims;
pub mod config;
pub mod date;
pub mod diff;
pub mod extract;
pub mod fetch;
pub mod fs;
pub mod git;
pub mod ingest;
pub mod language;
pub mod lexicon;
pub mod output;
pub mod prepare;
pub mod progress;
pub mod render;
pub mod segment;
pub mod select;
pub mod stem;
pub mod stored;
pub mod stories;
pub mod text;
pub mod tokens;
pub mod topics;
pub mod url;

pub use progress::Progress;

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
    /// Root output folder; the brief goes to `<out>/<slug>/`. Trusted as given (the caller
    /// checked it: `briefly build` refuses a config's `output:` through a symbolic link, and
    /// any output folder over the project's input, templates, `.git` or `.briefly`);
    /// everything the build creates or replaces below it is checked (see [`fs`]).
    pub output_dir: PathBuf,
    /// Formats to write.
    pub formats: Vec<Format>,
    /// User template folder, if any.
    pub template_dir: Option<PathBuf>,
    /// Gazetteer file, if any (resolved relative to the config).
    pub gazetteer: Option<PathBuf>,
    /// The previous brief to mark new points against (`compare_with:`, resolved).
    pub compare_with: Option<diff::Source>,
    /// Date window (first and last day, inclusive) selecting articles by their date.
    pub window: Option<(Date, Date)>,
    /// With a window, leave out undated articles instead of including them.
    pub strict_dates: bool,
    /// `SOURCE_DATE_EPOCH`, used for the brief date when the config has none.
    pub source_date_epoch: Option<i64>,
    /// The project folder (canonical): a link inside the input or template folder that leads
    /// outside it is skipped with a warning. `None`: links are not checked.
    pub project_root: Option<PathBuf>,
}

impl Settings {
    /// The folder links inside `dir` must stay in: the project folder when `dir` is in it,
    /// else `dir` itself (a folder typed on the command line).
    pub fn link_root(&self, dir: &Path) -> Option<PathBuf> {
        let root = self.project_root.as_ref()?;
        let real = fs::resolve(dir)?;
        Some(if real.starts_with(root) { root.clone() } else { real })
    }

    /// Settings for `config` over `input_dir` into `output_dir` in `formats`, with the project
    /// folder `project_root` and nothing else set (no template folder, gazetteer, earlier
    /// version, date window or `SOURCE_DATE_EPOCH`): what the binary resolves for `--config`,
    /// `--input`, `--out` and `--formats` and a config that names none of those.
    pub fn new(
        config: BriefConfig,
        input_dir: PathBuf,
        output_dir: PathBuf,
        formats: Vec<Format>,
        project_root: Option<PathBuf>,
    ) -> Settings {
        Settings {
            config,
            input_dir,
            output_dir,
            formats,
            template_dir: None,
            gazetteer: None,
            compare_with: None,
            window: None,
            strict_dates: false,
            source_date_epoch: None,
            project_root,
        }
    }
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    /// The brief that was rendered.
    pub brief: Brief,
    /// Folder the files were written to.
    pub dir: PathBuf,
    /// Brief files written.
    pub files: Vec<PathBuf>,
    /// Archive files written (`<out>/index.html`, `<out>/feed.xml`), when HTML was built.
    pub site_files: Vec<PathBuf>,
    /// Lines dropped by cleaning: (article file, line).
    pub dropped: Vec<(String, ingest::clean::Dropped)>,
    /// Problems that did not stop the build (undated articles in a window, brief folders left
    /// out of the archive, …).
    pub warnings: Vec<String>,
}

/// Articles kept by a date window, and what it did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct WindowReport {
    /// Articles excluded as dated outside the window.
    pub excluded: usize,
    /// Undated articles (included, or excluded with strict dates).
    pub undated: usize,
    /// Warnings to print.
    #[serde(skip)]
    pub warnings: Vec<String>,
}

/// Applies a date window: dated articles outside it are dropped; undated ones are kept with a
/// warning, or dropped when `strict`. An empty result is an error naming the window.
pub fn apply_window(
    articles: Vec<Article>,
    window: (Date, Date),
    strict: bool,
) -> Result<(Vec<Article>, WindowReport)> {
    let mut report = WindowReport::default();
    let mut kept = Vec::new();
    for a in articles {
        match a.date {
            Some(d) if d < window.0 || d > window.1 => report.excluded += 1,
            Some(_) => kept.push(a),
            None => {
                report.undated += 1;
                if strict {
                    report.warnings.push(format!("`{}` has no date; left out (--strict-dates)", a.id));
                } else {
                    report.warnings.push(format!(
                        "`{}` has no date; included in the {} to {} window",
                        a.id, window.0, window.1
                    ));
                    kept.push(a);
                }
            }
        }
    }
    if kept.is_empty() {
        bail!(
            "no articles dated {} to {} ({} outside the window, {} undated)",
            window.0,
            window.1,
            report.excluded,
            report.undated
        );
    }
    Ok((kept, report))
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
/// Also returns the lines cleaning dropped, per article file.
pub fn analyze(settings: &Settings) -> Result<Analysis> {
    analyze_with(settings, &())
}

/// [`analyze`], reporting its stages to `progress`.
pub fn analyze_with(settings: &Settings, progress: &dyn Progress) -> Result<Analysis> {
    let read = read_inputs(settings, progress)?;
    finish_analysis(settings, read, progress)
}

/// What [`read_inputs`] gathers before the output folder is looked at.
struct Inputs {
    articles: Vec<Article>,
    sentences: Vec<Sentence>,
    gazetteer: Option<extract::Gazetteer>,
    window_report: Option<((Date, Date), WindowReport)>,
    /// Files skipped while reading (links leading outside the project).
    skipped: Vec<String>,
    /// Articles left out for their language.
    other_languages: Vec<language::LeftOut>,
}

/// The stages that read only the inputs: articles (date window applied), sentences, gazetteer.
fn read_inputs(settings: &Settings, progress: &dyn Progress) -> Result<Inputs> {
    let cfg = &settings.config;
    progress.stage("reading articles", None);
    let loaded = ingest::load_articles_with(
        &settings.input_dir,
        settings.link_root(&settings.input_dir).as_deref(),
        &cfg.sources,
        &|n| progress.stage("reading articles", Some(n as u64)),
        &|| progress.step(),
    )?;
    for w in &loaded.warnings {
        progress.warn(w);
    }
    let mut articles = loaded.articles;
    let mut window_report = None;
    if let Some(w) = settings.window {
        let (kept, report) = apply_window(articles, w, settings.strict_dates)?;
        articles = kept;
        window_report = Some((w, report));
    }
    let (articles, other_languages) = language::keep(articles, &cfg.languages);
    for l in &other_languages {
        progress.warn(&format!(
            "`{}`: article in {}, not summarised (languages: {})",
            l.file,
            l.language,
            cfg.languages.join(", ")
        ));
    }
    progress.stage("splitting sentences", None);
    let sentences = segment::split_all(&articles);
    let gazetteer = match &settings.gazetteer {
        Some(p) => Some(
            extract::Gazetteer::parse(&fs::read_text_capped(p, extract::MAX_GAZETTEER_BYTES)?)
                .with_context(|| format!("invalid gazetteer `{}`", p.display()))?,
        ),
        None => None,
    };
    Ok(Inputs { articles, sentences, gazetteer, window_report, skipped: loaded.warnings, other_languages })
}

/// The rest of the analysis: reads the version this one revises from the output folder (a
/// build holds the output lock from here), assembles the brief, marks what is new.
fn finish_analysis(settings: &Settings, inputs: Inputs, progress: &dyn Progress) -> Result<Analysis> {
    let cfg = &settings.config;
    let Inputs { articles, sentences, gazetteer, window_report, skipped, other_languages } = inputs;
    // A revision starts from the version before it (see `brief::Inputs::previous`).
    let date = window_date(cfg, settings.source_date_epoch, &articles, settings.window)?;
    let mut revision_warning = None;
    let previous = match previous_version_dir(cfg, date, &settings.output_dir) {
        Some(dir) => {
            let previous = read_previous(&dir)
                .with_context(|| format!("cannot read the version this one revises, `{}`", dir.display()))?;
            if previous.is_none() {
                revision_warning = Some(format!(
                    "version {} has no version {} to revise (`{}` has no brief.json): points are selected afresh",
                    cfg.version,
                    cfg.version - 1,
                    dir.display()
                ));
            }
            previous
        }
        None => None,
    };
    let mut brief = assemble_with(
        cfg,
        settings.source_date_epoch,
        &articles,
        &sentences,
        gazetteer.as_ref(),
        settings.window,
        previous.as_ref(),
        progress,
    )?;
    if let Some(prev) = &settings.compare_with {
        let old = diff::load(prev).with_context(|| format!("cannot read `compare_with: {prev}`"))?;
        let ids =
            old.bluf.iter().chain(old.topics.iter().flat_map(|t| &t.points)).map(|p| p.id.clone()).collect();
        brief::mark_new(&mut brief, &ids);
    }
    let dropped = articles.iter().flat_map(|a| a.dropped.iter().map(|d| (a.id.clone(), d.clone()))).collect();
    let mut warnings: Vec<String> = skipped;
    warnings.extend(revision_warning);
    brief.coverage.not_summarised = language::counts(&other_languages)
        .into_iter()
        .map(|(language, articles)| brief::LanguageCount { language, articles })
        .collect();
    if let Some(((from, to), report)) = window_report {
        brief.coverage.window =
            Some(brief::Window { from, to, excluded: report.excluded, undated: report.undated });
        warnings.extend(report.warnings);
    }
    Ok(Analysis { brief, dropped, warnings })
}

/// The `brief.json` of the version folder `dir` under the output folder, `None` when there is
/// none. The folder and the file must be real (a symbolic link is an error, not followed, so a
/// planted link cannot pull another file's text into the brief), and the file at most
/// [`render::site::MAX_BRIEF_JSON`].
fn read_previous(dir: &Path) -> Result<Option<stored::BriefView>> {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            bail!("`{}` is a symbolic link (not followed)", dir.display())
        }
        Ok(m) if m.is_dir() => {}
        _ => return Ok(None),
    }
    let file = dir.join("brief.json");
    if std::fs::symlink_metadata(&file).is_err() {
        return Ok(None);
    }
    Ok(Some(stored::read(&file, render::site::MAX_BRIEF_JSON)?))
}

/// What the analysis stages produce.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The brief.
    pub brief: Brief,
    /// Lines dropped by cleaning: (article file, line).
    pub dropped: Vec<(String, ingest::clean::Dropped)>,
    /// Warnings for the user.
    pub warnings: Vec<String>,
}

/// The analysis stages after segmentation, in order: terms, stories, the plan (topics),
/// extraction, then selection and the brief model ([`brief::assemble`]).
pub fn assemble(
    cfg: &BriefConfig,
    epoch: Option<i64>,
    articles: &[Article],
    sentences: &[Sentence],
    gazetteer: Option<&extract::Gazetteer>,
    window: Option<(Date, Date)>,
    previous: Option<&stored::BriefView>,
) -> Result<Brief> {
    assemble_with(cfg, epoch, articles, sentences, gazetteer, window, previous, &())
}

/// [`assemble`], reporting each stage to `progress`.
#[allow(clippy::too_many_arguments)]
pub fn assemble_with(
    cfg: &BriefConfig,
    epoch: Option<i64>,
    articles: &[Article],
    sentences: &[Sentence],
    gazetteer: Option<&extract::Gazetteer>,
    window: Option<(Date, Date)>,
    previous: Option<&stored::BriefView>,
    progress: &dyn Progress,
) -> Result<Brief> {
    let date = window_date(cfg, epoch, articles, window)?;
    progress.stage("terms", None);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let terms = text::TermTable::new(&texts);
    drop(texts);
    progress.stage("stories", None);
    let stories = stories::discover(articles, sentences, &terms, date);
    progress.stage("topics", None);
    let plan = brief::plan(cfg, sentences, &terms, &stories);
    progress.stage("extraction: actors, quotes, dates, what to watch", None);
    let extracted = extract::extract_all(articles, sentences, date, gazetteer);
    Ok(brief::assemble(&brief::Inputs {
        config: cfg,
        date,
        articles,
        sentences,
        terms: &terms,
        stories: &stories,
        plan: &plan,
        extracted: &extracted,
        previous,
        progress,
    }))
}

/// The brief date: config, else a window's last day (the natural date of the brief it
/// selects), else [`brief_date`].
pub fn window_date(
    cfg: &BriefConfig,
    epoch: Option<i64>,
    articles: &[Article],
    window: Option<(Date, Date)>,
) -> Result<Date> {
    match (cfg.date, window) {
        (None, Some((_, to))) if to != Date::LAST => Ok(to),
        _ => brief_date(cfg, epoch, articles),
    }
}

/// For a version N > 1: the folder of version N−1 of the same number under `out`.
pub fn previous_version_dir(cfg: &BriefConfig, date: Date, out: &Path) -> Option<PathBuf> {
    (cfg.version > 1).then(|| {
        let number = cfg.number.clone().unwrap_or_else(|| date.iso_week_label());
        out.join(brief::folder_name(&number, cfg.version - 1, date))
    })
}

/// `briefly build`: analyse, render every format, write `<out>/<number>[-v<version>]/brief.*`. When HTML is
/// among the formats, then also regenerates the archive of every brief in `<out>`
/// (`<out>/index.html` and the Atom feed `<out>/feed.xml`, see [`render::site`]); brief folders
/// it cannot read are left out with a warning in the report.
pub fn build(settings: &Settings) -> Result<BuildReport> {
    build_with(settings, &())
}

/// [`build`], reporting its stages to `progress`.
///
/// Builds of one output folder take turns: once the inputs are read, the build locks the output
/// folder ([`fs::lock_output`], `<out>/.briefly.lock`; `progress` hears once if it has to wait)
/// and holds the lock from reading the version it revises until the archive is written, so a
/// second build at the same time waits and then does its whole work, never half of it.
pub fn build_with(settings: &Settings, progress: &dyn Progress) -> Result<BuildReport> {
    let template_root = settings.template_dir.as_deref().and_then(|d| settings.link_root(d));
    let (templates, template_warnings) =
        Templates::load_in(settings.template_dir.as_deref(), template_root.as_deref())?;
    for w in &template_warnings {
        progress.warn(w);
    }
    let inputs = read_inputs(settings, progress)?;
    let _lock = fs::lock_output(&settings.output_dir, &|| progress.waiting(&settings.output_dir))?;
    let Analysis { brief, dropped, warnings } = finish_analysis(settings, inputs, progress)?;
    let dir = settings.output_dir.join(brief.folder_name());
    progress.stage("rendering", Some(settings.formats.len() as u64));
    // One render deadline for the brief and the archive together.
    let deadline = render::Deadline::start();
    let files = render::write_all_with(
        &brief,
        &templates,
        &settings.formats,
        &dir,
        settings.config.pdf,
        deadline,
        &|| progress.step(),
    )?;
    let mut site_files = Vec::new();
    let mut warnings = template_warnings.into_iter().chain(warnings).collect::<Vec<_>>();
    if settings.formats.contains(&Format::Html) {
        let site = render::site::render_by(&settings.output_dir, &templates, Some(&brief), deadline)
            .context("failed to render the archive (index.html, feed.xml)")?;
        let (written, in_the_way) = render::site::write(&site)?;
        site_files = written;
        warnings.extend(site.warnings);
        warnings.extend(in_the_way);
    }
    Ok(BuildReport { brief, dir, files, site_files, warnings, dropped })
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
    /// The sentence, verbatim (a leading wire dateline such as `PARIS (AP) --` removed); when
    /// `cut` is set, only its first words (whitespace between words normalised to one space).
    pub text: String,
    /// Source file.
    pub file: String,
    /// Source date.
    pub date: Option<Date>,
    /// Sentence position in the source.
    pub sentence: usize,
    /// Engine score.
    pub score: f64,
    /// Whether the sentence was cut at the word budget.
    pub cut: bool,
}

/// Collects article files from paths (files, or folders of articles), sorted and de-duplicated.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let (found, _) = ingest::list_article_files(p, None)?;
            if found.is_empty() {
                // A cluster folder may hold extension-less files (one article each).
                let (all, _) = fs::list_files(p, None, &|_| true)?;
                files.extend(all);
            } else {
                files.extend(found);
            }
        } else if p.is_file() {
            files.push(p.clone());
        } else if p.exists() {
            bail!("`{}` is neither a file nor a folder", p.display());
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
/// reading order (source date, then file, then position). With a word budget and `cut`, the
/// words left over after the last whole sentence are filled with the beginning of the best
/// remaining sentence, cut to exactly the budget (the DUC convention); without `cut` every
/// sentence is whole and the total stays within the budget.
pub fn summarize(paths: &[PathBuf], budget: Budget, cut: bool) -> Result<Vec<SummarySentence>> {
    let files = collect_inputs(paths)?;
    let no_meta = Default::default();
    let articles = load_files(&files, &no_meta)?;
    // Sentences without their wire datelines, which carry no news and cost words.
    let sentences: Vec<Sentence> = segment::split_all(&articles)
        .into_iter()
        .map(|mut s| {
            let stripped = select::clean::strip_dateline(&s.text);
            if stripped.len() < s.text.len() {
                s.span.0 += s.text.len() - stripped.len();
                s.text = stripped.to_string();
            }
            s
        })
        .collect();
    if sentences.is_empty() {
        bail!("the articles have no sentences");
    }
    let all: Vec<&Sentence> = sentences.iter().collect();
    let params = match budget {
        Budget::Words(w) => select::Params::new(w, usize::MAX),
        Budget::Sentences(n) => select::Params::new(usize::MAX, n),
    };
    let (mut picks, filler) = if cut && matches!(budget, Budget::Words(_)) {
        select::select_cut(&all, None, params)
    } else {
        (select::select(&all, None, params), None)
    };
    let summary_sentence = |p: &select::Pick, text: String, cut: bool| {
        let s = all[p.candidate];
        let a = &articles[s.doc];
        SummarySentence { text, file: a.id.clone(), date: a.date, sentence: s.index, score: p.score, cut }
    };
    picks.sort_by(|a, b| {
        let (sa, sb) = (all[a.candidate], all[b.candidate]);
        (articles[sa.doc].date, sa.doc, sa.index).cmp(&(articles[sb.doc].date, sb.doc, sb.index))
    });
    if picks.is_empty() && filler.is_none() {
        bail!(
            "no sentence to select in {} (key sentences have {}–{} words and end like a sentence)",
            files.iter().map(|p| format!("`{}`", p.display())).collect::<Vec<_>>().join(", "),
            select::MIN_WORDS,
            select::MAX_WORDS
        );
    }
    let mut out: Vec<SummarySentence> =
        picks.iter().map(|p| summary_sentence(p, all[p.candidate].text.clone(), false)).collect();
    if let Some((p, n)) = filler {
        let words: Vec<&str> = all[p.candidate].text.split_whitespace().collect();
        if n < words.len() {
            out.push(summary_sentence(&p, words[..n].join(" "), true));
        } else {
            out.push(summary_sentence(&p, all[p.candidate].text.clone(), false));
        }
    }
    Ok(out)
}

/// One story as `briefly stories` lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoryListing {
    /// Label.
    pub label: String,
    /// Articles, outlets, first and last date (flattened into the listing's JSON).
    #[serde(flatten)]
    pub facts: brief::StoryFacts,
    /// The outlets' names, sorted.
    pub outlet_names: Vec<String>,
    /// Article files, in input order.
    pub files: Vec<String>,
}

/// What `briefly stories` prints.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoriesReport {
    /// Articles read.
    pub articles: usize,
    /// Stories, most important first (recency counted from the newest article date).
    pub stories: Vec<StoryListing>,
}

/// `briefly stories`: the articles in `paths` (files or folders) grouped into stories by the
/// engine `build` uses ([`stories::discover`]).
pub fn list_stories(paths: &[PathBuf]) -> Result<StoriesReport> {
    let files = collect_inputs(paths)?;
    let no_meta = Default::default();
    let articles = load_files(&files, &no_meta)?;
    let sentences = segment::split_all(&articles);
    let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
    let table = text::TermTable::new(&texts);
    let date = articles.iter().filter_map(|a| a.date).max().unwrap_or(Date::LAST);
    let found = stories::discover(&articles, &sentences, &table, date);
    Ok(StoriesReport {
        articles: articles.len(),
        stories: found
            .list
            .into_iter()
            .map(|s| StoryListing {
                facts: brief::facts(&s),
                files: s.docs.iter().map(|&d| articles[d].id.clone()).collect(),
                label: s.label,
                outlet_names: s.outlets,
            })
            .collect(),
    })
}

/// Files read at a time by [`prepare_paths`] (their records are kept until written).
const PREPARE_BATCH: usize = 512;

/// `briefly prepare`: every article of `paths` (files or folders, as `stories` reads them)
/// through the per-article stage ([`prepare::prepare`]), handed to `out` in input order, a
/// batch of files at a time read in parallel (memory stays that of one batch). Returns the
/// number of articles.
pub fn prepare_paths(
    paths: &[PathBuf],
    out: &mut dyn FnMut(&prepare::Prepared) -> Result<()>,
) -> Result<usize> {
    use rayon::prelude::*;
    let files = collect_inputs(paths)?;
    let no_meta = Default::default();
    let mut count = 0;
    for batch in files.chunks(PREPARE_BATCH) {
        let done: Vec<Result<Vec<prepare::Prepared>>> = batch
            .par_iter()
            .map(|f| Ok(ingest::load_file(f, &no_meta, false)?.0.iter().map(prepare::prepare).collect()))
            .collect();
        for articles in done {
            for a in articles? {
                out(&a)?;
                count += 1;
            }
        }
    }
    Ok(count)
}

/// The articles of `files` (a feed file gives one per item, see [`ingest::load_file`]), in order.
fn load_files(
    files: &[PathBuf],
    meta: &std::collections::BTreeMap<String, config::SourceMeta>,
) -> Result<Vec<Article>> {
    let mut articles = Vec::new();
    for f in files {
        articles.extend(ingest::load_file(f, meta, false)?.0);
    }
    Ok(articles)
}
