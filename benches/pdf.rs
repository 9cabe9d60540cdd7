//! Times the in-process PDF compile of the seeds brief: `cargo bench --bench pdf [-- N]`.
//!
//! Analyses `seeds/` with `brief.yaml` once, then renders the PDF (Tera fill + Typst compile +
//! PDF export) N + 1 times in one process: the first run pays for parsing the embedded fonts
//! and filling typst's caches, the next N are warm (what a long-running process pays per
//! rebuild of an unchanged brief, typst's memoization answering most of the work). A third
//! series empties typst's memo cache before each compile (fonts stay parsed): the cost of a
//! warm process compiling a brief it has not seen. Prints min / median / max. Not a test: the
//! figure depends on the machine; the README reports one.

use briefly::config::BriefConfig;
use briefly::render::{self, Format, Templates};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let settings = briefly::Settings::new(
        BriefConfig::from_file(&root.join("brief.yaml"))?,
        root.join("seeds"),
        std::env::temp_dir(),
        vec![Format::Pdf],
        Some(root.clone()),
    );
    let brief = briefly::analyze(&settings)?.brief;
    let templates = Templates::load(None)?;

    let t = Instant::now();
    let first = render::render(&brief, &templates, Format::Pdf, Default::default())?;
    let cold = t.elapsed();
    let mut warm: Vec<Duration> = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let pdf = render::render(&brief, &templates, Format::Pdf, Default::default())?;
        warm.push(t.elapsed());
        assert_eq!(pdf, first, "PDF bytes changed between compiles");
    }
    let mut evicted: Vec<Duration> = Vec::with_capacity(n);
    for _ in 0..n {
        typst::comemo::evict(0);
        let t = Instant::now();
        let pdf = render::render(&brief, &templates, Format::Pdf, Default::default())?;
        evicted.push(t.elapsed());
        assert_eq!(pdf, first, "PDF bytes changed between compiles");
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        format!(
            "min {:.1} ms, median {:.1} ms, max {:.1} ms",
            ms(v[0]),
            ms(v[v.len() / 2]),
            ms(v[v.len() - 1])
        )
    };
    println!(
        "seeds brief PDF ({} bytes, profile {})",
        first.len(),
        if cfg!(debug_assertions) { "debug" } else { "release" }
    );
    println!("  first compile in the process: {:.1} ms", ms(cold));
    println!("  {n} warm compiles:             {}", stats(&mut warm));
    println!("  {n} warm, memo cache emptied:  {}", stats(&mut evicted));
    Ok(())
}
