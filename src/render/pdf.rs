//! PDF output: the brief's Typst source (from `brief.typ`) compiled in-process with typst.
//!
//! In: the Typst source text produced by the template and the brief date. Out: PDF bytes.
//! Deterministic: embedded fonts only, `today()` and the document date fixed to the brief date,
//! no timestamp passed to typst-pdf, and a stable document identifier.

use super::typst_world::BriefWorld;
use crate::date::Date;
use anyhow::{Result, anyhow};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::Smart;
use typst_layout::PagedDocument;
use typst_pdf::PdfOptions;

/// Compiles Typst source to PDF bytes. Errors carry the line in the generated source.
pub fn compile(source: String, date: Date, ident: &str) -> Result<Vec<u8>> {
    let world = BriefWorld::new(source, date);
    let warned = typst::compile::<PagedDocument>(&world);
    let document = warned.output.map_err(|errs| diagnostics_error(&world, &errs))?;
    let options = PdfOptions { ident: Smart::Custom(ident.to_string()), ..PdfOptions::default() };
    typst_pdf::pdf(&document, &options).map_err(|errs| diagnostics_error(&world, &errs))
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
