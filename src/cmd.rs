//! Subcommand drivers: resolve flags and config into settings, call the library, print.
//!
//! In: parsed [`crate::cli`] arguments. Out: files (build) or stdout (summarize), and a short
//! report on stderr. The only module besides `main.rs` that prints.

use crate::cli::{
    BuildArgs, CompletionsArgs, DiffArgs, FetchArgs, InitArgs, ListFormat, PrepareArgs, StoriesArgs,
    SummarizeArgs, SummaryFormat, TemplatesArgs,
};
use anyhow::{Context, Result};
use briefly::config::BriefConfig;
use briefly::{Budget, Settings};
use std::io::IsTerminal;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A mistake in how briefly was called (no project here, a malformed flag value): exit status
/// 2, as for clap's own usage errors; every other failure exits with 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// The project's `brief.yaml`: in `start` or the nearest folder above it, stopping at the root
/// of the repository `start` is in (a folder holding `.git`) or of the file system. The path
/// is relative to `start` (`brief.yaml`, `../brief.yaml`) so messages stay short.
pub fn find_project(start: &Path) -> Option<PathBuf> {
    let mut dir = start.to_path_buf();
    let mut up = PathBuf::new();
    loop {
        if dir.join("brief.yaml").is_file() {
            return Some(up.join("brief.yaml"));
        }
        if dir.join(".git").exists() || !dir.pop() {
            return None;
        }
        up.push("..");
    }
}

/// The config file a command uses: `--config`, else the project's `brief.yaml` found from the
/// current folder ([`find_project`]). Without either, an explicit `--input` builds with the
/// defaults; otherwise it is a [`Usage`] error that says how to start a project.
fn config_path(args: &BuildArgs, verbose: bool) -> Result<Option<PathBuf>> {
    if let Some(c) = &args.config {
        return Ok(Some(c.clone()));
    }
    let here = std::env::current_dir().context("cannot read the current folder")?;
    match find_project(&here) {
        Some(found) => {
            if verbose {
                eprintln!("using `{}`", found.display());
            }
            Ok(Some(found))
        }
        None if args.input.is_some() => Ok(None),
        None => {
            Err(Usage("no brief.yaml here or above: run `briefly init` to start a project".into()).into())
        }
    }
}

/// Merges flags over the config file into [`Settings`].
///
/// The project folder is the folder of the config file. Everything the config names (input,
/// templates, gazetteer, `compare_with`, and the default `seeds`) must resolve inside it,
/// symlinks included: a config from someone else's repository cannot make briefly read
/// elsewhere. Flags typed on the command line may point anywhere. No output folder may overwrite
/// the project's own data ([`Guarded::clash`]); a `compare_with: REV:PATH` is read only from the
/// project's own `.git` folder.
pub fn resolve(args: &BuildArgs, verbose: bool) -> Result<Settings> {
    let found = config_path(args, verbose)?;
    let found_config = found.is_some();
    let (config, config_text) = match &found {
        Some(path) => BriefConfig::from_file_with_text(path)?,
        None => (BriefConfig::default(), String::new()),
    };
    let config_path = found.unwrap_or_else(|| PathBuf::from("brief.yaml"));
    let config_dir = match config_path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let project_root = std::fs::canonicalize(&config_dir)
        .with_context(|| format!("project folder `{}` not found", config_dir.display()))?;
    // A path the config names (or a default beside it) must lead inside the project.
    let confine = |key: &str, written: &str, path: PathBuf| -> Result<PathBuf> {
        let inside = match briefly::fs::resolve(&path) {
            Some(real) => real.starts_with(&project_root),
            None => briefly::config::stays_inside(Path::new(written)),
        };
        if inside {
            return Ok(path);
        }
        let flag = match key {
            "input" | "templates" => format!("; pass --{key} to read there deliberately"),
            _ => String::new(),
        };
        match briefly::config::line_of_key(&config_text, key) {
            Some(line) => anyhow::bail!(
                "invalid config `{}`: line {line}: `{key}: {written}` points outside the project folder \
                 (symlinks included){flag}",
                config_path.display()
            ),
            None => anyhow::bail!(
                "the default `{key}` folder `{}` points outside the project folder (a symlink?){flag}",
                path.display()
            ),
        }
    };
    let template_dir = match (&args.templates, &config.templates) {
        (Some(d), _) => Some(d.clone()),
        (None, Some(d)) => {
            Some(confine("templates", &d.display().to_string(), briefly::fs::relative_to(&config_path, d))?)
        }
        (None, None) => None,
    };
    if let Some(d) = &template_dir
        && !d.is_dir()
    {
        anyhow::bail!("template folder `{}` not found", d.display());
    }
    let formats = match &args.formats {
        Some(f) => f.iter().map(|&f| f.into()).collect(),
        None => config.formats.clone(),
    };
    let parse_day = |flag: &str, v: &str| {
        briefly::date::Date::parse(v)
            .ok_or_else(|| anyhow::Error::from(Usage(format!("invalid {flag} `{v}` (expected YYYY-MM-DD)"))))
    };
    // A path is relative to the config file and confined to the project; `REV:PATH` is read
    // from the project's own repository, the path relative to the project folder.
    let compare_with = match &config.compare_with {
        None => None,
        Some(c) => {
            let source = briefly::diff::Source::parse(c, &config_dir).map_err(|e| {
                let line = briefly::config::line_of_key(&config_text, "compare_with").unwrap_or(0);
                anyhow::anyhow!(
                    "invalid config `{}`: line {line}: `compare_with`: {e:#}",
                    config_path.display()
                )
            })?;
            Some(match source {
                briefly::diff::Source::Path(p) => briefly::diff::Source::Path(confine("compare_with", c, p)?),
                // Only from the project's own `.git` folder (a config cannot point git elsewhere).
                git => git.own_repository(),
            })
        }
    };
    let window =
        match (&args.week, &args.from, &args.to) {
            (Some(w), _, _) => Some(briefly::date::Date::parse_iso_week(w).ok_or_else(|| {
                Usage(format!("invalid --week `{w}` (expected an ISO week such as 2025-W49)"))
            })?),
            (None, None, None) => None,
            (None, from, to) => {
                let from = from.as_deref().map(|v| parse_day("--from", v)).transpose()?;
                let to = to.as_deref().map(|v| parse_day("--to", v)).transpose()?;
                let from = from.unwrap_or(briefly::date::Date::FIRST);
                let to = to.unwrap_or(briefly::date::Date::LAST);
                if from > to {
                    return Err(Usage(format!("--from {from} is after --to {to}")).into());
                }
                Some((from, to))
            }
        };
    // Flags win; else the config's folders, else the defaults, both beside the config.
    let input_dir = match &args.input {
        Some(d) => d.clone(),
        None => {
            let written = config.input.as_deref().unwrap_or(Path::new("seeds"));
            confine("input", &written.display().to_string(), briefly::fs::relative_to(&config_path, written))?
        }
    };
    let output_dir = match &args.out {
        Some(out) => out.clone(),
        None => config_output(&config, &config_path)?,
    };
    let gazetteer = match &config.gazetteer {
        Some(g) => {
            Some(confine("gazetteer", &g.display().to_string(), briefly::fs::relative_to(&config_path, g))?)
        }
        None => None,
    };
    let guarded = Guarded {
        output_dir: &output_dir,
        out_flag: args.out.is_some(),
        input_dir: &input_dir,
        input_flag: args.input.is_some(),
        template_dir: template_dir.as_deref(),
        templates_flag: args.templates.is_some(),
        project_root: found_config.then_some(project_root.as_path()),
    };
    if let Some(clash) = guarded.clash() {
        anyhow::bail!(clash.message(&output_dir, &config, &config_path, &config_text));
    }
    Ok(Settings {
        gazetteer,
        config,
        input_dir,
        output_dir,
        formats,
        template_dir,
        window,
        strict_dates: args.strict_dates,
        compare_with,
        source_date_epoch: args.source_date_epoch,
        project_root: Some(project_root),
    })
}

/// An output folder and the project data it must keep clear of (see [`Guarded::clash`]).
struct Guarded<'a> {
    output_dir: &'a Path,
    /// The output folder was typed (`--out`).
    out_flag: bool,
    input_dir: &'a Path,
    input_flag: bool,
    template_dir: Option<&'a Path>,
    templates_flag: bool,
    /// The project folder (canonical), when there is a config (without one, the current folder
    /// is nobody's project).
    project_root: Option<&'a Path>,
}

/// Which project folder an output folder would overlap, and how.
struct Clash {
    /// Where the output folder came from.
    side: Side,
    relation: briefly::fs::Overlap,
    /// "the input folder `seeds`", "the project's `.git`" …
    what: String,
    /// The config key that names the overlapped folder, if one does (`input`, `templates`).
    key: Option<&'static str>,
}

#[derive(PartialEq)]
enum Side {
    /// `output:` of the config, or its default.
    Config,
    /// `--out`.
    Flag,
}

impl Guarded<'_> {
    /// Whether the output folder would overwrite the project's own data. Compared as canonical
    /// paths ([`briefly::fs::resolve_planned`]: symbolic links resolved, a folder not created
    /// yet by its nearest existing one). A config's output folder (untrusted) may not be,
    /// contain or lie inside the input folder, the template folder, `.git` or `.briefly`, nor be
    /// or contain the project folder. `--out` (typed by the user) may point anywhere else, and
    /// also inside the input or template folder (only the files directly in those are read),
    /// but not at them or above them, the project folder included, nor into `.git` or
    /// `.briefly`: a typo must not destroy the articles or the repository. No output folder lies
    /// inside any folder named `.git` or `.briefly`. The brief folder `<out>/<number>[-vN]`,
    /// a plain name (see `config::is_plain_folder_name`) that may not be a link, then cannot
    /// overlap them either.
    fn clash(&self) -> Option<Clash> {
        use briefly::fs::{Overlap, overlap, resolve_planned};
        let out = resolve_planned(self.output_dir)?;
        let side = if self.out_flag { Side::Flag } else { Side::Config };
        let show = |p: &Path| p.display().to_string();
        let mut guarded: Vec<(String, Option<&'static str>, PathBuf, bool)> = Vec::new();
        // (what, key, canonical path, lying inside it is allowed for a typed --out)
        if let Some(real) = resolve_planned(self.input_dir) {
            let key = (!self.input_flag).then_some("input");
            guarded.push((format!("the input folder `{}`", show(self.input_dir)), key, real, true));
        }
        if let Some(t) = self.template_dir
            && let Some(real) = resolve_planned(t)
        {
            let key = (!self.templates_flag).then_some("templates");
            guarded.push((format!("the template folder `{}`", show(t)), key, real, true));
        }
        if let Some(root) = self.project_root {
            for name in [".git", ".briefly"] {
                if let Some(real) = resolve_planned(&root.join(name)) {
                    guarded.push((format!("the project's `{name}`"), None, real, false));
                }
            }
        }
        for (what, key, real, typed_may_be_inside) in guarded {
            match overlap(&out, &real) {
                Some(Overlap::Inside) if side == Side::Flag && typed_may_be_inside => {}
                Some(relation) => return Some(Clash { side, relation, what, key }),
                None => {}
            }
        }
        if let Some(root) = self.project_root
            && let Some(relation @ (Overlap::Same | Overlap::Contains)) = overlap(&out, root)
        {
            let what = "the project folder (the folder of the config)".to_string();
            return Some(Clash { side, relation, what, key: None });
        }
        let named = out.components().find(|c| {
            let c = c.as_os_str();
            c.eq_ignore_ascii_case(".git") || c.eq_ignore_ascii_case(".briefly")
        })?;
        let what = format!("a `{}` folder", named.as_os_str().to_string_lossy());
        Some(Clash { side, relation: Overlap::Inside, what, key: None })
    }
}

impl Clash {
    /// The error: the output folder (the key and its line, the default, or `--out`), how it
    /// overlaps what, and the rule.
    fn message(&self, output_dir: &Path, config: &BriefConfig, config_path: &Path, text: &str) -> String {
        use briefly::config::line_of_key;
        let cfg = config_path.display();
        let subject = match (&self.side, &config.output) {
            (Side::Flag, _) => String::new(),
            (Side::Config, Some(o)) => match line_of_key(text, "output") {
                Some(line) => format!("invalid config `{cfg}`: line {line}: `output: {}`", o.display()),
                None => format!("invalid config `{cfg}`: `output: {}`", o.display()),
            },
            (Side::Config, None) => {
                format!("invalid config `{cfg}`: the default output folder `briefs` (no `output:`)")
            }
        };
        let relation = match self.relation {
            briefly::fs::Overlap::Same => "is",
            briefly::fs::Overlap::Contains => "contains",
            briefly::fs::Overlap::Inside => "lies inside",
        };
        let named_by = self
            .key
            .and_then(|k| Some((k, line_of_key(text, k)?)))
            .map(|(k, line)| {
                let value = match k {
                    "input" => config.input.as_deref(),
                    _ => config.templates.as_deref(),
                };
                format!(
                    " (line {line}: `{k}: {}`)",
                    value.map(|v| v.display().to_string()).unwrap_or_default()
                )
            })
            .unwrap_or_default();
        match self.side {
            Side::Config => format!(
                "{subject} {relation} {}{named_by}: an output folder may not be, contain or lie inside the input \
                 or template folder, `.git` or `.briefly`, nor be the project folder; choose another `output:`",
                self.what
            ),
            Side::Flag => format!(
                "`--out {}` {relation} {}{named_by}: refusing to write over the project's data (--out may not be \
                 or contain the input, template or project folder, nor be or lie inside `.git` or `.briefly`)",
                output_dir.display(),
                self.what
            ),
        }
    }
}

/// The output folder a config asks for: `output:` (default `briefs`) beside the config. The
/// project folder may be someone else's, so no component of that path from the config's folder
/// down may be a symbolic link (`briefs -> /srv/www`, or `output: pub/briefs` with `pub -> …`):
/// that is an error naming the config key and the link. Components that do not exist yet are
/// created by the build. `--out` is not checked: the person typing it chose it.
fn config_output(config: &BriefConfig, config_path: &Path) -> Result<PathBuf> {
    // Written out without `.` and `a/..` first, so the check and the build walk the same
    // components (`nothing/../briefs` must not skip checking `briefs`).
    let rel = lexically_normal(config.output.as_deref().unwrap_or(Path::new("briefs")));
    let base = config_path.parent().unwrap_or(Path::new(""));
    if let Some(link) = briefly::fs::first_link(base, &rel) {
        let to = std::fs::read_link(&link).map(|t| format!(" (to `{}`)", t.display())).unwrap_or_default();
        let key = match &config.output {
            Some(o) => format!("`output: {}` in `{}`", o.display(), config_path.display()),
            None => format!(
                "the default output folder `briefs` beside `{}` (no `output:`)",
                config_path.display()
            ),
        };
        anyhow::bail!(
            "{key} goes through the symbolic link `{}`{to}: refusing to write through it; remove the link, \
             or pass --out to write there deliberately",
            link.display()
        );
    }
    Ok(briefly::fs::relative_to(config_path, &rel))
}

/// `p` without `.` components, each `name/..` pair dropped (a `..` that would climb above the
/// start stays; `config::stays_inside` refuses those); `.` when nothing is left.
fn lexically_normal(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    if out.is_empty() { PathBuf::from(".") } else { out.iter().collect() }
}

/// The progress bar of `briefly build` on stderr: drawn only when stderr is a terminal and not
/// `-q`, and only once the build has run for a second (`BRIEFLY_PROGRESS_DELAY_MS` changes
/// that delay, for tests), so quick builds print nothing extra.
struct ProgressBar {
    bar: indicatif::ProgressBar,
    /// `-q`: no note that the build waits for another.
    quiet: bool,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
    /// With `BRIEFLY_TIMINGS=1`: each stage's name, start and the process's CPU time then,
    /// printed as stages end.
    timings: Option<std::sync::Mutex<(String, std::time::Instant, f64)>>,
    /// Warnings printed so far (each is printed once, as soon as it is known).
    warned: std::sync::Mutex<Vec<String>>,
}

impl ProgressBar {
    fn new(enabled: bool, quiet: bool) -> ProgressBar {
        let bar = indicatif::ProgressBar::hidden();
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        if enabled {
            let delay =
                std::env::var("BRIEFLY_PROGRESS_DELAY_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                std::thread::sleep(std::time::Duration::from_millis(delay));
                if !done.load(std::sync::atomic::Ordering::SeqCst) {
                    bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                    bar.tick(); // draw now, not at the next update
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                }
            });
        }
        let timings = (std::env::var_os("BRIEFLY_TIMINGS").is_some_and(|v| v == "1")).then(|| {
            std::sync::Mutex::new((String::from("start"), std::time::Instant::now(), cpu_seconds()))
        });
        ProgressBar { bar, quiet, done, timings, warned: std::sync::Mutex::new(Vec::new()) }
    }

    fn finish(&self) {
        self.done.store(true, std::sync::atomic::Ordering::SeqCst);
        self.bar.finish_and_clear();
        self.time_stage("");
    }

    /// Prints how long the previous stage took, in wall and CPU time (`BRIEFLY_TIMINGS=1`), and
    /// starts `next`.
    fn time_stage(&self, next: &str) {
        if let Some(t) = &self.timings
            && let Ok(mut t) = t.lock()
            && t.0 != next
        {
            let cpu = cpu_seconds();
            eprintln!("timing: {:>8.3} s  {:>8.3} s CPU  {}", t.1.elapsed().as_secs_f64(), cpu - t.2, t.0);
            *t = (next.to_string(), std::time::Instant::now(), cpu);
        }
    }
}

/// CPU time of the process so far (user and system, all threads), in seconds (0 where
/// `getrusage` is missing).
#[cfg(not(unix))]
fn cpu_seconds() -> f64 {
    0.0
}

/// CPU time of the process so far (user and system, all threads), in seconds.
#[cfg(unix)]
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the `rusage` it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

impl briefly::Progress for ProgressBar {
    fn stage(&self, name: &str, total: Option<u64>) {
        self.time_stage(name);
        let template = match total {
            Some(_) => "{spinner} {msg} [{bar:30}] {pos}/{len} ({elapsed})",
            None => "{spinner} {msg} ({elapsed})",
        };
        self.bar.set_length(total.unwrap_or(0));
        self.bar.set_position(0);
        self.bar.set_message(name.to_string());
        if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn warn(&self, message: &str) {
        let Ok(mut warned) = self.warned.lock() else { return };
        if !warned.iter().any(|w| w == message) {
            warned.push(message.to_string());
            self.bar.suspend(|| eprintln!("warning: {}", briefly::text::clip_message(message, 1000)));
        }
    }

    fn waiting(&self, output: &Path) {
        if !self.quiet {
            self.bar.suspend(|| {
                eprintln!("waiting for another build writing to `{}` to finish", display(output))
            });
        }
    }
}

/// `briefly build`.
pub fn build(args: &BuildArgs, quiet: bool, verbose: bool) -> Result<()> {
    let settings = resolve(args, verbose)?;
    if let Some(n) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(usize::from(n))
            .build_global()
            .context("failed to start the worker threads")?;
    }
    let bar = ProgressBar::new(!quiet && std::io::stderr().is_terminal(), quiet);
    let report = briefly::build_with(&settings, &bar);
    bar.finish();
    let report = report?;
    for w in &report.warnings {
        briefly::Progress::warn(&bar, w);
    }
    if verbose {
        for (file, d) in &report.dropped {
            // Line 0: a metadata field (its control characters removed), not a line.
            let at = if d.line == 0 { String::new() } else { format!(":{}", d.line) };
            let show = briefly::text::show_controls;
            eprintln!("dropped {}{at} ({}): {}", show(file), d.reason, show(&d.text));
        }
    }
    if !quiet {
        let points: usize = report.brief.topics.iter().map(|t| t.points.len()).sum();
        eprintln!(
            "built {} ({} articles, {} topics, {} key points) in `{}`",
            report
                .files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy())
                .collect::<Vec<_>>()
                .join(", "),
            report.brief.coverage.articles,
            report.brief.topics.len(),
            points,
            display(&report.dir)
        );
        if let Some(root) = report.site_files.first().and_then(|p| p.parent()) {
            let names: Vec<String> = report
                .site_files
                .iter()
                .filter_map(|f| f.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .collect();
            eprintln!("updated {} in `{}`", names.join(", "), display(root));
        }
    }
    Ok(())
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// Seconds a `fetch` runs at most, unless `--deadline` says otherwise.
const DEFAULT_FETCH_DEADLINE_SECS: u64 = 600;

/// `briefly fetch`: the project is found and confined as for `build` ([`resolve`]); prints one
/// warning line per failed feed or page and a summary; every source failing is an error (exit 1).
/// Internal addresses are opened by `--allow-host` and `BRIEFLY_ALLOW_HOSTS` only.
pub fn fetch(args: &FetchArgs, quiet: bool, verbose: bool) -> Result<()> {
    let since = match &args.since {
        Some(v) => Some(
            briefly::date::Date::parse(v)
                .ok_or_else(|| Usage(format!("invalid --since `{v}` (expected YYYY-MM-DD)")))?,
        ),
        None => None,
    };
    let build_args = BuildArgs {
        config: args.config.clone(),
        input: args.input.clone(),
        out: None,
        formats: None,
        templates: None,
        week: args.week.clone(),
        from: None,
        to: None,
        strict_dates: false,
        jobs: None,
        source_date_epoch: None,
    };
    let settings = resolve(&build_args, verbose)?;
    let Some(config_path) = config_path(&build_args, false)? else {
        return Err(Usage(
            "no brief.yaml here or above: `fetch` reads the feeds a project's brief.yaml lists".into(),
        )
        .into());
    };
    let (config, text) = BriefConfig::from_file_with_text(&config_path)?;
    let project_root = settings.project_root.clone().context("no project folder")?;
    // The folder fetch writes into, when the config names it, must lead inside the project
    // also where it does not exist yet (`input: out/seeds` with `out` a link elsewhere).
    if args.input.is_none() {
        let mut existing = settings.input_dir.as_path();
        while !existing.exists()
            && let Some(parent) = existing.parent()
        {
            existing = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
        }
        if !briefly::fs::resolves_inside(existing, &project_root) {
            anyhow::bail!(
                "the input folder `{}` leads outside the project folder (through `{}`); pass --input to \
                 save there deliberately",
                settings.input_dir.display(),
                existing.display()
            );
        }
    }
    let sources = briefly::fetch::feeds::sources(&config, &config_path, &text, &project_root)?;
    if sources.feeds.is_empty() && sources.urls.is_empty() {
        return Err(
            Usage(format!("`{}` lists no `feeds:` or `urls:` to fetch", config_path.display())).into()
        );
    }
    let mut limits = briefly::fetch::http::Limits::default();
    if let Some(ms) = args.timeout_ms {
        limits = limits.with_timeout_ms(ms);
    }
    // Opened by the person typing only: the flag and the environment, never the config.
    let mut allow = briefly::fetch::guard::AllowList::default();
    let from_env = std::env::var("BRIEFLY_ALLOW_HOSTS").unwrap_or_default();
    for entry in from_env.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        allow.add(entry).map_err(|e| Usage(format!("BRIEFLY_ALLOW_HOSTS: {e}")))?;
    }
    for entry in &args.allow_host {
        allow.add(entry).map_err(|e| Usage(format!("--allow-host: {e}")))?;
    }
    let options = briefly::fetch::Options {
        sources,
        input_dir: settings.input_dir.clone(),
        project_root,
        window: since.map(|d| (d, briefly::date::Date::LAST)).or(settings.window),
        dry_run: args.dry_run,
        jobs: args.jobs.map_or(4, usize::from),
        limits,
        allow,
        deadline: Some(std::time::Duration::from_secs(args.deadline.unwrap_or(DEFAULT_FETCH_DEADLINE_SECS))),
    };
    let bar = ProgressBar::new(!quiet && std::io::stderr().is_terminal(), quiet);
    let report = briefly::fetch::run(&options, &bar);
    bar.finish();
    let report = report?;
    for w in &report.warnings {
        eprintln!("warning: {}", briefly::text::clip_message(w, 1000));
    }
    if args.dry_run {
        for u in &report.planned {
            println!("{u}");
        }
    }
    if !quiet {
        for (old, new) in &report.changed {
            eprintln!(
                "changed: `{old}` differs from the article now; saved the new text beside it as `{new}`"
            );
        }
        if verbose {
            for f in &report.saved {
                eprintln!("saved `{}`", display(&options.input_dir.join(f)));
            }
        }
        let what = if args.dry_run {
            format!("{} articles to download (dry run: nothing saved)", report.planned.len())
        } else {
            format!("{} new articles in `{}`", report.saved.len(), display(&options.input_dir))
        };
        eprintln!(
            "fetched {} feeds ({} unchanged): {what}, {} duplicates, {} failures",
            report.feeds_read + report.feeds_unchanged,
            report.feeds_unchanged,
            report.duplicates,
            report.failures
        );
    }
    if report.all_failed {
        anyhow::bail!("every feed and address failed (see the warnings above)");
    }
    Ok(())
}

/// `briefly summarize`.
pub fn summarize(args: &SummarizeArgs) -> Result<()> {
    let budget = match (args.words, args.sentences) {
        (_, Some(n)) => Budget::Sentences(n),
        (Some(w), None) => Budget::Words(w),
        (None, None) => Budget::Words(100),
    };
    let summary = briefly::summarize(&args.paths, budget, !args.whole)?;
    let mut out = String::new();
    match args.format {
        SummaryFormat::Text => {
            for s in &summary {
                out.push_str(&s.text);
                out.push('\n');
            }
        }
        SummaryFormat::Md => {
            for s in &summary {
                out.push_str(&format!("- {} ({})\n", briefly::output::escape_markdown(&s.text), s.file));
            }
        }
        SummaryFormat::Json => {
            out = serde_json::to_string_pretty(&summary)?;
            out.push('\n');
        }
    }
    print_out(&out)
}

/// `briefly stories`: the stories of the articles in `args.paths`, printed as text or JSON.
pub fn stories(args: &StoriesArgs) -> Result<()> {
    let report = briefly::list_stories(&args.paths)?;
    let mut out = String::new();
    match args.format {
        ListFormat::Json => {
            out = serde_json::to_string_pretty(&report)?;
            out.push('\n');
        }
        ListFormat::Text => {
            let singles = report.stories.iter().filter(|s| s.facts.articles == 1).count();
            let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
            out.push_str(&format!(
                "{}, {} ({} with two or more articles)\n",
                plural(report.articles, "article", "articles"),
                plural(report.stories.len(), "story", "stories"),
                report.stories.len() - singles
            ));
            for (i, s) in report.stories.iter().enumerate() {
                out.push_str(&format!("\n{}. {}\n   {}\n", i + 1, s.label, story_facts_line(&s.facts)));
                for f in &s.files {
                    out.push_str(&format!("   {f}\n"));
                }
            }
        }
    }
    print_out(&out)
}

/// `briefly prepare`: one JSON line per article on stdout, written as the batches finish (a
/// closed pipe ends it quietly, as `head` expects).
pub fn prepare(args: &PrepareArgs) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let stdout_failed = |e: std::io::Error| anyhow::Error::new(e).context("failed to write to stdout");
    let done = briefly::prepare_paths(&args.paths, &mut |p| {
        serde_json::to_writer(&mut stdout, p).map_err(|e| stdout_failed(e.into()))?;
        stdout.write_all(b"\n").map_err(stdout_failed)
    })
    .and_then(|_| stdout.flush().map_err(stdout_failed));
    match done {
        Err(e)
            if e.root_cause()
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Story facts in words: `12 articles from 3 outlets, 2025-12-01 to 2025-12-04`.
fn story_facts_line(f: &briefly::brief::StoryFacts) -> String {
    let mut out = format!("{} article{}", f.articles, if f.articles == 1 { "" } else { "s" });
    if f.outlets > 0 {
        out.push_str(&format!(" from {} outlet{}", f.outlets, if f.outlets == 1 { "" } else { "s" }));
    }
    match (f.first, f.last) {
        (Some(a), Some(b)) if a == b => out.push_str(&format!(", {a}")),
        (Some(a), Some(b)) => out.push_str(&format!(", {a} to {b}")),
        _ => {}
    }
    out
}

/// Writes a command's output to stdout; a reader that stopped early (`| head`) is not an error.
fn print_out(out: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("failed to write to stdout"),
    }
}

/// The commented config `briefly init` writes.
pub const INIT_CONFIG: &str = include_str!("init/brief.yaml");

/// Writes `files` (relative path, contents) under `dir`, refusing if any exists already.
fn write_new_files(dir: &Path, files: &[(&str, &str)]) -> Result<Vec<PathBuf>> {
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| dir.join(name)).collect();
    if let Some(p) = paths.iter().find(|p| p.exists()) {
        anyhow::bail!("`{}` already exists; refusing to overwrite it", p.display());
    }
    for (p, (_, text)) in paths.iter().zip(files) {
        briefly::fs::write_atomic(p, text.as_bytes())?;
    }
    Ok(paths)
}

/// `briefly init`.
pub fn init(args: &InitArgs, quiet: bool) -> Result<()> {
    let seeds = args.dir.join("seeds");
    if seeds.exists() {
        anyhow::bail!("`{}` already exists; refusing to overwrite it", seeds.display());
    }
    let written = write_new_files(&args.dir, &[("brief.yaml", INIT_CONFIG)])?;
    std::fs::create_dir_all(&seeds).with_context(|| format!("failed to create `{}`", seeds.display()))?;
    if !quiet {
        eprintln!(
            "created `{}` and `{}/`: put this week's articles (.txt, .md, .html) into seeds/, then run `briefly build`",
            written[0].display(),
            seeds.display()
        );
    }
    Ok(())
}

/// `briefly templates`.
pub fn templates(args: &TemplatesArgs, quiet: bool) -> Result<()> {
    let written = write_new_files(&args.out, briefly::render::templates::DEFAULTS)?;
    if !quiet {
        for p in written {
            eprintln!("wrote `{}`", p.display());
        }
    }
    Ok(())
}

/// `briefly diff`.
pub fn diff(args: &DiffArgs) -> Result<()> {
    let (old, new) = (briefly::diff::load_spec(&args.old)?, briefly::diff::load_spec(&args.new)?);
    let d = briefly::diff::diff(&old, &new);
    let out = match args.format {
        SummaryFormat::Text => briefly::diff::to_text(&d),
        SummaryFormat::Md => briefly::diff::to_markdown(&d),
        SummaryFormat::Json => serde_json::to_string_pretty(&d)? + "\n",
    };
    print_out(&out)
}

/// `briefly completions`.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "briefly", &mut out);
    std::io::stdout().lock().write_all(&out).context("failed to write to stdout")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_are_written_out_plainly() {
        for (p, normal) in [
            ("briefs", "briefs"),
            ("./briefs", "briefs"),
            ("out/./briefs/", "out/briefs"),
            ("new/../pub/briefs", "pub/briefs"),
            ("a/b/../../c", "c"),
            (".", "."),
            ("a/..", "."),
            ("../x", "../x"),
        ] {
            assert_eq!(lexically_normal(Path::new(p)), Path::new(normal), "{p}");
        }
    }
}
