//! Subcommand drivers: resolve flags and config into settings, call the library, print.
//!
//! In: parsed [`crate::cli`] arguments. Out: files (build) or stdout (summarize), and a short
//! report on stderr. The only module besides `main.rs` that prints.

use crate::cli::{BuildArgs, SummarizeArgs, SummaryFormat};
use crate::config::BriefConfig;
use crate::{Budget, Settings};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Merges flags over the config file into [`Settings`].
pub fn resolve(args: &BuildArgs) -> Result<Settings> {
    let (config, config_path) = match &args.config {
        Some(p) => (BriefConfig::from_file(p)?, p.clone()),
        None => {
            let p = PathBuf::from("brief.yaml");
            if p.exists() { (BriefConfig::from_file(&p)?, p) } else { (BriefConfig::default(), p) }
        }
    };
    let template_dir = match &args.templates {
        Some(d) => Some(d.clone()),
        None => config.templates.as_deref().map(|d| crate::relative_to(&config_path, d)),
    };
    if let Some(d) = &template_dir
        && !d.is_dir()
    {
        anyhow::bail!("template folder `{}` not found", d.display());
    }
    let formats = args.formats.clone().unwrap_or_else(|| config.formats.clone());
    Ok(Settings {
        gazetteer: config.gazetteer.as_deref().map(|g| crate::relative_to(&config_path, g)),
        config,
        input_dir: args.input.clone(),
        output_dir: args.out.clone(),
        formats,
        template_dir,
        source_date_epoch: args.source_date_epoch,
    })
}

/// `briefly build`.
pub fn build(args: &BuildArgs, quiet: bool, verbose: bool) -> Result<()> {
    let settings = resolve(args)?;
    let report = crate::build(&settings)?;
    if verbose {
        for (file, d) in &report.dropped {
            eprintln!("dropped {file}:{} ({}): {}", d.line, d.reason, d.text);
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
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}

fn display(p: &Path) -> String {
    p.display().to_string()
}

/// `briefly summarize`.
pub fn summarize(args: &SummarizeArgs) -> Result<()> {
    let budget = match (args.words, args.sentences) {
        (_, Some(n)) => Budget::Sentences(n),
        (Some(w), None) => Budget::Words(w),
        (None, None) => Budget::Words(100),
    };
    let summary = crate::summarize(&args.paths, budget, !args.whole)?;
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
                out.push_str(&format!(
                    "- {} ({})\n",
                    crate::render::templates::escape_markdown(&s.text),
                    s.file
                ));
            }
        }
        SummaryFormat::Json => {
            out = serde_json::to_string_pretty(&summary)?;
            out.push('\n');
        }
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("failed to write to stdout"),
    }
}
