//! The tokenizer every rule-based reader of a sentence shares (the extractors, the claim
//! reader, story labels, candidate cleaning).
//!
//! In: a sentence's text. Out: [`Tok`]s in order: words (letters and digits, joined across
//! inner `.`, `'`, `’`, `-`; dotted abbreviations and initials keep their period) and single
//! punctuation characters, each a slice of the text with its byte span. Whitespace is dropped.
//! Also the byte spans of its double-quoted passages ([`quoted_spans`]). Never panics; linear in
//! the length of the text.

/// One token of a sentence: a word (letters/digits with inner `.`, `'`, `’`, `-`, e.g. `U.S.`,
/// `Russia’s`, `Secretary-General`) or a single punctuation character, with its byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok<'a> {
    /// The token text, a slice of the sentence.
    pub text: &'a str,
    /// Byte offset of the first byte (a `u32`: token lists are held for many sentences at
    /// once, and 24 bytes a token instead of 32 is a quarter less; sentences are far shorter).
    at: u32,
}

/// Abbreviations whose final period belongs to the word.
const DOTTED: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sen", "Gov", "Rep", "Gen", "Col", "Lt", "Capt", "Amb", "St", "Jr",
    "Sr", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Adm", "Maj", "Sgt", "No",
    "vs",
];

impl<'a> Tok<'a> {
    /// The token `text`, found at byte `start` of its sentence.
    pub fn new(text: &'a str, start: usize) -> Tok<'a> {
        Tok { text, at: start as u32 }
    }

    /// Byte offset of the first byte.
    pub fn start(&self) -> usize {
        self.at as usize
    }

    /// Byte offset after the last byte.
    pub fn end(&self) -> usize {
        self.at as usize + self.text.len()
    }

    /// Whether the token is a word (starts with a letter or digit).
    pub fn is_word(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_alphanumeric)
    }

    /// Whether the token starts with an upper-case letter.
    pub fn is_cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether the token ends in a possessive `'s` / `’s`.
    pub fn possessive(&self) -> bool {
        self.text.len() > 2 && (self.text.ends_with("'s") || self.text.ends_with("’s"))
    }

    /// The token without a possessive suffix.
    pub fn base(&self) -> &'a str {
        self.text.strip_suffix("'s").or_else(|| self.text.strip_suffix("’s")).unwrap_or(self.text)
    }

    /// Lower-cased [`Tok::base`].
    pub fn lower(&self) -> String {
        self.base().to_lowercase()
    }

    /// Whether the token is this punctuation character.
    pub fn is(&self, c: char) -> bool {
        self.text.len() == c.len_utf8() && self.text.starts_with(c)
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '-' | '\u{2011}')
}

/// Splits `text` into [`Tok`]s; whitespace is dropped. Never panics; linear in the length.
pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while let Some(c) = text[pos..].chars().next() {
        let start = pos;
        pos += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Tok::new(&text[start..pos], start));
            continue;
        }
        loop {
            let mut rest = text[pos..].chars();
            match rest.next() {
                Some(d) if d.is_alphanumeric() => pos += d.len_utf8(),
                Some(j) if is_inner_joiner(j) && rest.next().is_some_and(char::is_alphanumeric) => {
                    pos += j.len_utf8()
                }
                _ => break,
            }
        }
        let word = &text[start..pos];
        let single_initial = word.chars().count() == 1 && c.is_uppercase();
        if text[pos..].starts_with('.') && (word.contains('.') || DOTTED.contains(&word) || single_initial) {
            pos += 1;
            // `E.U.’s`: the possessive after an abbreviation's period.
            for suffix in ["’s", "'s"] {
                if text[pos..].starts_with(suffix)
                    && !text[pos + suffix.len()..].chars().next().is_some_and(char::is_alphanumeric)
                {
                    pos += suffix.len();
                }
            }
        }
        out.push(Tok::new(&text[start..pos], start));
    }
    out
}

/// Whether a double quotation mark opens (`Some(true)`), closes (`Some(false)`) or may do
/// either (`None`, the straight `"`). Other characters are not double quotes.
pub(crate) fn quote_kind(c: char) -> Option<Option<bool>> {
    match c {
        '“' | '„' | '«' => Some(Some(true)),
        '”' | '»' => Some(Some(false)),
        '"' => Some(None),
        _ => None,
    }
}

/// Byte spans `[open, close]` of double-quoted passages (the quote characters included).
/// An unclosed quote runs to the end of the text.
pub(crate) fn quoted_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in text.char_indices() {
        let Some(kind) = quote_kind(c) else { continue };
        match (open, kind) {
            (None, Some(true) | None) => open = Some(i),
            (Some(o), Some(false) | None) => {
                out.push((o, i + c.len_utf8()));
                open = None;
            }
            // A second opening mark: restart from it.
            (Some(_), Some(true)) => open = Some(i),
            (None, Some(false)) => {}
        }
    }
    if let Some(o) = open {
        out.push((o, text.len()));
    }
    out
}

/// Whether `[start, end)` lies inside one of `spans` (sorted, non-overlapping). O(log n).
pub(crate) fn in_spans(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let i = spans.partition_point(|&(a, _)| a <= start);
    i > 0 && end <= spans[i - 1].1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokenizer_keeps_acronyms_possessives_and_offsets() {
        assert_eq!(
            texts("The E.U.’s chief, U.S. envoy Dr. Smith's Secretary-General on Dec. 3."),
            [
                "The",
                "E.U.’s",
                "chief",
                ",",
                "U.S.",
                "envoy",
                "Dr.",
                "Smith's",
                "Secretary-General",
                "on",
                "Dec.",
                "3",
                "."
            ]
        );
        let s = "Kęstutis Budrys — “yes”";
        for t in tokenize(s) {
            assert_eq!(&s[t.start()..t.end()], t.text);
        }
        assert!(tokenize("").is_empty());
        assert_eq!(tokenize("Smith's").first().map(|t| t.base()), Some("Smith"));
    }

    #[test]
    fn quoted_spans_pair_straight_and_curly_quotes() {
        let s = "He said “a b” and \"c d\" then \"e";
        let spans: Vec<&str> = quoted_spans(s).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(spans, ["“a b”", "\"c d\"", "\"e"]);
        assert_eq!(quoted_spans("mixed \"open close” end").len(), 1);
        assert!(quoted_spans("none ” here").is_empty());
    }
}
