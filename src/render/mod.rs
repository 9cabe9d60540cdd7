//! Stage 6, render: `Brief` → file contents, and writing them.
//!
//! In: a [`Brief`], loaded [`Templates`] and the formats wanted. Out: one byte buffer per
//! format (`brief.md`, `brief.html`, `brief.pdf`, `brief.json`); [`write_all`] renders every
//! format first and only then replaces the brief's folder in one step
//! ([`crate::fs::write_dir_atomic`]), so a failing template or PDF compile, or a killed build,
//! leaves the previous brief untouched. [`site`] renders the archive of all briefs
//! (`index.html`, `feed.xml`).

#[cfg(feature = "pdf")]
pub mod pdf;
pub mod site;
pub mod templates;
#[cfg(feature = "pdf")]
pub mod typst_world;

use crate::brief::Brief;
use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
pub use templates::Templates;

/// An output format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Markdown (`brief.md`).
    Md,
    /// Self-contained HTML page (`brief.html`).
    Html,
    /// PDF via embedded Typst (`brief.pdf`).
    Pdf,
    /// The `Brief` model as JSON (`brief.json`).
    Json,
}

impl Format {
    /// Every format, in writing order.
    pub const ALL: [Format; 4] = [Format::Md, Format::Html, Format::Pdf, Format::Json];

    /// File extension without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }
}

/// Renders one format to bytes.
pub fn render(brief: &Brief, templates: &Templates, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Json => {
            let mut json = serde_json::to_string_pretty(brief).context("failed to serialize the brief")?;
            json.push('\n');
            Ok(json.into_bytes())
        }
        Format::Md | Format::Html => {
            let ctx = tera::Context::from_serialize(brief).context("failed to build template context")?;
            Ok(templates.render(format, &ctx)?.into_bytes())
        }
        Format::Pdf => render_pdf(brief, templates),
    }
}

/// The Typst source of the brief (the filled `brief.typ`).
pub fn typst_source(brief: &Brief, templates: &Templates) -> Result<String> {
    let ctx = tera::Context::from_serialize(brief).context("failed to build template context")?;
    templates.render(Format::Pdf, &ctx)
}

#[cfg(feature = "pdf")]
fn render_pdf(brief: &Brief, templates: &Templates) -> Result<Vec<u8>> {
    let source = typst_source(brief, templates)?;
    pdf::compile(source, brief.date, &brief.method.input_hash, brief.pdf.standard)
}

#[cfg(not(feature = "pdf"))]
fn render_pdf(_brief: &Brief, _templates: &Templates) -> Result<Vec<u8>> {
    anyhow::bail!("this build of briefly has no PDF support (built without the `pdf` feature)")
}

/// Renders every format in memory, then replaces `dir` with them in one step
/// ([`crate::fs::write_dir_atomic`]: a symbolic link at `dir` is refused, only regular files of
/// the old folder are kept). Returns the paths.
pub fn write_all(
    brief: &Brief,
    templates: &Templates,
    formats: &[Format],
    dir: &Path,
) -> Result<Vec<PathBuf>> {
    write_all_with(brief, templates, formats, dir, &|| {})
}

/// [`write_all`], calling `rendered_one` after each format is rendered.
pub fn write_all_with(
    brief: &Brief,
    templates: &Templates,
    formats: &[Format],
    dir: &Path,
    rendered_one: &dyn Fn(),
) -> Result<Vec<PathBuf>> {
    let mut rendered = Vec::new();
    for &f in formats {
        let bytes =
            render(brief, templates, f).with_context(|| format!("failed to render {}", f.extension()))?;
        rendered.push((format!("brief.{}", f.extension()), bytes));
        rendered_one();
    }
    crate::fs::write_dir_atomic(dir, &rendered)?;
    Ok(rendered.into_iter().map(|(name, _)| dir.join(name)).collect())
}
