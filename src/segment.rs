//! Stage 2, segment: articles → sentences.
//!
//! In: [`Article`]s whose body is already split into blocks (paragraphs, headings). Out: one
//! [`Sentence`] per sentence, with its article, its position, and its byte span in the source
//! file. Sentence boundaries come from `sentencex` (Wikimedia; abbreviation-aware, never alters
//! text) run per paragraph, plus our own repairs for cases it gets wrong (titles such as
//! `Amb.`/`Gov.`/`Sen.` before a name, month abbreviations before a day number). The text of a
//! sentence is always a verbatim slice of its block.

use crate::ingest::{Article, Block};
use serde::Serialize;

/// One sentence of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sentence {
    /// Index of the article in the input order.
    pub doc: usize,
    /// Position of the sentence in its article (0 = first).
    pub index: usize,
    /// Block (paragraph) index in the article.
    pub block: usize,
    /// Whether the sentence is a heading line rather than running text.
    pub heading: bool,
    /// The sentence, verbatim (surrounding whitespace trimmed).
    pub text: String,
    /// Byte span `[start, end)` in the source file.
    pub span: (usize, usize),
}

/// Abbreviations that never end a sentence when followed by a capitalised word or a number.
/// sentencex knows most English ones; these are the ones it missed in our regression table.
const NON_FINAL_ABBREVIATIONS: &[&str] = &[
    "Adm.", "Amb.", "Apr.", "Aug.", "Brig.", "Capt.", "Cmdr.", "Col.", "Dec.", "Dr.", "Feb.", "Gen.", "Gov.",
    "Jan.", "Jr.", "Jul.", "Jun.", "Lt.", "Maj.", "Mar.", "Messrs.", "Mr.", "Mrs.", "Ms.", "No.", "Nov.",
    "Oct.", "Prof.", "Rep.", "Rev.", "Sen.", "Sep.", "Sept.", "Sgt.", "Sr.", "St.", "Supt.", "Vol.", "vs.",
];

/// Byte ranges of the sentences of one paragraph, trimmed, in order.
pub fn split(paragraph: &str) -> Vec<(usize, usize)> {
    let base = paragraph.as_ptr() as usize;
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for piece in sentencex::segment("en", paragraph) {
        let start = piece.as_ptr() as usize - base;
        let trimmed_start = start + (piece.len() - piece.trim_start().len());
        let end = start + piece.trim_end().len();
        if end <= trimmed_start {
            continue;
        }
        // No whitespace before this piece ("Caliber.Az"): a split inside a word.
        let glued = spans.last().is_some_and(|l| l.1 == trimmed_start);
        if let Some(last) = spans.last_mut()
            && (glued || should_merge(&paragraph[last.0..last.1], &paragraph[trimmed_start..end]))
        {
            last.1 = end;
            continue;
        }
        spans.push((trimmed_start, end));
    }
    spans
}

fn should_merge(prev: &str, next: &str) -> bool {
    let last_word = prev.rsplit(char::is_whitespace).next().unwrap_or("");
    let starts_name_or_number = next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    (NON_FINAL_ABBREVIATIONS.contains(&last_word) && starts_name_or_number)
        // A sentence cannot start with closing punctuation or in lower case after a split
        // inside an abbreviation such as "p.m. on".
        || next.starts_with([')', ']', ',', ';'])
        || (last_word.len() <= 5
            && last_word.ends_with('.')
            && last_word.matches('.').count() >= 2
            && next.starts_with(|c: char| c.is_lowercase()))
}

/// Sentences of one article; `doc` is its index in the input.
pub fn split_article(article: &Article, doc: usize) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (bi, block) in article.blocks.iter().enumerate() {
        push_block(block, bi, doc, &mut out);
    }
    out
}

fn push_block(block: &Block, bi: usize, doc: usize, out: &mut Vec<Sentence>) {
    let spans = if block.heading { vec![(0, block.text.trim_end().len())] } else { split(&block.text) };
    for (s, e) in spans {
        let text = block.text[s..e].trim();
        if text.is_empty() {
            continue;
        }
        let s = s + (block.text[s..e].len() - block.text[s..e].trim_start().len());
        out.push(Sentence {
            doc,
            index: out.len(),
            block: bi,
            heading: block.heading,
            text: text.to_string(),
            span: (block.source_offset(s), block.source_offset(s + text.len())),
        });
    }
}

/// Sentences of all articles, in article order.
pub fn split_all(articles: &[Article]) -> Vec<Sentence> {
    articles.iter().enumerate().flat_map(|(i, a)| split_article(a, i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(p: &str) -> Vec<&str> {
        split(p).into_iter().map(|(s, e)| &p[s..e]).collect()
    }

    /// Regression table: paragraph → expected sentences.
    const CASES: &[(&str, &[&str])] = &[
        ("The U.S. and the E.U. agreed. Talks resume.", &["The U.S. and the E.U. agreed.", "Talks resume."]),
        ("Dr. Smith arrived. He left.", &["Dr. Smith arrived.", "He left."]),
        (
            "The meeting is on Dec. 3 in Brussels. It ends at 5 p.m. on Friday.",
            &["The meeting is on Dec. 3 in Brussels.", "It ends at 5 p.m. on Friday."],
        ),
        (
            "Amb. Jones spoke first. Then Gov. Smith replied.",
            &["Amb. Jones spoke first.", "Then Gov. Smith replied."],
        ),
        ("\"We will win,\" he said. \"No doubt.\"", &["\"We will win,\" he said.", "\"No doubt.\""]),
        (
            "“There is only one person ... and that is the American president,” he told reporters.",
            &["“There is only one person ... and that is the American president,” he told reporters."],
        ),
        (
            "He now also oversees U.S. A.I.D. and acts as archivist.",
            &["He now also oversees U.S. A.I.D. and acts as archivist."],
        ),
        (
            "Sales rose 3.5 percent. Is that enough? Yes!",
            &["Sales rose 3.5 percent.", "Is that enough?", "Yes!"],
        ),
        ("Caliber.Az reports, citing U.S. media.", &["Caliber.Az reports, citing U.S. media."]),
        (
            "Sen. Lindsey Graham (R-S.C.) said so. Others disagreed.",
            &["Sen. Lindsey Graham (R-S.C.) said so.", "Others disagreed."],
        ),
    ];

    #[test]
    fn regression_table() {
        for (input, expected) in CASES {
            assert_eq!(&sentences(input), expected, "input: {input}");
        }
    }

    #[test]
    fn spans_point_into_source() {
        let src = "Title\n\nFirst one. Second one.\n";
        let a = crate::ingest::parse_article("x.txt", src, None).unwrap();
        let s = split_article(&a, 7);
        assert_eq!(s.len(), 2);
        assert_eq!(s[1].doc, 7);
        assert_eq!(s[1].index, 1);
        assert_eq!(&src[s[1].span.0..s[1].span.1], "Second one.");
    }
}
