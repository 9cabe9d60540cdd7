//! Stage 6, render: `Brief` → file contents, and writing them.
//!
//! In: a [`Brief`], loaded [`Templates`] and the formats wanted. Out: one byte buffer per
//! format (`brief.md`, `brief.html`, `brief.pdf`, `brief.json`); [`write_all`] renders every
//! format first and only then replaces the brief's folder in one step
//! ([`crate::fs::write_dir_atomic`]), so a failing template or PDF compile, or a killed build,
//! leaves the previous brief untouched. [`site`] renders the archive of all briefs
//! (`index.html`, `feed.xml`). Template code (Tera, and Typst through `brief.typ`) runs as
//! [`sandbox`] jobs: under one deadline for the whole build ([`Deadline`]), and in the binary in
//! one memory-limited child process per [`write_all`] and per archive. What templates make is
//! post-checked ([`guard`]): HTML pages get briefly's Content-Security-Policy and, like
//! Markdown, must be inert; PDF links must be `http`, `https` or `mailto`.

pub mod guard;
pub mod introduction;
#[cfg(feature = "pdf")]
pub mod pdf;
pub mod sandbox;
pub mod site;
pub mod templates;
#[cfg(feature = "pdf")]
pub mod typst_world;
pub mod view;

use crate::brief::Brief;
use crate::config::PdfConfig;
use anyhow::{Context, Result};
pub use sandbox::Deadline;
use std::path::{Path, PathBuf};
pub use templates::Templates;

pub use crate::output::Format;

/// Renders one format to bytes (as a [`sandbox`] job for the template formats).
pub fn render(brief: &Brief, templates: &Templates, format: Format, pdf: PdfConfig) -> Result<Vec<u8>> {
    let mut out = render_formats(brief, templates, &[format], pdf, Deadline::start(), &|| {})?;
    Ok(out.pop().unwrap_or_default())
}

fn render_json(brief: &Brief) -> Result<Vec<u8>> {
    let mut json = serde_json::to_string_pretty(brief).context("failed to serialize the brief")?;
    json.push('\n');
    Ok(json.into_bytes())
}

/// Renders `formats`, in order: JSON here, the template formats as [`sandbox`] jobs in one
/// [`sandbox::run`] (one child process in the binary), all before `deadline`. Calls
/// `rendered_one` after each format; an error names the format that failed.
fn render_formats(
    brief: &Brief,
    templates: &Templates,
    formats: &[Format],
    pdf: PdfConfig,
    deadline: Deadline,
    rendered_one: &dyn Fn(),
) -> Result<Vec<Vec<u8>>> {
    let failed = |f: Format| format!("failed to render {}", f.extension());
    let mut out: Vec<Option<Vec<u8>>> = vec![None; formats.len()];
    let mut jobs = Vec::new();
    let mut job_slots = Vec::new();
    for (i, &f) in formats.iter().enumerate() {
        match f {
            Format::Json => {
                out[i] = Some(render_json(brief).with_context(|| failed(f))?);
                rendered_one();
                continue;
            }
            Format::Pdf => jobs.push(pdf_job(brief, pdf).with_context(|| failed(f))?),
            Format::Md | Format::Html => {
                jobs.push(sandbox::Job::Tera { template: format!("brief.{}", f.extension()) })
            }
        }
        job_slots.push(i);
    }
    if !jobs.is_empty() {
        let context = view::context(brief)?;
        let rendered = sandbox::run(templates, context, jobs, deadline, &mut || rendered_one())
            .map_err(|(j, e)| e.context(failed(formats[job_slots[j]])))?;
        for (slot, bytes) in job_slots.into_iter().zip(rendered) {
            out[slot] = Some(bytes);
        }
    }
    Ok(out.into_iter().map(Option::unwrap_or_default).collect())
}

#[cfg(feature = "pdf")]
fn pdf_job(brief: &Brief, pdf: PdfConfig) -> Result<sandbox::Job> {
    Ok(sandbox::Job::Pdf { date: brief.date, ident: brief.method.input_hash.clone(), standard: pdf.standard })
}

#[cfg(not(feature = "pdf"))]
fn pdf_job(_brief: &Brief, _pdf: PdfConfig) -> Result<sandbox::Job> {
    anyhow::bail!("this build of briefly has no PDF support (built without the `pdf` feature)")
}

/// The Typst source of the brief (the filled `brief.typ`).
pub fn typst_source(brief: &Brief, templates: &Templates) -> Result<String> {
    let ctx =
        tera::Context::from_serialize(view::context(brief)?).context("failed to build template context")?;
    templates.render(Format::Pdf, &ctx)
}

/// Renders every format in memory, then replaces `dir` with them in one step
/// ([`crate::fs::write_dir_atomic`]: a symbolic link at `dir` is refused, only regular files of
/// the old folder are kept). Returns the paths.
pub fn write_all(
    brief: &Brief,
    templates: &Templates,
    formats: &[Format],
    dir: &Path,
    pdf: PdfConfig,
) -> Result<Vec<PathBuf>> {
    write_all_with(brief, templates, formats, dir, pdf, Deadline::start(), &|| {})
}

/// [`write_all`], rendering before `deadline` (a build's one render deadline, shared with its
/// archive) and calling `rendered_one` after each format is rendered.
pub fn write_all_with(
    brief: &Brief,
    templates: &Templates,
    formats: &[Format],
    dir: &Path,
    pdf: PdfConfig,
    deadline: Deadline,
    rendered_one: &dyn Fn(),
) -> Result<Vec<PathBuf>> {
    let rendered: Vec<(String, Vec<u8>)> = formats
        .iter()
        .map(|f| format!("brief.{}", f.extension()))
        .zip(render_formats(brief, templates, formats, pdf, deadline, rendered_one)?)
        .collect();
    crate::fs::write_dir_atomic(dir, &rendered)?;
    Ok(rendered.into_iter().map(|(name, _)| dir.join(name)).collect())
}
