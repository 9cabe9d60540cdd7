//! Times the in-process PDF compile of the seeds brief: `cargo bench --bench pdf [-- N]`.
//!
//! Analyses `seeds/` with `brief.yaml` once, then renders the PDF (Tera fill + Typst compile +
//! PDF export) N + 1 times in one process: the first run pays for parsing the embedded fonts
//! and filling typst's caches, the next N are warm (what a long-running process pays per
//! rebuild). Prints the first and the min / median / max of the warm runs. Not a test: the
//! figure depends on the machine; the README reports one.

use briefly::config::BriefConfig;
use briefly::render::{self, Format, Templates};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(20).max(1);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let settings = briefly::Settings {
        config: BriefConfig::from_file(&root.join("brief.yaml"))?,
        input_dir: root.join("seeds"),
        output_dir: std::env::temp_dir(),
        formats: vec![Format::Pdf],
        template_dir: None,
        gazetteer: None,
        source_date_epoch: None,
    };
    let (brief, _) = briefly::analyze(&settings)?;
    let templates = Templates::load(None)?;

    let t = Instant::now();
    let first = render::render(&brief, &templates, Format::Pdf)?;
    let cold = t.elapsed();
    let mut warm: Vec<Duration> = Vec::with_capacity(n);
    for _ in 0..n {
        let t = Instant::now();
        let pdf = render::render(&brief, &templates, Format::Pdf)?;
        warm.push(t.elapsed());
        assert_eq!(pdf, first, "PDF bytes changed between compiles");
    }
    warm.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "seeds brief PDF ({} bytes, profile {}): first compile {:.1} ms; {n} warm compiles: min {:.1} ms, median {:.1} ms, max {:.1} ms",
        first.len(),
        if cfg!(debug_assertions) { "debug" } else { "release" },
        ms(cold),
        ms(warm[0]),
        ms(warm[n / 2]),
        ms(warm[n - 1]),
    );
    Ok(())
}
