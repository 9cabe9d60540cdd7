//! Templates: the embedded defaults (`templates/brief.{md,html,typ}` and the archive page
//! `templates/index.html`), user overrides, and the escaping filters that keep article text
//! inert in every format.
//!
//! In: an optional user template folder. Out: [`Templates`], one Tera instance per format, each
//! autoescaping with that format's escaper: HTML entities for `.html`, backslash escapes for
//! `.md`, Typst string literals for `.typ`. Trusted markup only enters through `| safe`.
//! A user file with the same name as a default replaces it; any other file with the format's
//! extension in the user folder is added too, so templates can `{% include %}` partials.
//!
//! User templates are untrusted (a project folder may come from someone else): Tera's
//! `get_env`, `now` and `get_random` are replaced by functions that fail (no reading the
//! environment, and a brief is the same bytes on every build), `range()` is capped, output is
//! capped, and rendering runs under a deadline and, in the binary, in a memory-limited child
//! process ([`super::sandbox`]). [`Templates::sources`] is what that child is sent to rebuild
//! the same [`Templates`] with [`Templates::from_sources`]. What a template renders is
//! post-checked ([`super::guard`]).

use super::Format;
pub use crate::output::{escape_markdown, escape_typst, typst_string};
use anyhow::{Context, Result, anyhow};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;

/// The embedded default templates: (file name, contents).
pub const DEFAULTS: &[(&str, &str)] = &[
    ("brief.md", include_str!("../../templates/brief.md")),
    ("brief.html", include_str!("../../templates/brief.html")),
    ("brief.typ", include_str!("../../templates/brief.typ")),
    ("index.html", include_str!("../../templates/index.html")),
];

/// Loaded templates, one Tera instance per text format. Cloning shares the Tera instances.
#[derive(Clone)]
pub struct Templates {
    md: Arc<Tera>,
    html: Arc<Tera>,
    typ: Arc<Tera>,
    /// Every template: name, text and where it came from (for error messages).
    sources: Arc<Vec<Source>>,
    /// Whether `https:` images, style sheets and fonts may appear in the output
    /// ([`super::guard::ENV_REMOTE`]).
    remote: bool,
}

/// One template as loaded: file name, text, and where it came from (a path, or
/// `<embedded NAME>`), as shown in error messages.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// File name, such as `brief.md` or a partial `part.html`.
    pub name: String,
    /// The template text.
    pub text: String,
    /// Where it came from, for error messages.
    pub origin: String,
}

fn typst_string_filter(
    value: &tera::Value,
    _: &std::collections::HashMap<String, tera::Value>,
) -> tera::Result<tera::Value> {
    let s = match value {
        tera::Value::String(s) => s.clone(),
        tera::Value::Null => String::new(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(typst_string(&s)))
}

fn new_tera(ext: &'static str, escape: fn(&str) -> String) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![ext]);
    tera.set_escape_fn(escape);
    tera.register_filter("typst_string", typst_string_filter);
    tera.register_function("range", capped_range);
    for name in REFUSED_FUNCTIONS {
        tera.register_function(name, move |_: &std::collections::HashMap<String, tera::Value>| {
            Err::<tera::Value, _>(tera::Error::msg(format!("{name} is not available in briefly templates")))
        });
    }
    tera
}

/// Tera functions a template may not call: `get_env` would print the environment (secrets of
/// a CI job) into the brief; `now` and `get_random` would make two builds differ.
pub const REFUSED_FUNCTIONS: [&str; 3] = ["get_env", "now", "get_random"];

/// Most numbers `range()` gives a template: a brief never needs more, and Tera's own `range`
/// would try to build `range(end=1000000000)` in memory and abort the process.
pub const MAX_RANGE: i64 = 100_000;

/// Largest template file read.
pub const MAX_TEMPLATE_BYTES: u64 = 4 * 1024 * 1024;

/// Most bytes one template may render (the largest brief is far smaller).
pub const MAX_OUTPUT: usize = 64 * 1024 * 1024;

/// Tera's `range(start=0, end, step_by=1)` with at most [`MAX_RANGE`] numbers.
fn capped_range(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let int = |key: &str, default: Option<i64>| -> tera::Result<i64> {
        match args.get(key) {
            Some(v) => {
                v.as_i64().ok_or_else(|| tera::Error::msg(format!("range: `{key}` must be an integer")))
            }
            None => default.ok_or_else(|| tera::Error::msg(format!("range: `{key}` is required"))),
        }
    };
    let (start, end, step) = (int("start", Some(0))?, int("end", None)?, int("step_by", Some(1))?);
    if step <= 0 {
        return Err(tera::Error::msg("range: `step_by` must be positive"));
    }
    let count = if end > start { (end - start - 1) / step + 1 } else { 0 };
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "range: {count} numbers is more than the limit of {MAX_RANGE}"
        )));
    }
    Ok(tera::Value::Array((0..count).map(|i| tera::Value::from(start + i * step)).collect()))
}

/// A `Write` into memory that fails past [`MAX_OUTPUT`] bytes.
struct CappedWriter(Vec<u8>);

impl std::io::Write for CappedWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_OUTPUT {
            return Err(std::io::Error::other(format!("output is larger than {} MiB", MAX_OUTPUT >> 20)));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Templates {
    /// The embedded defaults, overridden by files in `user_dir` when given.
    pub fn load(user_dir: Option<&Path>) -> Result<Templates> {
        Templates::load_in(user_dir, None).map(|(t, _)| t)
    }

    /// [`Templates::load`], reading only regular files of `user_dir` (at most
    /// [`MAX_TEMPLATE_BYTES`] each) and skipping, with a warning (returned), links that lead
    /// outside `root` (the project folder).
    pub fn load_in(user_dir: Option<&Path>, root: Option<&Path>) -> Result<(Templates, Vec<String>)> {
        let mut sources: Vec<(String, String, PathBuf)> = DEFAULTS
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string(), PathBuf::from(format!("<embedded {n}>"))))
            .collect();
        let mut warnings = Vec::new();
        if let Some(dir) = user_dir {
            let is_template = |p: &Path| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| ["md", "html", "typ"].iter().any(|e| n.ends_with(&format!(".{e}"))))
            };
            let (files, skipped) = crate::fs::list_files(dir, root, &is_template)
                .with_context(|| format!("template folder `{}` cannot be read", dir.display()))?;
            warnings = skipped;
            for path in files {
                let Some(name) = path.file_name().and_then(|n| n.to_str()).map(str::to_string) else {
                    continue;
                };
                let text = crate::fs::read_text_capped(&path, MAX_TEMPLATE_BYTES)?;
                sources.retain(|(n, _, _)| *n != name);
                sources.push((name, text, path));
            }
        }
        let templates = Templates::from_sources(
            sources
                .into_iter()
                .map(|(name, text, origin)| Source { name, text, origin: origin.display().to_string() })
                .collect(),
        )?
        .allow_remote(super::guard::remote_allowed_by_env());
        Ok((templates, warnings))
    }

    /// Templates from their sources (what [`Templates::load`] read, or what the render child
    /// was sent): refuses templates that would never finish, then parses every one.
    pub fn from_sources(sources: Vec<Source>) -> Result<Templates> {
        let (mut md, mut html, mut typ) = (
            new_tera(".md", escape_markdown),
            new_tera(".html", tera::escape_html),
            new_tera(".typ", escape_typst),
        );
        check_termination(&sources)?;
        for s in &sources {
            let tera = if s.name.ends_with(".md") {
                &mut md
            } else if s.name.ends_with(".html") {
                &mut html
            } else {
                &mut typ
            };
            tera.add_raw_template(&s.name, &s.text)
                .map_err(|e| anyhow!("template `{}`: {}", s.origin, error_chain(&e)))?;
        }
        Ok(Templates {
            md: Arc::new(md),
            html: Arc::new(html),
            typ: Arc::new(typ),
            sources: Arc::new(sources),
            remote: false,
        })
    }

    /// These templates, allowing `https:` images, style sheets and fonts in their output when
    /// `remote` ([`Templates::load`] reads [`super::guard::ENV_REMOTE`]; [`Templates::from_sources`]
    /// allows none).
    pub fn allow_remote(mut self, remote: bool) -> Templates {
        self.remote = remote;
        self
    }

    /// Whether remote resources are allowed (see [`Templates::allow_remote`]).
    pub fn remote_allowed(&self) -> bool {
        self.remote
    }

    /// Every template, as loaded.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Where template `name` came from (its path, or `<embedded NAME>`), for error messages.
    pub fn origin(&self, name: &str) -> String {
        self.sources
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.origin.clone())
            .unwrap_or_else(|| name.to_string())
    }

    /// Renders the `brief.<ext>` template of `format` with `context`, in this process under
    /// the render deadline ([`super::sandbox::with_deadline`]).
    pub fn render(&self, format: Format, context: &tera::Context) -> Result<String> {
        let name = match format {
            Format::Md => "brief.md",
            Format::Html => "brief.html",
            Format::Pdf => "brief.typ",
            Format::Json => return Err(anyhow!("JSON is not rendered from a template")),
        };
        self.render_with(name, context)
    }

    /// Renders the HTML template `name` (such as `index.html`) with `context`, HTML-escaped, in
    /// this process under the render deadline.
    pub fn render_html(&self, name: &str, context: &tera::Context) -> Result<String> {
        self.render_with(name, context)
    }

    /// Renders on a worker thread with a deadline: a template that loops for ever gives an
    /// error, not a hung build.
    fn render_with(&self, name: &str, context: &tera::Context) -> Result<String> {
        let (templates, job_name, context) = (self.clone(), name.to_string(), context.clone());
        super::sandbox::with_deadline(&self.origin(name), move || templates.render_now(&job_name, &context))
    }

    /// Renders template `name` with `context` on this thread, with the output cap
    /// ([`MAX_OUTPUT`]) but no deadline. The Tera instance is chosen by the name's extension
    /// (`.md`, `.html`, `.typ`), which sets the escaping. The output is post-checked
    /// ([`super::guard`]): an HTML page gets briefly's Content-Security-Policy and must be
    /// inert, Markdown must be too; Typst is checked once compiled (`render::pdf`).
    pub fn render_now(&self, name: &str, context: &tera::Context) -> Result<String> {
        let out = self.render_unchecked(name, context)?;
        if name.ends_with(".html") {
            super::guard::html_page(&out, &self.origin(name), self.remote)
        } else if name.ends_with(".md") {
            super::guard::markdown(&out, &self.origin(name), self.remote)?;
            Ok(out)
        } else {
            Ok(out)
        }
    }

    /// [`Templates::render_now`] without the post-check.
    fn render_unchecked(&self, name: &str, context: &tera::Context) -> Result<String> {
        let tera = if name.ends_with(".md") {
            &self.md
        } else if name.ends_with(".html") {
            &self.html
        } else if name.ends_with(".typ") {
            &self.typ
        } else {
            return Err(anyhow!("template `{name}`: not a .md, .html or .typ template"));
        };
        let mut out = CappedWriter(Vec::new());
        tera.render_to(name, context, &mut out)
            .map_err(|e| anyhow!("template `{}`: {}", self.origin(name), error_chain(&e)))?;
        String::from_utf8(out.0).map_err(|_| anyhow!("template `{}`: output is not UTF-8", self.origin(name)))
    }
}

/// Names a template refers to with `{% include %}` (one name or a list), `{% import %}` or
/// `{% extends %}`, in any of Tera's quotes (`"`, `'`, `` ` ``).
fn references(text: &str) -> Vec<String> {
    /// The quoted string at the start of `s`, and what follows it.
    fn quoted(s: &str) -> Option<(&str, &str)> {
        let q = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let end = s[1..].find(q)?;
        Some((&s[1..1 + end], &s[2 + end..]))
    }
    let mut out = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        let Some(rest) =
            ["include", "import", "extends"].iter().find_map(|k| tag.strip_prefix(k)).map(str::trim_start)
        else {
            continue;
        };
        if let Some(mut list) = rest.strip_prefix('[') {
            while let Some((name, after)) = quoted(list.trim_start()) {
                out.push(name.to_string());
                list = after.trim_start().trim_start_matches(',');
            }
        } else if let Some((name, _)) = quoted(rest) {
            out.push(name.to_string());
        }
    }
    out
}

/// The templates needed to render `names`: those, and every template they refer to, directly
/// or not (in their order in `sources`). The render child parses only these.
pub fn needed(sources: &[Source], names: &[&str]) -> Vec<Source> {
    let mut keep: Vec<bool> = sources.iter().map(|s| names.contains(&s.name.as_str())).collect();
    let mut todo: Vec<usize> = (0..sources.len()).filter(|&i| keep[i]).collect();
    while let Some(i) = todo.pop() {
        for r in references(&sources[i].text) {
            if let Some(j) = sources.iter().position(|s| s.name == r)
                && !keep[j]
            {
                keep[j] = true;
                todo.push(j);
            }
        }
    }
    sources.iter().zip(keep).filter(|(_, k)| *k).map(|(s, _)| s.clone()).collect()
}

/// Refuses templates that would never finish rendering (Tera would recurse until the stack
/// overflows and the process aborts): include/import/extends cycles, and macros that call
/// themselves.
fn check_termination(sources: &[Source]) -> Result<()> {
    let refs: Vec<(usize, Vec<usize>)> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let to = references(&s.text)
                .iter()
                .filter_map(|r| sources.iter().position(|s| s.name == *r))
                .collect();
            (i, to)
        })
        .collect();
    // Depth-first search for a cycle: 0 = unvisited, 1 = on the path, 2 = done.
    fn visit(
        i: usize,
        refs: &[(usize, Vec<usize>)],
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[i] = 1;
        path.push(i);
        for &j in &refs[i].1 {
            if state[j] == 1 {
                let start = path.iter().position(|&p| p == j).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(j);
                return Some(cycle);
            }
            if state[j] == 0
                && let Some(c) = visit(j, refs, state, path)
            {
                return Some(c);
            }
        }
        path.pop();
        state[i] = 2;
        None
    }
    let mut state = vec![0u8; sources.len()];
    for i in 0..sources.len() {
        if state[i] == 0
            && let Some(cycle) = visit(i, &refs, &mut state, &mut Vec::new())
        {
            let names: Vec<&str> = cycle.iter().map(|&k| sources[k].name.as_str()).collect();
            anyhow::bail!(
                "template `{}`: include cycle {} (rendering would never finish)",
                sources[cycle[0]].origin,
                names.join(" → ")
            );
        }
    }
    for Source { text, origin, .. } in sources {
        for (at, _) in text.match_indices("{%") {
            let tag = text[at + 2..].trim_start_matches('-').trim_start();
            let Some(rest) = tag.strip_prefix("macro") else { continue };
            let name: String =
                rest.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let body = text[at..].split("endmacro").next().unwrap_or("");
            if !name.is_empty() && body.contains(&format!("::{name}(")) {
                anyhow::bail!(
                    "template `{origin}`: macro `{name}` calls itself; recursive macros are not supported (rendering might never finish)"
                );
            }
        }
    }
    Ok(())
}

/// Tera's error and all its causes on one line.
fn error_chain(err: &tera::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.iter().map(|p| tidy_parse_error(p)).collect::<Vec<_>>().join(": ")
}

/// Tera's parser errors are multi-line pest reports (`--> 1:14 | … = expected …`); make them
/// one line: `line 1, column 14: expected …`.
fn tidy_parse_error(msg: &str) -> String {
    if let Some(pos) = msg.find("--> ")
        && let Some((line, col)) = msg[pos + 4..].split_whitespace().next().and_then(|l| l.split_once(':'))
    {
        let detail = msg.rsplit("= ").next().unwrap_or("").trim();
        return format!("line {line}, column {col}: {detail}");
    }
    msg.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_table() {
        let cases = [
            ("plain text, U.S. style.", "plain text, U.S. style."),
            ("*b* _i_ `c`", "\\*b\\* \\_i\\_ \\`c\\`"),
            ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
            ("# not a heading", "\\# not a heading"),
            ("- not a list", "\\- not a list"),
            ("12. not a list", "12\\. not a list"),
            ("[link](x) ![img](y)", "\\[link\\](x) \\!\\[img\\](y)"),
            ("a\nb", "a b"),
            ("{{ x }} {% if %}", "\\{\\{ x \\}\\} \\{% if %\\}"),
            ("&amp; 5 - 3", "\\&amp; 5 - 3"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_markdown(input), want, "{input}");
        }
    }

    #[test]
    fn markdown_escaping_renders_literally() {
        let hostile =
            "<script>alert(1)</script> *b* [x](javascript:y) #panic(\"x\") $x$ @ref <label> {{ x }}";
        let md = escape_markdown(hostile);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&md));
        assert!(!html.contains("<script") && !html.contains("<em>") && !html.contains("<a "), "{html}");
        assert!(html.contains("*b*") && html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn typst_escaping_table() {
        assert_eq!(escape_typst("plain"), "#\"plain\";");
        assert_eq!(escape_typst("a \"q\" \\ b"), "#\"a \\\"q\\\" \\\\ b\";");
        assert_eq!(escape_typst("x\ny"), "#\"x\\ny\";");
        assert_eq!(escape_typst("#panic(\"x\") $x$ // c /* d"), "#\"#panic(\\\"x\\\") $x$ // c /* d\";");
        assert_eq!(escape_typst("\u{1}"), "#\"\\u{1}\";");
        assert_eq!(typst_string("a \"b\""), "\"a \\\"b\\\"\"");
    }

    #[test]
    fn templates_that_never_finish_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("brief.md"), "{% include \"brief.md\" %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("include cycle brief.md → brief.md"), "{err}");
        std::fs::write(dir.path().join("brief.md"), "{% include \"part.md\" %}").unwrap();
        std::fs::write(dir.path().join("part.md"), "x {%- include 'brief.md' %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("include cycle"), "{err}");
        std::fs::write(dir.path().join("part.md"), "{% macro f(n) %}{{ self::f(n=n+1) }}{% endmacro f %}")
            .unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("macro `f` calls itself"), "{err}");
        std::fs::write(dir.path().join("part.md"), "{% macro f(n) %}{{ n }}{% endmacro f %}").unwrap();
        assert!(Templates::load(Some(dir.path())).is_ok());
    }

    #[test]
    fn environment_clock_and_chance_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        for name in REFUSED_FUNCTIONS {
            for ext in ["md", "html", "typ"] {
                std::fs::write(
                    dir.path().join(format!("brief.{ext}")),
                    format!("{{{{ {name}(name=\"PATH\") }}}}"),
                )
                .unwrap();
            }
            let t = Templates::load(Some(dir.path())).unwrap();
            for format in [Format::Md, Format::Html, Format::Pdf] {
                let err = t.render(format, &tera::Context::new()).unwrap_err().to_string();
                assert!(err.ends_with(&format!("{name} is not available in briefly templates")), "{err}");
            }
        }
    }

    #[test]
    fn references_in_every_form() {
        let text = "{% extends 'base.html' %}{%- import \"m.html\" as m %}{% include `a.html` %}\
                    {% include [\"b.html\", 'c.html' ,`d.html`] ignore missing %}{{ include }}{% if x %}";
        assert_eq!(references(text), ["base.html", "m.html", "a.html", "b.html", "c.html", "d.html"]);
        // A cycle through a list is refused like any other.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("brief.md"), "{% include [\"none.md\", \"brief.md\"] %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("include cycle brief.md → brief.md"), "{err}");
    }

    #[test]
    fn needed_follows_references() {
        let source = |name: &str, text: &str| Source {
            name: name.to_string(),
            text: text.to_string(),
            origin: format!("<{name}>"),
        };
        let sources = vec![
            source("brief.md", "x"),
            source("part.html", "{% import 'macros.html' as m %}"),
            source("index.html", "{% include [\"gone.html\", \"part.html\"] %}"),
            source("macros.html", "{% macro f() %}{% endmacro f %}"),
            source("brief.html", "y"),
        ];
        let names = |v: Vec<Source>| v.into_iter().map(|s| s.name).collect::<Vec<_>>();
        assert_eq!(names(needed(&sources, &["index.html"])), ["part.html", "index.html", "macros.html"]);
        assert_eq!(names(needed(&sources, &["brief.md", "brief.html"])), ["brief.md", "brief.html"]);
    }

    #[test]
    fn user_template_overrides_default_and_errors_name_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("brief.md"), "custom {{ title }}").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("title", "*x*");
        assert_eq!(t.render(Format::Md, &ctx).unwrap(), "custom \\*x\\*");

        std::fs::write(dir.path().join("brief.html"), "{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap().to_string();
        assert!(err.contains("brief.html"), "{err}");
    }
}
