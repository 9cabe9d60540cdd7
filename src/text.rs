//! Shared text normalisation: words → lower-cased, stop-worded, stemmed terms.
//!
//! In: any `&str` (a sentence, a topic description). Out: its words ([`for_each_word`], the one
//! word splitter) and `Vec<String>` of terms, used by the topic scorer, story grouping and the
//! selection engine so all see the same vocabulary. Dotted acronyms are folded (`U.S.` → `us`,
//! `E.U.` → `eu`) before stemming so they match their undotted forms. Also the one sentence-end
//! check ([`final_punctuation`]) and word counts.

use std::borrow::Cow;

/// English function words plus news-writing filler ("said", "told", "according").
///
/// Kept sorted and without repeats so the list diffs cleanly.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "added",
    "after",
    "again",
    "against",
    "ago",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "mr",
    "mrs",
    "ms",
    "much",
    "must",
    "my",
    "myself",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "though",
    "through",
    "to",
    "told",
    "too",
    "two",
    "under",
    "until",
    "up",
    "upon",
    "very",
    "via",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

/// `s` in lower case: borrowed when there is nothing to change (ASCII without capitals, most
/// words of news text), otherwise [`str::to_lowercase`]. For tests run on every word.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.to_lowercase())
    }
}

/// Whether `word` (lower case) is a stop word.
pub fn is_stop_word(word: &str) -> bool {
    // A set of packed words: one integer lookup instead of a binary search over strings.
    static SET: std::sync::OnceLock<std::collections::HashSet<u128, rustc_hash::FxBuildHasher>> =
        std::sync::OnceLock::new();
    let set = SET.get_or_init(|| STOP_WORDS.iter().filter_map(|w| packed(w)).collect());
    packed(word).is_some_and(|p| set.contains(&p))
}

/// A string of at most 15 bytes as a number: its bytes, then its length in the top byte
/// (so different strings give different numbers); `None` for longer strings.
pub fn packed(w: &str) -> Option<u128> {
    packed_bytes(w.as_bytes())
}

/// [`packed`] for bytes.
pub fn packed_bytes(b: &[u8]) -> Option<u128> {
    let n = b.len();
    // Loaded in at most two overlapping reads per half (no memcpy call; a byte loop only for
    // 1–3 bytes).
    let read = |s: &[u8]| -> u64 {
        match s.len() {
            0 => 0,
            1..=3 => s.iter().rev().fold(0, |acc, &x| (acc << 8) | u64::from(x)),
            4..=7 => {
                let lo = u64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]]));
                let k = s.len();
                let hi = u64::from(u32::from_le_bytes([s[k - 4], s[k - 3], s[k - 2], s[k - 1]]));
                lo | (hi >> (8 * (8 - k)) << 32)
            }
            _ => u64::from_le_bytes(s[..8].try_into().unwrap_or_default()),
        }
    };
    if n > 15 {
        return None;
    }
    let lo = read(&b[..n.min(8)]);
    let hi = if n > 8 { read(&b[8..]) } else { 0 };
    Some(u128::from(lo) | (u128::from(hi) << 64) | (n as u128) << 120)
}

/// Lower-cased words of `text` in order ([`for_each_word`]): dotted acronyms folded (`U.S.` →
/// `us`), possessive `'s` dropped (`Russia's` → `russia`). Numbers are kept.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, &mut String::new(), |w, _| out.push(w.to_string()));
    out
}

/// The top bit of each byte of a `u64`.
const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// A byte repeated in each byte of a `u64`.
const fn splat(b: u8) -> u64 {
    0x0101_0101_0101_0101 * b as u64
}

/// For eight ASCII bytes (each below 0x80), the top bit of each byte set when it is a word byte
/// (letter or digit, [`WORD_BYTE`] ≠ 0), and likewise when it is an upper-case letter.
fn word_and_upper(eight: &[u8]) -> (u64, u64) {
    let x = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8]));
    // A byte below 0x80 plus 0x80 - lo reaches 0x80 exactly when it is ≥ lo, plus 0x7f - hi
    // exactly when it is > hi; neither sum carries into the next byte.
    let in_range = |lo: u8, hi: u8| (x + splat(0x80 - lo)) & !(x + splat(0x7f - hi)) & HIGH_BITS;
    let upper = in_range(b'A', b'Z');
    (in_range(b'a', b'z') | in_range(b'0', b'9') | upper, upper)
}

/// [`WORD_BYTE`] of an upper-case ASCII letter.
const UPPER: u8 = 2;

/// Per byte: 1 for an ASCII lower-case letter or digit, [`UPPER`] for an upper-case letter,
/// 0 for anything else.
static WORD_BYTE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            1
        } else if c.is_ascii_uppercase() {
            UPPER
        } else {
            0
        };
        b += 1;
    }
    t
};

/// The one word splitter: calls `f(word, raw)` with each word of `text` in order. A word is a
/// run of letters and digits, joined across an inner `.`, `'` or `’` (one followed by a letter
/// or digit: `U.S`, `don't`, `3.5`), lower-cased, dots removed, `’` written `'`, and a final
/// `'s` dropped (`U.S.` → `us`, `Russia’s` → `russia`, `3.5` → `35`); `raw` is the slice of
/// `text` it was made from (`U.S`, `Russia’s`). Everything else (spaces, hyphens, commas,
/// other punctuation) separates words.
///
/// `buf` holds the words made here; in ASCII text, words that need no change are passed as
/// slices of `text`, without copying. Used for every word in the program (terms, concepts,
/// phrase tests), so it is fast: ASCII text is read as bytes.
#[inline]
pub fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str, &str)) {
    buf.clear();
    if text.is_ascii() {
        // The same rules on bytes (most news text is ASCII).
        let bytes = text.as_bytes();
        let n = bytes.len();
        let class = |i: usize| WORD_BYTE[bytes[i] as usize];
        let joins_at = |i: usize| i + 1 < n && matches!(bytes[i], b'.' | b'\'') && class(i + 1) != 0;
        let mut i = 0;
        while i < n {
            if class(i) == 0 {
                i += 1;
                continue;
            }
            let start = i;
            let mut upper = false;
            // Eight bytes at a time while they are all word bytes, then byte by byte.
            while i + 8 <= n {
                let (word, up) = word_and_upper(&bytes[i..i + 8]);
                let stop = !word & HIGH_BITS;
                if stop == 0 {
                    upper |= up != 0;
                    i += 8;
                    continue;
                }
                // The high bits of the bytes before the first one that is not a word byte.
                let before = (stop & stop.wrapping_neg()) - 1;
                upper |= up & before != 0;
                i += (stop.trailing_zeros() / 8) as usize;
                break;
            }
            while i < n && class(i) != 0 {
                upper |= class(i) == UPPER;
                i += 1;
            }
            if !joins_at(i) {
                // A plain word (the common case): no `'s` to drop.
                let word = &text[start..i];
                if upper {
                    buf.clear();
                    buf.push_str(word);
                    buf.make_ascii_lowercase();
                    f(buf, word);
                } else {
                    f(word, word);
                }
                continue;
            }
            buf.clear();
            buf.push_str(&text[start..i]);
            while joins_at(i) {
                if bytes[i] == b'\'' {
                    buf.push('\'');
                }
                i += 1;
                let from = i;
                while i < n && class(i) != 0 {
                    i += 1;
                }
                buf.push_str(&text[from..i]);
            }
            buf.make_ascii_lowercase();
            if buf.ends_with("'s") {
                buf.truncate(buf.len() - 2);
            }
            f(buf, &text[start..i]);
        }
        return;
    }
    // The word being made is `text[start..end]`.
    let (mut start, mut end) = (0, 0);
    let flush = |buf: &mut String, raw: &str, f: &mut dyn FnMut(&str, &str)| {
        if buf.ends_with("'s") {
            buf.truncate(buf.len() - 2);
        }
        if !buf.is_empty() {
            f(buf, raw);
        }
        buf.clear();
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        if ch.is_alphanumeric() {
            if buf.is_empty() {
                start = at;
            }
            end = at + ch.len_utf8();
            if ch.is_ascii() {
                buf.push(ch.to_ascii_lowercase());
            } else {
                buf.extend(ch.to_lowercase());
            }
        } else if !buf.is_empty()
            && matches!(ch, '.' | '\'' | '\u{2019}')
            && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric())
        {
            if ch != '.' {
                buf.push('\'');
            }
        } else {
            flush(buf, &text[start..end], &mut f);
        }
    }
    flush(buf, &text[start..end], &mut f);
}

/// Largest number of words the per-thread stem cache holds before it is cleared.
const STEM_CACHE_LIMIT: usize = 200_000;

/// The term of a lower-case word: its stem, or `None` for stop words and single letters.
/// Cached per thread (the same words recur across every stage and sentence); the cache only
/// saves time, results are identical.
fn term_of(word: &str) -> Option<String> {
    thread_local! {
        static CACHE: std::cell::RefCell<
            std::collections::HashMap<String, Option<String>, rustc_hash::FxBuildHasher>,
        > = std::cell::RefCell::new(Default::default());
    }
    CACHE.with(|cache| {
        if let Some(t) = cache.borrow().get(word) {
            return t.clone();
        }
        let term = if is_stop_word(word) || (word.len() < 2 && !word.chars().all(|c| c.is_ascii_digit())) {
            None
        } else {
            Some(crate::stem::stem(word).into_owned())
        };
        let mut cache = cache.borrow_mut();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(word.to_string(), term.clone());
        term
    })
}

/// The first content term of `text` (same as `terms(text).first()`, without allocating the
/// rest): for single words and hyphenated compounds, where it is much cheaper.
pub fn first_term(text: &str) -> Option<String> {
    // Lower-case letters and hyphens: the word bounds are exactly the hyphens.
    if text.chars().all(|c| c == '-' || c.is_lowercase()) {
        return text.split('-').filter(|p| !p.is_empty() && *p != "us").find_map(term_of);
    }
    terms(text).into_iter().next()
}

/// Content terms of `text`: [`words`] without stop words, stemmed (Snowball English).
/// The acronym `us` (from `U.S.`/`US`) is kept even though "us" is a pronoun: in news text the
/// country is far more frequent, and a lower-case "us" pronoun is dropped as a stop word.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, &mut String::new(), |w, raw| {
        if w == "us" {
            if matches!(raw, "US" | "U.S") {
                out.push(w.to_string());
            }
        } else if let Some(t) = term_of(w) {
            out.push(t);
        }
    });
    out
}

/// Content terms ([`terms`]) of many texts, computed once and interned: what topic
/// assignment, topic discovery and the same-statement test share.
///
/// Terms are computed in parallel (rayon) in batches, then interned in text order, so ids are
/// the order of first appearance whatever the number of threads; memory stays bounded by one
/// batch of term strings.
pub struct TermTable {
    /// Term text by id.
    pub vocab: Vec<String>,
    /// Term ids of each text, in text order (repeats kept).
    pub of: Vec<Vec<u32>>,
    ids: std::collections::HashMap<String, u32, rustc_hash::FxBuildHasher>,
}

/// Texts per parallel batch in [`TermTable::new`].
const TERM_BATCH: usize = 8192;

impl TermTable {
    /// The terms of `texts`.
    pub fn new<S: AsRef<str> + Sync>(texts: &[S]) -> TermTable {
        use rayon::prelude::*;
        let mut t =
            TermTable { vocab: Vec::new(), of: Vec::with_capacity(texts.len()), ids: Default::default() };
        for batch in texts.chunks(TERM_BATCH) {
            let found: Vec<Vec<String>> = batch.par_iter().map(|x| terms(x.as_ref())).collect();
            for list in found {
                let ids = list
                    .into_iter()
                    .map(|term| match t.ids.get(&term) {
                        Some(&id) => id,
                        None => {
                            let id = t.vocab.len() as u32;
                            t.vocab.push(term.clone());
                            t.ids.insert(term, id);
                            id
                        }
                    })
                    .collect();
                t.of.push(ids);
            }
        }
        t
    }

    /// Id of a term, if any text has it.
    pub fn id(&self, term: &str) -> Option<u32> {
        self.ids.get(term).copied()
    }

    /// Sorted, distinct term ids of text `i`.
    pub fn set(&self, i: usize) -> Vec<u32> {
        let mut v = self.of[i].clone();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// A message for the terminal built from a parser's error, which may quote the file it read
/// (serde quotes a mistyped value whole: `invalid type: string "…whole file…"`): every quoted
/// excerpt (`"…"`) is cut at its first line break and at 60 characters, line breaks and other
/// control characters become spaces, and the whole is at most `max` characters. So an error
/// never prints more than one short line of a file.
pub fn clip_message(msg: &str, max: usize) -> String {
    let mut out = String::with_capacity(msg.len().min(max * 4));
    let mut quoted: Option<usize> = None; // characters of the current excerpt so far
    let mut skipping = false;
    let mut count = 0usize;
    for c in msg.chars() {
        if c == '"' {
            if quoted.is_some() {
                if skipping {
                    out.push('…');
                }
                quoted = None;
                skipping = false;
            } else {
                quoted = Some(0);
            }
        } else if let Some(n) = quoted.as_mut() {
            if skipping {
                continue;
            }
            if c == '\n' || c == '\r' || *n >= 60 {
                skipping = true;
                continue;
            }
            *n += 1;
        }
        let c = if c.is_control() { ' ' } else { c };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        if count >= max {
            out.push('…');
            break;
        }
        out.push(c);
        count += 1;
    }
    if skipping {
        out.push('…');
    }
    out.trim_end().to_string()
}

/// Whether ingest removes `c` from article text ([`strip_controls`]): control characters
/// (C0, DEL, C1) other than tab and line feed, and the bidirectional embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069), which can reorder what a reader sees (a title
/// that reads differently than it is). The marks U+200E, U+200F and U+061C are kept: they only
/// set the direction of neighbouring neutral characters, and right-to-left text needs them.
pub fn is_hidden_control(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without [`is_hidden_control`] characters: a control that is whitespace (carriage
/// return, vertical tab, form feed, next line) becomes a space, the others are removed. `None`
/// when there is none (nothing to change).
pub fn strip_controls(text: &str) -> Option<String> {
    if !text.contains(is_hidden_control) {
        return None;
    }
    Some(
        text.chars()
            .filter_map(|c| match c {
                c if !is_hidden_control(c) => Some(c),
                c if c.is_whitespace() => Some(' '),
                _ => None,
            })
            .collect(),
    )
}

/// `text` with its [`is_hidden_control`] characters shown as escapes (`\u{202e}`), for
/// messages (`briefly build -v`).
pub fn show_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden_control(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Most characters of a single-line field taken from an article or config (title, outlet,
/// author): a hostile file must not put a megabyte headline into every format.
pub const MAX_LINE_CHARS: usize = 300;

/// A single-line field as shown in a brief: whitespace runs (line breaks included) become one
/// space, and text longer than `max` characters is cut at the last word boundary before it
/// (at a character when the last 60 characters hold no space) and marked ` …`; the result has
/// at most `max` characters.
pub fn cap_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    let mut chars = 0usize;
    let mut words = text.split_whitespace();
    let mut cut = false;
    for w in words.by_ref() {
        let n = w.chars().count();
        let sep = usize::from(chars > 0);
        if chars + sep + n > max {
            cut = true;
            if chars == 0 || n > 60 {
                // One overlong word: take what fits, by character.
                if sep == 1 {
                    out.push(' ');
                    chars += 1;
                }
                for c in w.chars().take(max.saturating_sub(chars)) {
                    out.push(c);
                    chars += 1;
                }
            }
            break;
        }
        if sep == 1 {
            out.push(' ');
        }
        out.push_str(w);
        chars += sep + n;
    }
    if !cut {
        return out;
    }
    // Room for " …": drop characters until it fits, then back to the word boundary before
    // (unless the last word is an overlong one, cut by character).
    let mut cut_word = false;
    while chars + 2 > max {
        cut_word |= out.pop().is_some_and(|c| c != ' ');
        chars -= 1;
    }
    if cut_word
        && !out.ends_with(' ')
        && let Some(space) = out.rfind(' ')
        && out[space..].chars().count() <= 60
    {
        out.truncate(space);
    }
    let trimmed = out.trim_end_matches([' ', ',', ';', ':']).len();
    out.truncate(trimmed);
    out.push_str(" …");
    out
}

/// Whether `phrase` occurs in `text` as whole words: "Alberque" in "…, Alberque said." but
/// not "Rut" in "Rutte". Case-sensitive, as names are.
pub fn contains_phrase(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase).any(|(at, _)| {
        boundary(text[..at].chars().next_back()) && boundary(text[at + phrase.len()..].chars().next())
    })
}

/// Number of whitespace-separated words, the unit of every word budget (the same count
/// ROUGE tooling and readers use).
pub fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // ASCII: count the starts of runs of non-whitespace bytes, eight bytes at a time (same
    // result, several times faster). In each 64-bit lane the top bit of a byte is set iff the
    // byte is whitespace: ' ' or 0x09..=0x0d. With every byte below 0x80, adding 0x7f to the
    // low 7 bits, or 0x77 / 0x72 to the byte, never carries into the next byte.
    const HIGH: u64 = HIGH_BITS;
    let spaces = |x: u64| -> u64 {
        let y = x ^ splat(b' ');
        let is_blank = !(((y & !HIGH) + splat(0x7f)) | y) & HIGH;
        let at_least_9 = x + splat(0x80 - 0x09);
        let at_least_14 = x + splat(0x80 - 0x0e);
        is_blank | (at_least_9 & !at_least_14 & HIGH)
    };
    let bytes = text.as_bytes();
    let mut chunks = bytes.chunks_exact(8);
    // Whether the byte before the current one is whitespace (the text starts after one).
    let mut before = HIGH >> 56 << 56;
    let mut count = 0;
    for chunk in &mut chunks {
        let s = spaces(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        // Word starts: non-whitespace bytes whose previous byte is whitespace.
        let previous = (s << 8) | (before >> 56);
        count += (!s & previous & HIGH).count_ones() as usize;
        before = s;
    }
    let mut previous_space = before & (1 << 63) != 0;
    for &b in chunks.remainder() {
        let space = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
        count += usize::from(previous_space && !space);
        previous_space = space;
    }
    count
}

/// The punctuation a line ends on, past closing quotes and brackets (`.`, `!`, `?`, `:`, `;`,
/// `…`), if any: the one sentence-end check. A key point must end on `.`, `!`, `?` or `…`; a
/// line ending on any of them is not a headline.
pub fn final_punctuation(line: &str) -> Option<char> {
    let t = line.trim_end().trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    t.chars().next_back().filter(|c| matches!(c, '.' | '!' | '?' | ':' | ';' | '\u{2026}'))
}

#[cfg(test)]
mod tests {

    #[test]
    fn final_punctuation_looks_past_closing_quotes() {
        assert_eq!(final_punctuation("He said “no.”"), Some('.'));
        assert_eq!(final_punctuation("Talks resume (Reuters)."), Some('.'));
        assert_eq!(final_punctuation("Reactions from European Leaders"), None);
        assert_eq!(final_punctuation("The list: "), Some(':'));
    }
    use super::*;

    #[test]
    fn messages_quote_one_short_line() {
        let file: String = (0..40).map(|i| format!("user{i}:x:{i}:{i}:/home/user{i}:/bin/sh\n")).collect();
        let msg = clip_message(&format!("invalid type: string \"{file}\", expected struct Gazetteer"), 300);
        assert_eq!(
            msg,
            "invalid type: string \"user0:x:0:0:/home/user0:/bin/sh…\", expected struct Gazetteer"
        );
        let long = clip_message(&format!("x \"{}\" y", "A".repeat(500)), 300);
        assert_eq!(long, format!("x \"{}…\" y", "A".repeat(60)));
        assert_eq!(clip_message("line one\nline two\ttab", 300), "line one line two tab");
        assert_eq!(clip_message(&"b".repeat(500), 10), format!("{}…", "b".repeat(10)));
        assert_eq!(clip_message("unclosed \"abc\ndef", 300), "unclosed \"abc…");
    }

    #[test]
    fn hidden_controls_are_removed_and_shown() {
        let hostile = "a\u{0}b\u{202E}c\u{2066}d\re\u{85}f\u{1b}[1mg\u{7f}h\u{9b}i\tj\nk\u{200F}l";
        assert_eq!(strip_controls(hostile).unwrap(), "abcd e f[1mghi\tj\nk\u{200F}l");
        assert_eq!(strip_controls("plain\ttext\n \u{200E}\u{061C}"), None);
        assert_eq!(show_controls("x\u{0}y\u{202e}z\u{200F}"), "x\\u{0}y\\u{202e}z\u{200F}");
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}',
        ] {
            assert!(is_hidden_control(c), "{c:?}");
        }
    }

    #[test]
    fn single_line_fields_are_capped_at_a_word() {
        assert_eq!(cap_line("  Short\n title  ", 300), "Short title");
        let long = "Long title words ".repeat(100);
        let capped = cap_line(&long, 300);
        let kept = capped.strip_suffix(" …").expect("marked as cut");
        assert!(
            capped.chars().count() <= 300 && long.starts_with(&format!("{kept} ")),
            "cut at a word: {capped}"
        );
        let word = "W".repeat(2_000_000);
        let capped = cap_line(&word, 300);
        assert_eq!(capped.chars().count(), 300);
        assert!(capped.starts_with("WWW") && capped.ends_with(" …"));
        let mixed = format!("Headline {}", "é".repeat(1000));
        let capped = cap_line(&mixed, 300);
        assert!(capped.starts_with("Headline éé") && capped.chars().count() <= 300, "{capped}");
    }

    /// Each word of `t` with the text it was made from.
    fn words_and_raw(t: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for_each_word(t, &mut String::new(), |w, raw| out.push((w.to_string(), raw.to_string())));
        out
    }

    #[test]
    fn words_are_lower_case_without_dots_and_possessives() {
        let cases: [(&str, &[&str]); 9] = [
            ("plain", &["plain"]),
            ("Russia's", &["russia"]),
            ("E.U.\u{2019}s", &["eu", "s"]),
            ("DON'T", &["don't"]),
            ("(État)", &["état"]),
            ("--", &[]),
            ("'s", &["s"]),
            ("It's 3.5 o'clock -- (stop)'s end.", &["it", "35", "o'clock", "stop", "s", "end"]),
            ("a post-election deal", &["a", "post", "election", "deal"]),
        ];
        for (t, want) in cases {
            assert_eq!(words(t), want, "{t}");
        }
        assert_eq!(
            words_and_raw("The U.S. and Russia’s"),
            [("the", "The"), ("us", "U.S"), ("and", "and"), ("russia", "Russia’s")]
                .map(|(w, r)| (w.to_string(), r.to_string()))
        );
    }

    /// Where the splitter parts from Unicode word bounds (UAX #29, which `words` and `terms` once
    /// used): the selection engine's rules, kept for every use because they give the same briefs
    /// and summaries. Digit groups split at the comma, a curly apostrophe inside a word is
    /// written `'`, and a `.` or `'` joins a digit to a letter.
    #[test]
    fn corner_cases_follow_the_selection_engines_rules() {
        assert_eq!(words("3,000 troops"), ["3", "000", "troops"]);
        assert_eq!(words("They don’t"), ["they", "don't"]);
        assert_eq!(words("the 1990's"), ["the", "1990"]);
        assert_eq!(words("c.1998"), ["c1998"]);
        assert_eq!(terms("3,000 troops"), ["3", "000", "troop"]);
    }

    /// The byte path for ASCII text gives the words (and raw slices) of the character path:
    /// checked by making the same text non-ASCII with a trailing word, over every arrangement
    /// of the characters the rules treat specially.
    #[test]
    fn ascii_words_are_the_words_of_the_general_path() {
        let pieces = ["A", "b", "s", "7", "'", ".", " ", "'s", "U.S.", "-", "Xy"];
        let mut n = 0;
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let t = format!("{a}{b}{c}{d}");
                        let mut general = words_and_raw(&format!("{t} é"));
                        assert_eq!(general.pop(), Some(("é".to_string(), "é".to_string())));
                        assert_eq!(words_and_raw(&t), general, "{t:?}");
                        n += 1;
                    }
                }
            }
        }
        assert_eq!(n, 11usize.pow(4));
    }

    #[test]
    fn long_ascii_words_are_read_eight_bytes_at_a_time_alike() {
        // Words of 7 to 17 bytes, the upper-case letter before, at and after byte 8, digits,
        // and a word ending exactly at the end of an eight-byte block.
        let pieces = ["abcdefgh", "abcdefghi", "abcdefG", "ABCDEFGHij", "1234567", "z9", " ", "-", "'s", "."];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let t = format!("{a}{b}{c}");
                    let mut general = words_and_raw(&format!("{t} é"));
                    general.pop();
                    assert_eq!(words_and_raw(&t), general, "{t:?}");
                }
            }
        }
    }

    #[test]
    fn eight_bytes_are_classed_like_word_byte() {
        for b in 0..0x80u8 {
            let (word, upper) = word_and_upper(&[b; 8]);
            assert_eq!(word == HIGH_BITS, WORD_BYTE[b as usize] != 0, "{b:#x}");
            assert_eq!(upper == HIGH_BITS, WORD_BYTE[b as usize] == UPPER, "{b:#x}");
            assert!(word == 0 || word == HIGH_BITS, "{b:#x}");
        }
    }

    #[test]
    fn lower_is_to_lowercase_and_borrows_when_nothing_changes() {
        for s in ["", "plain", "U.S.", "Will", "ÉTAT", "ǅemal", "ΟΔΟΣ", "don’t", "x1-Y"] {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
        }
        assert!(matches!(lower("plain words"), Cow::Borrowed(_)));
        assert!(matches!(lower("état"), Cow::Owned(_)));
    }

    #[test]
    fn stop_words_are_found_by_their_packed_form() {
        for w in STOP_WORDS {
            assert!(is_stop_word(w), "{w}");
        }
        for w in ["", "x", "thee", "themselvesx", "said.", &"a".repeat(20)] {
            assert!(!is_stop_word(w), "{w}");
        }
        assert_ne!(packed("a"), packed("a\0"));
        assert_eq!(packed(&"a".repeat(16)), None);
    }

    #[test]
    fn packed_words_are_their_bytes_then_their_length() {
        let letters = "abcdefghijklmnopq";
        for n in 0..=16 {
            let w = &letters[..n];
            let expected = (n <= 15).then(|| {
                let mut a = [0u8; 16];
                a[..n].copy_from_slice(w.as_bytes());
                a[15] = n as u8;
                u128::from_le_bytes(a)
            });
            assert_eq!(packed(w), expected, "{w}");
        }
    }

    #[test]
    fn stop_words_are_sorted_and_distinct() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn words_fold_acronyms_and_possessives() {
        assert_eq!(
            words("The U.S. and E.U. back Russia's foes."),
            ["the", "us", "and", "eu", "back", "russia", "foes"]
        );
        assert_eq!(words("Rubio’s absence"), ["rubio", "absence"]);
    }

    #[test]
    fn terms_stem_and_drop_stop_words() {
        assert_eq!(terms("He said the ministers were meeting"), ["minist", "meet"]);
        assert_eq!(terms("U.S. officials told us"), ["us", "offici"]);
        assert_eq!(terms("US troops"), ["us", "troop"]);
    }

    #[test]
    fn first_term_matches_terms() {
        for t in ["ministers", "air-defence", "so-called", "us", "the", "U.S.", "Russia's", "e-mail", "x"] {
            assert_eq!(first_term(t), terms(t).into_iter().next(), "{t}");
        }
    }

    #[test]
    fn phrases_match_whole_words_only() {
        assert!(super::contains_phrase("European leaders could act, Alberque said.", "Alberque"));
        assert!(super::contains_phrase("Mark Rutte met Shmyhal", "Mark Rutte"));
        assert!(!super::contains_phrase("Rutte met Shmyhal", "Rut"));
        assert!(!super::contains_phrase("Rutte met Shmyhal", ""));
        assert!(super::contains_phrase("Rubio’s absence", "Rubio"));
    }

    #[test]
    fn word_count_counts_whitespace_words() {
        assert_eq!(word_count("  a b\tc\n"), 3);
        assert_eq!(word_count(""), 0);
        // The ASCII fast path agrees with `split_whitespace` (vertical tab and form feed too).
        for t in ["a\x0bb\x0cc d", " x ", "one", "  ", "a\u{a0}b c", "tab\tsep\r\nline"] {
            assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
        }
        // Every string of up to 5 bytes over whitespace and its neighbours (0x08, 0x0e, 0x1f,
        // '!'), shifted across the 8-byte lanes.
        let alphabet = [b'a', b' ', b'\t', b'\n', 0x0b, b'\r', 0x08, 0x0e, 0x1f, b'!'];
        let mut t = Vec::new();
        for n in 0..=5u32 {
            for code in 0..alphabet.len().pow(n) {
                for shift in [0, 3, 7] {
                    t.clear();
                    t.extend(std::iter::repeat_n(b'x', shift));
                    let mut rest = code;
                    for _ in 0..n {
                        t.push(alphabet[rest % alphabet.len()]);
                        rest /= alphabet.len();
                    }
                    t.extend_from_slice(b"yz ");
                    let t = std::str::from_utf8(&t).unwrap();
                    assert_eq!(word_count(t), t.split_whitespace().count(), "{t:?}");
                }
            }
        }
    }
}
