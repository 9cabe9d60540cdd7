//! PDF output: the brief's Typst source (from `brief.typ`) compiled in-process with typst.
//!
//! In: the Typst source text produced by the template, the brief date, a stable identifier and
//! the optional PDF standard. Out: PDF bytes, tagged (typst's default), PDF/A-2b when asked.
//! Deterministic: embedded fonts only, `today()` and the document date fixed to the brief date,
//! no timestamp passed to typst-pdf, and a stable document identifier.
//!
//! `brief.typ` may come from someone else: the world reads no file and no network
//! ([`super::typst_world`]), and every link of the compiled document must pass
//! [`crate::url::safe_url`] (`http`, `https` or `mailto`): a `#link("javascript:…")` or
//! `#link("file:///etc/passwd")` ends the render with an error naming the template.

use super::typst_world::BriefWorld;
use crate::config::PdfStandard;
use crate::date::Date;
use anyhow::{Result, anyhow};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst::layout::{Frame, FrameItem};
use typst::model::Destination;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandards};

/// Compiles Typst source (from template `origin`) to PDF bytes. Errors carry the line in the
/// generated source; a link other than `http`, `https` or `mailto` is an error naming `origin`.
pub fn compile(
    source: String,
    date: Date,
    ident: &str,
    standard: Option<PdfStandard>,
    origin: &str,
) -> Result<Vec<u8>> {
    let world = BriefWorld::new(source, date);
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned.output.map_err(|errs| diagnostics_error(&world, &errs))?;
    for page in document.pages() {
        if let Some(url) = bad_link(&page.frame) {
            let shown: String = url.chars().take(80).flat_map(char::escape_debug).collect();
            return Err(anyhow!(
                "template `{origin}`: the PDF would link to `{shown}` (links may be http, https or mailto)"
            ));
        }
    }
    let standards = match standard {
        None => PdfStandards::default(),
        Some(PdfStandard::A2b) => PdfStandards::new(&[typst_pdf::PdfStandard::A_2b])
            .map_err(|e| anyhow!("PDF/A-2b is not available: {}", e.message()))?,
    };
    let options = PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some(format!(
            "briefly {} (Typst {})",
            env!("CARGO_PKG_VERSION"),
            typst::utils::version().raw()
        ))),
        standards,
        tagged: true,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errs| diagnostics_error(&world, &errs))
}

/// The first link in `frame` (and its groups) that [`crate::url::safe_url`] refuses.
fn bad_link(frame: &Frame) -> Option<String> {
    frame.items().find_map(|(_, item)| match item {
        FrameItem::Group(group) => bad_link(&group.frame),
        FrameItem::Link(Destination::Url(url), _) if crate::url::safe_url(url).is_none() => {
            Some(url.to_string())
        }
        _ => None,
    })
}

fn diagnostics_error(world: &BriefWorld, diags: &[SourceDiagnostic]) -> anyhow::Error {
    let parts: Vec<String> = diags
        .iter()
        .map(|d| {
            let line = world
                .range(d.span)
                .and_then(|r| world.source_text().lines().byte_to_line(r.start))
                .map(|l| format!("line {}: ", l + 1))
                .unwrap_or_default();
            let hints: String = d.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
            format!("{line}{}{hints}", d.message)
        })
        .collect();
    anyhow!("typst failed to compile the brief: {}", parts.join("; "))
}
