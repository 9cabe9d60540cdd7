//! Which sentences may be picked at all: length, form, and wire-service noise.
//!
//! In: one [`Sentence`]. Out: whether it is a candidate key point. Nothing here rewrites text
//! (picked sentences stay verbatim); noisy sentences are simply never candidates.

use crate::segment::Sentence;
use crate::text;

/// Sentences shorter than this are never picked (fragments, datelines, captions).
pub const MIN_WORDS: usize = 8;
/// Sentences longer than this are never picked (run-ons, lists glued together).
pub const MAX_WORDS: usize = 55;

/// Whether a sentence may be picked at all (length, form, wire-service noise).
pub fn eligible(s: &Sentence) -> bool {
    eligible_with_words(s, text::word_count(&s.text))
}

/// [`eligible`] for a sentence whose word count is known.
pub fn eligible_with_words(s: &Sentence, words: usize) -> bool {
    !s.heading
        && (MIN_WORDS..=MAX_WORDS).contains(&words)
        && ends_like_sentence(&s.text)
        && !is_noise(&s.text)
}

/// Whether text ends like a sentence (final punctuation, possibly inside closing quotes):
/// headings and captions without a full stop are not key points.
pub fn ends_like_sentence(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']']);
    t.ends_with(['.', '!', '?', '\u{2026}'])
}

/// Wire-service and web furniture that reads like a sentence but is not news content:
/// editors' notes ("3rd graf pvs", "Ld-Writethru"), bylines and contact lines, links,
/// questions, and sentences that start in the middle of something (lower case, a
/// conjunction-less quote continuation).
pub fn is_noise(text: &str) -> bool {
    let t = text.trim();
    let first = t.chars().find(|c| c.is_alphanumeric());
    // Questions are rarely the news itself.
    if first.is_some_and(|c| c.is_lowercase())
        || t.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']).ends_with('?')
    {
        return true;
    }
    // The markers are ASCII (and `©`), so ASCII lower case finds the same ones.
    let lower = t.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        " graf ",
        " pvs",
        "writethru",
        "http://",
        "https://",
        "www.",
        "associated press writer",
        "copyright ©",
        "©",
        "all rights reserved",
        "click here",
        "subscribe to our",
        "sign up for our",
        "___",
    ];
    if MARKERS.iter().any(|m| lower.contains(m)) || lower.starts_with("ld-") || lower.contains(" ld-") {
        return true;
    }
    // An e-mail address (`name@host.tld`) marks a contact line; a lone `@` (a handle, a
    // symbol) does not.
    t.contains('@')
        && t.split_whitespace()
            .any(|w| w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')))
}

/// First words that point back to an earlier sentence (pronouns, connectives): such a
/// sentence reads badly out of context.
const DANGLING_STARTS: &[&str] = &[
    "also",
    "and",
    "besides",
    "both",
    "but",
    "he",
    "her",
    "his",
    "however",
    "i",
    "instead",
    "it",
    "its",
    "meanwhile",
    "moreover",
    "my",
    "nevertheless",
    "our",
    "she",
    "so",
    "still",
    "such",
    "that",
    "their",
    "then",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "we",
    "yet",
    "you",
];

/// Whether the sentence starts with a quotation mark (a quote rarely states the news itself).
pub fn starts_with_quote(text: &str) -> bool {
    text.trim_start().starts_with(['"', '\u{201c}', '\'', '\u{2018}'])
}

/// Whether the first word refers back to something before (a pronoun or connective).
pub fn starts_dangling(text: &str) -> bool {
    let first = text.split_whitespace().next().unwrap_or("");
    let word: String = first.chars().take_while(|c| c.is_alphabetic()).collect::<String>().to_lowercase();
    DANGLING_STARTS.binary_search(&word.as_str()).is_ok()
}

/// Agency credits that mark a wire dateline: `CITY, Country (AP) -- The news…`.
const AGENCIES: &[&str] = &["(AP)", "(Reuters)", "(AFP)", "(UPI)", "(Xinhua)", "(dpa)", "(Bloomberg)"];

/// The sentence without a leading wire dateline (`BRUSSELS, Belgium (AP) - `), as a suffix
/// slice of `text`; `text` itself when it has none.
pub fn strip_dateline(text: &str) -> &str {
    // Every agency credit starts with `(` within the first 80 bytes: most sentences have none.
    let window = text.get(..text.len().min(81)).unwrap_or(text);
    if !window.contains('(') {
        return text;
    }
    for agency in AGENCIES {
        let Some(at) = text.find(agency) else { continue };
        let head = &text[..at];
        // A dateline is a short place name in capitals: at most 6 words, no quotes.
        let first_word = head.split_whitespace().next().unwrap_or("");
        let capitals = first_word.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !first_word.chars().any(char::is_lowercase);
        if at > 80 || text::word_count(head) > 6 || head.contains(['"', '\u{201c}']) || !capitals {
            continue;
        }
        let rest = text[at + agency.len()..].trim_start_matches([' ', '-', '_', '\u{2013}', '\u{2014}', ':']);
        if rest.starts_with(|c: char| c.is_uppercase() || c == '"' || c == '\u{201c}' || c.is_ascii_digit()) {
            return rest;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn noise_markers_do_not_hit_ordinary_words() {
        for ok in [
            "The world-class port handled a record cargo volume last year.",
            "Russia did not subscribe to the plan, the minister said.",
            "Users tagged the post with @ref and other handles.",
        ] {
            assert!(!super::is_noise(ok), "{ok}");
        }
        for noise in ["Contact the desk at news@example.org for details.", "Ld-Writethru the minister said."]
        {
            assert!(super::is_noise(noise), "{noise}");
        }
    }

    use super::*;

    #[test]
    fn wire_furniture_is_noise() {
        assert!(is_noise("The building had two exits, 3rd graf pvs."));
        assert!(is_noise("By John Doe, Associated Press Writer."));
        assert!(is_noise("and then the talks resumed on Monday in the capital."));
        assert!(is_noise("What happens next for the talks in the capital?"));
        assert!(!is_noise("The talks resumed on Monday in the capital after a week."));
    }

    #[test]
    fn dangling_starts_are_sorted_and_found() {
        let mut sorted = DANGLING_STARTS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, DANGLING_STARTS);
        assert!(starts_dangling("They left."));
        assert!(starts_dangling("But, in the end, talks failed."));
        assert!(!starts_dangling("Theirs is a new plan."));
        assert!(starts_with_quote("\"We will win,\" he said."));
    }

    #[test]
    fn datelines_are_stripped() {
        assert_eq!(strip_dateline("PARIS, France (AP) -- The talks resumed."), "The talks resumed.");
        assert_eq!(strip_dateline("BERLIN (Reuters) - Talks resumed."), "Talks resumed.");
        assert_eq!(strip_dateline("The talks resumed (AP) today."), "The talks resumed (AP) today.");
        assert_eq!(strip_dateline("No dateline here."), "No dateline here.");
    }

    #[test]
    fn sentences_end_with_final_punctuation() {
        assert!(ends_like_sentence("He left.\""));
        assert!(ends_like_sentence("Really?)"));
        assert!(!ends_like_sentence("A caption without a stop"));
    }
}
