//! Templates (`templates:` in a shared project folder) are untrusted: they cannot read the
//! environment or the clock, hang the build, or abort the process. A runaway template ends the
//! build with exit status 1 and one line naming the template, and writes nothing.
//!
//! Every runaway case runs the `briefly` binary, whose rendering happens in a sandboxed child
//! process (`briefly::render::sandbox`); tests that need the library in-process say so.

use crate::common::*;
use std::path::Path;

/// One error line naming `template` and containing `msg`, and nothing written.
fn assert_one_clear_error(f: &Failed, template: &str, msg: &str) {
    assert_eq!(f.stderr.lines().count(), 1, "{}", f.stderr);
    assert!(f.stderr.starts_with("error: "), "{}", f.stderr);
    assert!(f.stderr.contains(template) && f.stderr.contains(msg), "{}", f.stderr);
    assert!(f.written.is_empty(), "output written: {:?}", f.written.keys());
}

#[test]
fn templates_cannot_read_the_environment() {
    let secret = "s3cr3t-7f1c9e2a-do-not-print";
    let cases = [
        ("brief.md", "md", "{{ get_env(name=\"BRIEFLY_TEST_SECRET\") }}"),
        ("brief.md", "md", "{{ get_env(name=\"BRIEFLY_TEST_SECRET\", default=\"none\") }}"),
        ("brief.html", "html", "<p>{{ get_env(name=\"BRIEFLY_TEST_SECRET\") }}</p>"),
        ("brief.typ", "pdf", "#\"{{ get_env(name=\"BRIEFLY_TEST_SECRET\") }}\""),
    ];
    // The Typst template is rendered only by a build with the PDF engine.
    for (name, format, template) in cases.into_iter().filter(|c| cfg!(feature = "pdf") || c.1 != "pdf") {
        let f = build_failing(&[(name, template)], format, &[("BRIEFLY_TEST_SECRET", secret)]);
        assert_one_clear_error(&f, name, "get_env is not available in briefly templates");
        assert!(!f.stdout.contains(secret) && !f.stderr.contains(secret), "{template}: secret printed");
    }
    // The archive page is a template too.
    let f = build_failing(
        &[("index.html", "{{ get_env(name=\"BRIEFLY_TEST_SECRET\") }}")],
        "html",
        &[("BRIEFLY_TEST_SECRET", secret)],
    );
    assert!(f.stderr.contains("index.html") && f.stderr.contains("get_env is not available"), "{}", f.stderr);
    assert!(!f.stderr.contains(secret) && !f.stdout.contains(secret));
    assert!(!f.written.values().any(|b| String::from_utf8_lossy(b).contains(secret)), "secret written");
    assert!(!f.written.contains_key("index.html"), "{:?}", f.written.keys());
}

#[test]
fn templates_cannot_read_the_clock_or_chance() {
    for (template, msg) in [
        ("{{ now() }}", "now is not available in briefly templates"),
        ("{{ now(timestamp=true) }}", "now is not available in briefly templates"),
        ("{{ get_random(end=10) }}", "get_random is not available in briefly templates"),
    ] {
        let f = build_failing(&[("brief.md", template)], "md", &[]);
        assert_one_clear_error(&f, "brief.md", msg);
    }
}

#[cfg(feature = "pdf")]
#[test]
fn a_typst_loop_that_never_ends_meets_the_deadline() {
    // Ten billion iterations (typst stops a `while` after 10,000, not nested `for`s).
    let template = "#for i in range(100000) { for j in range(100000) { } }\n";
    let f = build_failing(&[("brief.typ", template)], "md,pdf", &[("BRIEFLY_RENDER_TIMEOUT_MS", "1500")]);
    assert_one_clear_error(&f, "brief.typ", "rendering did not finish within 1.5 s");
}

#[test]
fn tera_string_doubling_runs_out_of_memory_cleanly() {
    let template = "{% set_global s = \"x\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}";
    let f = build_failing(&[("brief.md", template)], "md,json", &[("BRIEFLY_RENDER_MEMORY_MB", "512")]);
    assert_one_clear_error(&f, "brief.md", "rendering ran out of memory (limit 512 MiB)");
}

#[cfg(feature = "pdf")]
#[test]
fn typst_string_doubling_runs_out_of_memory_cleanly() {
    let template = "#let s = \"x\"\n#for i in range(64) { s = s + s }\n#s.len()\n";
    let f = build_failing(&[("brief.typ", template)], "md,pdf", &[("BRIEFLY_RENDER_MEMORY_MB", "512")]);
    assert_one_clear_error(&f, "brief.typ", "rendering ran out of memory (limit 512 MiB)");
}

#[cfg(feature = "pdf")]
#[test]
fn a_huge_typst_range_runs_out_of_memory_cleanly() {
    // An array of ten billion integers.
    let template = "#for i in range(10000000000) { }\n";
    let f = build_failing(&[("brief.typ", template)], "pdf", &[("BRIEFLY_RENDER_MEMORY_MB", "512")]);
    assert_one_clear_error(&f, "brief.typ", "rendering ran out of memory (limit 512 MiB)");
}

/// Builds `config` over `input` with the library in this process (no sandbox:
/// `briefly::render::sandbox` is only switched on by the binary) into `out`, with the settings
/// the binary resolves for `--config CONFIG --input INPUT --formats FORMATS --out OUT`.
fn build_in_process(config: &Path, input: &Path, formats: &[briefly::output::Format], out: &Path) {
    let settings = briefly::Settings::new(
        briefly::config::BriefConfig::from_file(config).unwrap(),
        input.to_path_buf(),
        out.to_path_buf(),
        formats.to_vec(),
        config.parent().map(Path::to_path_buf),
    );
    briefly::build(&settings).unwrap();
}

#[test]
fn the_sandbox_renders_the_same_bytes_as_the_library() {
    let fixture = root("tests/fixtures/minimal");
    let (config, input) = (fixture.join("brief.yaml"), fixture.join("articles"));
    let formats = if cfg!(feature = "pdf") { "md,html,pdf,json" } else { "md,html,json" };
    let args =
        ["--config", config.to_str().unwrap(), "--input", input.to_str().unwrap(), "--formats", formats];
    let t = tempfile::tempdir().unwrap();
    let (a, b) = (t.path().join("binary"), t.path().join("library"));
    briefly().args(["build", "-q"]).args(args).arg("--out").arg(&a).assert().success();
    use briefly::output::Format;
    let all = [Format::Md, Format::Html, Format::Pdf, Format::Json];
    let formats: Vec<Format> =
        all.into_iter().filter(|f| cfg!(feature = "pdf") || *f != Format::Pdf).collect();
    build_in_process(&config, &input, &formats, &b);
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.len(), if cfg!(feature = "pdf") { 6 } else { 5 }, "{:?}", fa.keys());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(fb[name] == *bytes, "{name} differs between the sandbox and the library");
    }
}

#[test]
fn the_render_subcommand_is_not_offered() {
    let help = briefly().arg("--help").assert().success().get_output().stdout.clone();
    assert!(!String::from_utf8_lossy(&help).contains("__render"));
    for shell in ["bash", "zsh", "fish"] {
        let out = briefly().args(["completions", shell]).assert().success().get_output().stdout.clone();
        assert!(!String::from_utf8_lossy(&out).contains("__render"), "{shell}");
    }
}
