//! What briefly writes: the output formats and how untrusted text is escaped for each.
//!
//! In: a format name or a piece of text. Out: [`Format`] (`md`, `html`, `pdf`, `json`, with its
//! file extension) and the escapers that keep article text inert: Markdown backslash escapes
//! ([`escape_markdown`]) and Typst string literals ([`escape_typst`], [`typst_string`]); HTML
//! is escaped by Tera's own escaper. A bottom module: the config, the stages, `diff` and
//! `render` all use it, and it uses nothing of theirs.

use serde::{Deserialize, Serialize};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// Escapes text for CommonMark so it renders literally: backslash before the characters that
/// start inline markup or raw HTML anywhere in a line, and before characters that would make
/// the text a block (list item, heading, quote, thematic break) at the start of a line.
/// Line breaks become spaces, so a value can never start a new block.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\r' => {
                out.push(' ');
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' | '{' | '}'
            | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if at_line_start => {
                // "1. text" / "1) text" would start an ordered list.
                out.push(c);
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() {
                        out.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if let Some(&p) = chars.peek()
                    && (p == '.' || p == ')')
                {
                    out.push('\\');
                }
            }
            _ => out.push(c),
        }
        at_line_start = false;
    }
    out
}

/// Makes `text` a Typst string literal in markup mode: `#"…";`. The content is shown verbatim
/// (no markup, math, references or code), and the `;` ends the expression so following
/// template text cannot extend it.
pub fn escape_typst(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 5);
    out.push_str("#\"");
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\";");
    out
}

/// A Typst string literal for code mode (`"…"`, no `#`), for arguments such as
/// `document(title: …)`. Used as `{{ value | typst_string | safe }}`.
pub fn typst_string(text: &str) -> String {
    let lit = escape_typst(text);
    lit[1..lit.len() - 1].to_string()
}
