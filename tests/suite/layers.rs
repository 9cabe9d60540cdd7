//! The layer rule of `docs/architecture.md`, checked on the source: every `crate::module` a
//! library file names (outside comments and its tests) is on a line below the file's own module
//! in the layer drawing of that page, or both are at the bottom. The drawing is read from the
//! page itself, so the page and the code cannot drift apart.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layer of each module, read from the ```text block under "The rule" in
/// docs/architecture.md: 0 for the top line, counting down; the last line is the bottom.
fn layers() -> (BTreeMap<String, usize>, usize) {
    let doc = std::fs::read_to_string("docs/architecture.md").expect("docs/architecture.md");
    let rule = doc.split("## The rule").nth(1).expect("a section `The rule`");
    let block = rule.split("```text").nth(1).and_then(|b| b.split("```").next()).expect("its ```text block");
    let mut layer = BTreeMap::new();
    let mut bottom = 0;
    for (i, line) in block.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        // Module names, then two or more spaces and a comment.
        let names = line.split("  ").next().unwrap_or("");
        for name in names.split('·') {
            layer.insert(name.trim().to_string(), i);
        }
        bottom = i;
    }
    (layer, bottom)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("read src").map(|e| e.expect("entry").path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The `crate::name` references of a source text, leaving out comments and everything from
/// the first `#[cfg(test)]` on.
fn references(text: &str) -> Vec<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or("");
    let mut out = Vec::new();
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        for (at, _) in line.match_indices("crate::") {
            let name: String =
                line[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn modules_import_only_layers_below_their_own() {
    let (layer, bottom) = layers();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix("src").expect("under src");
        let module =
            rel.iter().next().and_then(|c| c.to_str()).unwrap_or("").trim_end_matches(".rs").to_string();
        // The binary's own files name the library as `briefly::`, not `crate::`.
        if matches!(module.as_str(), "main" | "cli" | "cmd" | "bin") {
            continue;
        }
        let Some(&own) = layer.get(&module) else {
            wrong.push(format!("{}: module `{module}` is not in the drawing", f.display()));
            continue;
        };
        let text = std::fs::read_to_string(f).expect("read source");
        for name in references(&text) {
            if name == module {
                continue;
            }
            match layer.get(&name) {
                None => wrong.push(format!("{}: `crate::{name}` is not in the drawing", f.display())),
                Some(&l) if l > own || (l == bottom && own == bottom) => {}
                Some(_) => {
                    wrong.push(format!("{}: `{module}` imports `{name}`, which is not below it", f.display()))
                }
            }
        }
    }
    assert!(wrong.is_empty(), "docs/architecture.md's layer rule is broken:\n{}", wrong.join("\n"));
}

#[test]
fn every_module_of_the_library_is_drawn() {
    let (layer, _) = layers();
    let lib = std::fs::read_to_string("src/lib.rs").expect("src/lib.rs");
    for line in lib.lines() {
        if let Some(name) = line.strip_prefix("pub mod ").or_else(|| line.strip_prefix("mod ")) {
            let name = name.trim_end_matches(';');
            assert!(
                layer.contains_key(name),
                "module `{name}` of src/lib.rs is missing from docs/architecture.md"
            );
        }
    }
}

#[test]
fn references_skip_comments_and_tests() {
    let text = "use crate::text;\n// crate::render in a comment\nfn f() { crate::date::Date::parse(\"x\"); }\n#[cfg(test)]\nmod tests { use crate::render; }\n";
    assert_eq!(references(text), ["text", "date"]);
}
