//! Cleaning: drop the non-article lines saved pages carry.
//!
//! In: an article's title and body blocks. Out: the blocks to keep and a list of [`Dropped`]
//! lines with the reason (shown by `briefly build -v`). Dropped: photo captions
//! (`Marco Rubio (Photo: Aaron Schwartz/EPA)`, `ARCHIVE – … Photo: …`, `General view of …`),
//! credit lines (`Source: Keystone`, a lone `Reuters`), bylines (`By Aghakazim Guliyev`), `Tags`
//! lines, and a live-blog header that repeats the title as the first paragraph. Only whole short
//! lines are dropped, never part of a paragraph, so article sentences are not lost.

use super::Block;
use serde::Serialize;

/// A line removed from an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// 1-based line in the source file; 0 for a metadata field (title, outlet, author) whose
    /// control characters were removed (see `ingest::finish`).
    pub line: usize,
    /// The line's text (for removed control characters: as it was, with them shown as
    /// `\u{…}` escapes).
    pub text: String,
    /// Why it was dropped.
    pub reason: &'static str,
}

/// Agencies and picture desks whose name alone on a line is a credit.
const CREDITS: &[&str] = &[
    "AFP",
    "AP",
    "Associated Press",
    "dpa",
    "EPA",
    "Getty",
    "Getty Images",
    "Keystone",
    "Reuters",
    "Shutterstock",
    "TASS",
    "Xinhua",
];

/// Markers that make a line a photo caption wherever they appear.
const CAPTION_MARKERS: &[&str] = &[
    "(Photo:",
    "Photo:",
    "Photograph:",
    "(Photo by",
    "Picture:",
    "Image:",
    "Credit:",
    "Foto:",
    "Getty Images",
];

/// Openings of caption lines.
const CAPTION_STARTS: &[&str] = &[
    "ARCHIVE –",
    "ARCHIVE -",
    "ARCHIVE —",
    "FILE PHOTO",
    "FILE –",
    "FILE -",
    "General view of",
    "Pictured:",
];

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
thread_local! {
    /// Bytes of the file read to number dropped lines, on this thread (tests count them).
    static SCANNED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Why `text` is not article text, if it is not.
pub fn classify(text: &str, title: &str, first: bool) -> Option<&'static str> {
    let t = text.trim();
    let n = crate::text::word_count(t);
    if n <= 40 && CAPTION_MARKERS.iter().any(|m| t.contains(m)) {
        return Some("photo caption");
    }
    if n <= 40 && CAPTION_STARTS.iter().any(|s| t.starts_with(s)) {
        return Some("photo caption");
    }
    if n <= 8 && (t.starts_with("Source:") || t.starts_with("Sources:")) {
        return Some("credit line");
    }
    let bare = t.trim_end_matches(['.', ':']);
    if n <= 3 && CREDITS.iter().any(|c| bare == *c || bare.starts_with(&format!("{c}/"))) {
        return Some("credit line");
    }
    if n <= 6
        && let Some(name) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY "))
        && name.split_whitespace().all(|w| w.starts_with(|c: char| c.is_uppercase()) || w == "and")
        && !name.trim_end().ends_with('.')
    {
        return Some("byline");
    }
    if t == "Tags" || t.starts_with("Tags:") || t == "TAGS" || t == "Topics" || t.starts_with("Topics:") {
        return Some("tags");
    }
    if first && !title.is_empty() && n <= 30 {
        let (nt, nb) = (normalise(title), normalise(t));
        if nt == nb || (nb.len() > 20 && nt.ends_with(&nb)) {
            return Some("repeated headline");
        }
    }
    None
}

/// A title without a live-blog marker (`live NATO …` → `NATO …`, `LIVE: …` → `…`).
pub fn clean_title(title: &str) -> String {
    let t = title.trim();
    for prefix in ["LIVE:", "Live:", "LIVE –", "LIVE -", "LIVE ", "live "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let rest = rest.trim_start();
            if rest.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
                return rest.to_string();
            }
        }
    }
    t.to_string()
}

/// Splits blocks into kept and dropped; `source` is the file text (for line numbers).
pub fn clean(blocks: Vec<Block>, title: &str, source: &str) -> (Vec<Block>, Vec<Dropped>) {
    let mut kept = Vec::with_capacity(blocks.len());
    let mut dropped = Vec::new();
    // Lines are counted on from the last dropped line (blocks come in file order), so a file
    // of many dropped lines is read once, not once per line.
    let (mut counted_to, mut newlines) = (0, 0);
    for block in blocks {
        let first = kept.is_empty();
        match classify(&block.text, title, first) {
            Some(reason) => {
                let at = block.source_offset(0).min(source.len());
                if at < counted_to {
                    (counted_to, newlines) = (0, 0);
                }
                newlines += source.as_bytes()[counted_to..at].iter().filter(|&&b| b == b'\n').count();
                #[cfg(test)]
                SCANNED.with(|c| c.set(c.get() + (at - counted_to) as u64));
                counted_to = at;
                let line = newlines + 1;
                dropped.push(Dropped { line, text: block.text.trim().to_string(), reason });
            }
            None => kept.push(block),
        }
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_non_article_lines() {
        let title = "live Ministers meet at the alliance headquarters";
        let cases = [
            ("Jane Doe (Photo: John Roe/EPA)", "photo caption"),
            (
                "ARCHIVE – The minister speaks to reporters in Brussels. Photo: A. Person/Pool AP/dpa",
                "photo caption",
            ),
            ("General view of the council meeting in Brussels, Belgium, 3 December 2025.", "photo caption"),
            ("Source: Keystone", "credit line"),
            ("Reuters", "credit line"),
            ("By Aghakazim Guliyev", "byline"),
            ("Tags", "tags"),
        ];
        for (text, reason) in cases {
            assert_eq!(classify(text, title, false), Some(reason), "{text}");
        }
        assert_eq!(
            classify("Ministers meet at the alliance headquarters", title, true),
            Some("repeated headline")
        );
    }

    #[test]
    fn keeps_article_sentences() {
        let title = "Ministers meet";
        for text in [
            "By Friday, the ministers had agreed on a plan.",
            "Source: officials said the talks would resume, according to three people familiar with them.",
            "Reuters reported that the minister would not attend.",
            "The photo agency said its pictures showed damage to the rail line.",
            "Ministers meet",
            "Tags were attached to every crate at the port.",
        ] {
            assert_eq!(classify(text, title, false), None, "{text}");
        }
    }

    #[test]
    fn live_markers_leave_titles() {
        assert_eq!(clean_title("live NATO foreign ministers meet"), "NATO foreign ministers meet");
        assert_eq!(clean_title("LIVE: Talks resume"), "Talks resume");
        assert_eq!(clean_title("live music returns to the city"), "live music returns to the city");
    }

    #[test]
    fn many_dropped_lines_are_numbered_in_one_read() {
        let read = |n: usize| {
            let text = format!("Title\n\nThe body sentence is here.\n\n{}", "Reuters\n\n".repeat(n));
            SCANNED.with(|c| c.set(0));
            let a = crate::ingest::parse_article("a.txt", &text, None).unwrap();
            assert_eq!(a.dropped.len(), n);
            assert_eq!(a.dropped.last().map(|d| d.line), Some(5 + 2 * (n - 1)));
            SCANNED.with(|c| c.get())
        };
        let (small, large) = (read(1000), read(4000));
        assert!(small > 0 && large < 6 * small, "4× the lines: {small} → {large} bytes read");
    }

    #[test]
    fn dropped_lines_have_line_numbers() {
        let src = "Title\n\nBody sentence one is here.\nBy Jane Doe\n";
        let blocks = vec![
            Block::verbatim("Body sentence one is here.".into(), 7, false),
            Block::verbatim("By Jane Doe".into(), 34, false),
        ];
        let (kept, dropped) = clean(blocks, "Title", src);
        assert_eq!(kept.len(), 1);
        assert_eq!(dropped, [Dropped { line: 4, text: "By Jane Doe".into(), reason: "byline" }]);
    }
}
