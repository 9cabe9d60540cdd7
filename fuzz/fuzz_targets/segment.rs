//! Sentence splitting of one paragraph: `segment::split`.
//!
//! Contract (src/segment.rs): "Byte ranges of the sentences of one paragraph, trimmed, in
//! order", each a verbatim slice of the paragraph; a sentence ends at `.`, `!`, `?` or `…`,
//! possibly repeated and followed by closing quotes or brackets, when whitespace and a
//! character that can start a sentence (not lower case, not closing punctuation) follow.
//! Properties:
//! - every span is in bounds, on char boundaries and non-empty;
//! - spans are in increasing order, do not overlap, and whitespace separates them;
//! - every span is trimmed (`p[s..e] == p[s..e].trim()`);
//! - nothing but whitespace lies outside the spans (no text is lost), and a paragraph with
//!   any non-whitespace text has at least one sentence;
//! - every sentence but the last ends with a terminator or a closing quote/bracket, and the
//!   next sentence does not start with a lower-case letter or closing punctuation.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(p) = std::str::from_utf8(data) else { return };
    let spans = briefly::segment::split(p);
    let mut covered = 0usize; // end of the previous span
    for (k, &(s, e)) in spans.iter().enumerate() {
        assert!(s < e, "empty or reversed span {:?} in {p:?}", (s, e));
        assert!(e <= p.len(), "span {:?} past the end ({}) of {p:?}", (s, e), p.len());
        assert!(
            p.is_char_boundary(s) && p.is_char_boundary(e),
            "span {:?} not on char boundaries in {p:?}",
            (s, e)
        );
        assert!(s >= covered, "span {:?} overlaps the previous one (end {covered}) in {p:?}", (s, e));
        let gap = &p[covered..s];
        assert!(gap.trim().is_empty(), "text {gap:?} outside every sentence in {p:?}");
        if k > 0 {
            assert!(!gap.is_empty(), "span {:?} touches the previous one in {p:?}", (s, e));
        }
        let sentence = &p[s..e];
        assert_eq!(sentence, sentence.trim(), "span {:?} not trimmed in {p:?}", (s, e));
        if k + 1 < spans.len() {
            let last = sentence.chars().next_back().unwrap();
            assert!(
                matches!(last, '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'),
                "sentence {sentence:?} is split off without a terminator in {p:?}"
            );
        }
        if k > 0 {
            let first = sentence.chars().next().unwrap();
            assert!(
                !first.is_lowercase() && !matches!(first, ')' | ']' | ',' | ';' | ':' | '”' | '’'),
                "sentence {sentence:?} starts with {first:?} in {p:?}"
            );
        }
        covered = e;
    }
    assert!(p[covered..].trim().is_empty(), "text {:?} outside every sentence in {p:?}", &p[covered..]);
    if !p.trim().is_empty() {
        assert!(!spans.is_empty(), "no sentence in {p:?}");
    }
});
