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
        && !is_platitude(&s.text)
}

/// Verdicts that make a sentence a writer's opinion when nobody is quoted as holding it ("…
/// coordinated efforts among allies are paramount").
const VERDICTS: &[&str] = &[
    " is essential",
    " are essential",
    " is paramount",
    " are paramount",
    " is crucial",
    " are crucial",
    " is vital",
    " are vital",
    " is imperative",
    " will be essential",
    " will be crucial",
    " remains essential",
    " remain essential",
    "it is important to",
    "it is essential to",
    "it is crucial to",
    "it is vital to",
];

/// Verbs and phrases that attribute a verdict to someone ("…, Rutte said").
const ATTRIBUTIONS: &[&str] = &[
    " said",
    " say",
    " told",
    "according to",
    " argue",
    " warn",
    " stressed",
    " insist",
    " urge",
    " suggest",
    " predict",
    " claim",
    " believe",
    " expect",
    " report",
];

/// Whether a sentence is a writer's guess rather than a report: it hedges ("could", "might",
/// "may"), names no figure and attributes the guess to no one ("Even if European governments
/// pledge support, domestic opposition could complicate deployment"). Such a sentence is a
/// point only when a section has nothing better.
pub fn is_speculation(text: &str) -> bool {
    let lower = text.to_lowercase();
    crate::text::words(&lower).iter().any(|w| matches!(w.as_str(), "could" | "might" | "may"))
        && !ATTRIBUTIONS.iter().any(|a| lower.contains(a))
        && !lower.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a sentence is an essayist's verdict rather than reported news: it pronounces
/// something essential, paramount, crucial or vital, names no figure, and attributes the view
/// to no one ("Creating an effective dialogue among allies is essential at this juncture").
pub fn is_platitude(text: &str) -> bool {
    // Every verdict holds one of these words, in lower case: most sentences are ruled out by a
    // few substring searches, without lower-casing them (searchers built once per process).
    static HEADS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 6]> =
        std::sync::LazyLock::new(|| {
            ["essential", "paramount", "crucial", "vital", "imperative", "important"]
                .map(memchr::memmem::Finder::new)
        });
    if !HEADS.iter().any(|h| h.find(text.as_bytes()).is_some()) {
        return false;
    }
    let lower = text.to_lowercase();
    VERDICTS.iter().any(|v| lower.contains(v))
        && !ATTRIBUTIONS.iter().any(|a| lower.contains(a))
        && !lower.bytes().any(|b| b.is_ascii_digit())
}

/// Whether text ends like a sentence (final punctuation, possibly inside closing quotes):
/// headings and captions without a full stop are not key points.
pub fn ends_like_sentence(text: &str) -> bool {
    text::final_punctuation(text).is_some_and(|c| matches!(c, '.' | '!' | '?' | '\u{2026}'))
}

/// Wire-service and web furniture that reads like a sentence but is not news content:
/// editors' notes ("3rd graf pvs", "Ld-Writethru"), bylines and contact lines, links,
/// questions, and sentences that start in the middle of something (lower case, a
/// conjunction-less quote continuation).
pub fn is_noise(text: &str) -> bool {
    let t = text.trim();
    let first = t.chars().find(|c| c.is_alphanumeric());
    // Questions are rarely the news itself.
    if first.is_some_and(|c| c.is_lowercase()) || text::final_punctuation(t) == Some('?') {
        return true;
    }
    if has_marker(t) {
        return true;
    }
    // An e-mail address (`name@host.tld`) marks a contact line; a lone `@` (a handle, a
    // symbol) does not.
    t.contains('@')
        && t.split_whitespace()
            .any(|w| w.split_once('@').is_some_and(|(user, host)| !user.is_empty() && host.contains('.')))
}

/// Whether `t` contains, ignoring ASCII case, a marker of wire-service or web furniture:
/// " graf ", " pvs", "writethru", "http://", "https://", "www.", "associated press writer",
/// "©", "all rights reserved", "click here", "subscribe to our", "sign up for our", "times
/// said in an editorial ", "___", " ld-", or starts with "ld-". One pass: each pair of bytes is
/// compared only with the markers that start with it (bytes folded with `| 0x20`, which
/// lower-cases ASCII letters; the comparison that follows is exact).
fn has_marker(t: &str) -> bool {
    let b = t.as_bytes();
    let at = |i: usize, m: &[u8]| b.len() - i >= m.len() && b[i..i + m.len()].eq_ignore_ascii_case(m);
    // Bytes (folded) that start a marker: most bytes are ruled out by one table lookup. 0xE2 is
    // 0xC2 folded, the first byte of "©" (U+00A9 = C2 A9); 0x7F is '_' (0x5F) folded. Other
    // bytes fold onto them too (0xE2 starts "≠"), which the exact comparison then rejects.
    const STARTS: [bool; 256] = {
        let mut t = [false; 256];
        let starts = [b' ', b'w', b'h', b'a', b'c', b's', b't', 0xE2, 0x7F];
        let mut k = 0;
        while k < starts.len() {
            t[starts[k] as usize] = true;
            k += 1;
        }
        t
    };
    let mut found = false;
    for i in 0..b.len().saturating_sub(1) {
        let c = b[i] | 0x20;
        if !STARTS[c as usize] {
            continue;
        }
        found = match [c, b[i + 1] | 0x20] {
            [b' ', b'g'] => at(i, b" graf "),
            [b' ', b'p'] => at(i, b" pvs"),
            [b' ', b'l'] => at(i, b" ld-"),
            [b'w', b'r'] => at(i, b"writethru"),
            [b'w', b'w'] => at(i, b"www."),
            [b'h', b't'] => at(i, b"http://") || at(i, b"https://"),
            [b'a', b's'] => at(i, b"associated press writer"),
            [b'a', b'l'] => at(i, b"all rights reserved"),
            [b'c', b'l'] => at(i, b"click here"),
            [0xE2, 0xA9] => at(i, "©".as_bytes()),
            [b's', b'u'] => at(i, b"subscribe to our"),
            [b's', b'i'] => at(i, b"sign up for our"),
            // "The New York Times said in an editorial for Sunday, Dec. 20:" (news-service header).
            [b't', b'i'] => at(i, b"times said in an editorial "),
            [0x7F, 0x7F] => at(i, b"___"),
            _ => false,
        };
        if found {
            break;
        }
    }
    found || at(0, b"ld-")
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
    let word = &first[..first.len() - first.trim_start_matches(char::is_alphabetic).len()];
    if word.is_ascii() {
        // Lower-cased on the stack: no dangling start is longer than the buffer (tested).
        let mut buf = [0u8; 16];
        let Some(lower) = buf.get_mut(..word.len()) else { return false };
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        return DANGLING_STARTS.binary_search_by(|d| d.as_bytes().cmp(lower)).is_ok();
    }
    DANGLING_STARTS.binary_search(&word.to_lowercase().as_str()).is_ok()
}

/// Nouns that, after "The", refer back to something the reader was told before ("The
/// government said …": which government?).
const BACK_REFERENCES: &[&str] = &[
    "accord",
    "agency",
    "agreement",
    "attack",
    "authorities",
    "bill",
    "body",
    "company",
    "country",
    "court",
    "deadline",
    "deal",
    "decision",
    "defendant",
    "defendants",
    "discussions",
    "document",
    "draft",
    "group",
    "incident",
    "investigation",
    "king",
    "leader",
    "leaders",
    "man",
    "measure",
    "meeting",
    "minister",
    "ministers",
    "ministry",
    "move",
    "negotiations",
    "official",
    "officials",
    "operation",
    "party",
    "plan",
    "police",
    "president",
    "program",
    "programme",
    "project",
    "proposal",
    "rallies",
    "rally",
    "report",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "statement",
    "summit",
    "suspect",
    "talks",
    "trial",
    "unrest",
    "violence",
    "visit",
    "vote",
    "woman",
];

/// Whether a sentence can stand on its own, as a bottom-line point must: it names who or what
/// it is about (a capitalised name that is not the sentence's first word, a month or a
/// weekday, or a first word that is a name) and does not open on a reference to something
/// before it — a pronoun or connective ([`starts_dangling`]), a quote, or "The/This/That …"
/// followed by a common noun such as "government", "official", "plan".
pub fn stands_alone(text: &str) -> bool {
    use crate::lexicon;
    let text = strip_dateline(text);
    if starts_with_quote(text) || opens_on_reference(text) {
        return false;
    }
    let toks: Vec<crate::tokens::Tok> =
        crate::tokens::tokenize(text).into_iter().filter(|t| t.is_word()).collect();
    let Some(first) = toks.first() else { return false };
    let first_lower = first.lower();
    let named = |t: &crate::tokens::Tok| t.is_cap() && !lexicon::is_calendar(t.text) && t.text != "I";
    let first_is_name = named(first)
        && !lexicon::is_common_initial(first.text)
        && !lexicon::is_role_head(first.text)
        && !BACK_REFERENCES.contains(&first_lower.as_str());
    first_is_name || toks[1..].iter().any(named)
}

/// Attributions to someone the sentence does not name ("…, the official said").
const UNNAMED_SOURCES: &[&str] = &[
    "the official said",
    "the official told",
    "the officials said",
    "the source said",
    "the sources said",
    "the spokesman said",
    "the spokeswoman said",
    "the spokesperson said",
    "the source acknowledged",
];

/// A pronoun as the attribution ("…, he told reporters"): who is "he", unless the sentence
/// names someone before it?
const PRONOUN_ATTRIBUTIONS: &[&str] =
    &[", he said", ", he told", ", he added", ", she said", ", she told", ", she added", ", they said"];

/// Whether `text` names someone: a capitalised word after the first that is not a month,
/// weekday, nationality, place or acronym ("Putin" in "Before he met with Witkoff, Putin …").
fn names_someone(text: &str) -> bool {
    use crate::lexicon;
    crate::tokens::tokenize(text).iter().filter(|t| t.is_word()).skip(1).any(|t| {
        t.is_cap()
            && !lexicon::is_calendar(t.text)
            && !lexicon::is_nationality(t.text)
            && !lexicon::is_non_person(t.text)
            && !lexicon::is_acronym(t.text)
            && t.text != "I"
    })
}

/// Whether a sentence depends on what came before it in its article: it opens on a pronoun or
/// connective ([`starts_dangling`]), on "Another …", on "The/This/That/These/Those" and a noun
/// that points back ("The government", "The official", "This move"), or attributes itself to
/// an unnamed "the official" / "the spokesman".
pub fn opens_on_reference(text: &str) -> bool {
    let text = strip_dateline(text);
    if starts_dangling(text) {
        return true;
    }
    let toks: Vec<crate::tokens::Tok> =
        crate::tokens::tokenize(text).into_iter().filter(|t| t.is_word()).take(3).collect();
    let Some(first) = toks.first() else { return false };
    let first_lower = first.lower();
    if matches!(first_lower.as_str(), "another" | "other" | "such") {
        return true;
    }
    // "Izildo, 30, who was shot Sunday, …": one name and an age introduce someone the article
    // named in full before.
    if toks.len() >= 2 && first.is_cap() && !crate::lexicon::is_place(first.text) {
        let rest = text[first.end()..].trim_start();
        if let Some(after) = rest.strip_prefix(',') {
            let age = after.trim_start();
            let digits = age.bytes().take_while(u8::is_ascii_digit).count();
            if (1..=3).contains(&digits) && age[digits..].starts_with(',') {
                return true;
            }
        }
    }
    // "A third leading advocate …", "The second attack …": third after whom?
    if matches!(first_lower.as_str(), "a" | "the")
        && toks.get(1).is_some_and(|t| {
            matches!(
                t.lower().as_str(),
                "second" | "third" | "fourth" | "fifth" | "latest" | "same" | "younger" | "elder"
            )
        })
    {
        return true;
    }
    if matches!(first_lower.as_str(), "the" | "this" | "that" | "these" | "those" | "a" | "an")
        && toks.get(1).is_some_and(|t| {
            !t.is_cap()
                && (BACK_REFERENCES.contains(&t.lower().as_str())
                    || first_lower != "the" && first_lower != "a")
        })
    {
        return true;
    }
    // "The initial draft …": an adjective between "The" and the noun that points back.
    if first_lower == "the"
        && toks.get(1).is_some_and(|t| !t.is_cap() && !BACK_REFERENCES.contains(&t.lower().as_str()))
        && toks.get(2).is_some_and(|t| !t.is_cap() && BACK_REFERENCES.contains(&t.lower().as_str()))
    {
        return true;
    }
    // "One interpretation of this decision is …": a demonstrative and noun later in the first
    // clause points back too ("this week" is a time).
    if demonstrative_in_first_clause(text) {
        return true;
    }
    let lower = text.to_lowercase();
    // "arrived here Wednesday": where is here, without the dateline the article left out?
    let here = crate::text::words(&lower).iter().any(|w| w == "here")
        && !crate::tokens::quoted_spans(text)
            .iter()
            .any(|&(a, b)| text[a..b].to_lowercase().contains("here"));
    here || unnamed_party(text)
        || UNNAMED_SOURCES.iter().any(|u| lower.contains(u))
        || follows_on(&lower)
        || PRONOUN_ATTRIBUTIONS.iter().any(|p| lower.find(p).is_some_and(|at| !names_someone(&text[..at])))
        || pronoun_after_opening_phrase(text)
}

/// "In addition to serving as secretary of state, he now also oversees …": an opening phrase,
/// then a pronoun as the subject, with nobody named before it.
fn pronoun_after_opening_phrase(text: &str) -> bool {
    let Some((opening, rest)) = text.split_once(", ") else { return false };
    let subject = rest.split_whitespace().next().unwrap_or("");
    matches!(subject, "he" | "she" | "they" | "his" | "her" | "their") && !names_someone(opening)
}

/// "More than 100,000 party supporters filled a stadium": which party, when the sentence names
/// none ("Party" in a name) ?
fn unnamed_party(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    !words.iter().any(|w| w.starts_with("Party"))
        && words.windows(2).any(|w| {
            w[0] == "party"
                && matches!(
                    w[1].trim_end_matches([',', '.']),
                    "supporters"
                        | "members"
                        | "leaders"
                        | "officials"
                        | "activists"
                        | "loyalists"
                        | "workers"
                )
        })
}

/// Whether the first clause (up to the first comma) holds "this/these/those" before a common noun
/// other than a time ("this decision", "these provisions"; not "this week").
fn demonstrative_in_first_clause(text: &str) -> bool {
    let first_clause = text.split([',', ';', ':']).next().unwrap_or("");
    let toks: Vec<crate::tokens::Tok> =
        crate::tokens::tokenize(first_clause).into_iter().filter(|t| t.is_word()).collect();
    toks.windows(2).skip(1).any(|w| {
        matches!(w[0].lower().as_str(), "this" | "these" | "those")
            && !w[1].is_cap()
            && !crate::lexicon::is_calendar(w[1].text)
            && !matches!(
                w[1].lower().as_str(),
                "week"
                    | "weekend"
                    | "month"
                    | "year"
                    | "morning"
                    | "afternoon"
                    | "evening"
                    | "summer"
                    | "winter"
                    | "spring"
                    | "autumn"
                    | "fall"
                    | "season"
                    | "time"
                    | "century"
                    | "decade"
                    | "kind"
                    | "sort"
                    | "type"
                    | "is"
                    | "was"
                    | "will"
                    | "has"
                    | "had"
            )
    })
}

/// Whether a sentence continues an account it is not part of: "Rutte later told …" (later
/// than what?), "… however." (against what?), "X then said …".
fn follows_on(lower: &str) -> bool {
    let first_clause = lower.split([',', ';', ':']).next().unwrap_or("");
    let words = crate::text::words(first_clause);
    // "later" or "then" as the subject's adverb: "Rutte later told", "The minister then said";
    // "later this year" is a time, not a reference.
    let adverb = words.iter().enumerate().skip(1).take(3).any(|(k, w)| {
        (w == "later" || w == "then")
            && !matches!(
                words.get(k + 1).map(String::as_str),
                Some("this" | "in" | "next" | "on" | "than") | None
            )
    });
    let however = words.iter().any(|w| w == "however")
        || lower.trim_end_matches(|c: char| !c.is_alphanumeric()).ends_with("however");
    // "Friday they will again enter …": a time, then a pronoun for someone named before.
    let time_then_pronoun = words.len() > 1
        && (crate::lexicon::is_weekday(&words[0])
            || matches!(words[0].as_str(), "today" | "tomorrow" | "yesterday"))
        && matches!(words[1].as_str(), "he" | "she" | "they" | "it" | "his" | "her" | "their" | "its");
    adverb
        || however
        || time_then_pronoun
        || lower.starts_with("in other ")
        || lower.starts_with("in another ")
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
    fn verdicts_nobody_holds_are_not_points() {
        use super::is_platitude;
        for essay in [
            "As the conflict in Ukraine continues to unfold, clear, consistent communication and coordinated efforts among NATO allies are paramount.",
            "Creating an effective dialogue among NATO and EU allies is essential at this juncture.",
            "It is important to remember that the alliance has weathered crises before.",
        ] {
            assert!(is_platitude(essay), "{essay}");
        }
        for news in [
            "Unity among allies is essential, Rutte said on Wednesday.",
            "According to the minister, air defence is vital for the coming winter.",
            "Funding of 40 billion euros is essential to keep the programme running.",
            "The ministers agreed on a plan to send more air defence systems to Ukraine.",
            "Doctors said his condition was critical after the crash.",
        ] {
            assert!(!is_platitude(news), "{news}");
        }
    }

    #[test]
    fn unattributed_guesses_are_speculation() {
        use super::is_speculation;
        assert!(is_speculation(
            "Even if European governments pledge support, domestic opposition could complicate deployment."
        ));
        assert!(is_speculation("The alliance may find itself divided over the plan."));
        assert!(!is_speculation("The alliance may be divided over the plan, Rutte warned."));
        assert!(!is_speculation("The storm could bring 20 centimetres of rain to the coast."));
        assert!(!is_speculation("Ministers agreed to send more air defence systems to Ukraine."));
        assert!(!is_speculation("Trump recently suggested that France and Britain might commit troops."));
    }

    #[test]
    fn bottom_line_points_stand_alone() {
        use super::stands_alone;
        for ok in [
            "Hurricane Mitch killed at least 9,000 people in Honduras and Nicaragua.",
            "The U.N. Security Council voted to extend the mission in Kosovo by six months.",
            "Pinochet was arrested in London on a Spanish warrant.",
            "Rescuers searched for three yachts missing in the Sydney-Hobart race.",
        ] {
            assert!(stands_alone(ok), "{ok}");
        }
        for bad in [
            "The government has said it has no plans to hold a referendum before the year 2001.",
            "The official said talks would resume on Monday.",
            "He said the talks would resume on Monday in Geneva.",
            "This is the first time the alliance has met without its members.",
            "Officials said the storm had weakened over the weekend.",
            "\"We will not give up,\" said Ahmed.",
            "The storm weakened on Monday after it had crossed the coast.",
        ] {
            assert!(!stands_alone(bad), "{bad}");
        }
        use super::opens_on_reference;
        for dependent in [
            "Another key focus will be sustaining military support for Ukraine.",
            "Umerov accepted, the official said, and negotiations will continue in Florida.",
            "The spokesman said the talks had gone well in Geneva.",
            "They met in Geneva on Monday.",
            "This move angered the government in Kyiv.",
            "Rutte later told journalists that the talks were central.",
            "One interpretation of this decision is that the alliance may be a hindrance.",
            "The initial draft included limits on the size of the army.",
            "In addition to serving as secretary of state, he now also oversees the archives.",
            "Also Wednesday, the foreign minister said the talks would go on.",
            "Izildo, 30, who was shot Sunday, was being treated at a military hospital in Dili.",
            "More than 100,000 party supporters filled a sports stadium in Jakarta on Sunday.",
            "The violence in the city of Kupang followed the burning of churches in Jakarta.",
            "A third leading advocate of the party, Wang Lin, was accused of subversion.",
            "The defendant is Qin Min, 45, a democracy advocate.",
            "A Chinese dissident arrived here Wednesday and announced a demonstration.",
            "The king pressured both sides to reach agreement.",
            "The minister then said the talks were over.",
            "Some European nations have expressed extreme disquiet at being sidelined, however.",
            "However, Kyiv rejected the plan on Monday.",
            "The ministers will also discuss hybrid threats.",
            "Russia has no intention of going to war with Europe, he told reporters.",
            "In other progress, the two countries will open interest sections next month.",
            "Friday they will again enter the station to prepare for the next module.",
        ] {
            assert!(opens_on_reference(dependent), "{dependent}");
        }
        for whole in [
            "Talks in Geneva went well, Swiss officials said.",
            "Rutte will travel to Kyiv later this month.",
            "Ministers agreed later in the day to extend the sanctions.",
            "Before he met with Witkoff on Tuesday, Putin said Europe had, he said, removed itself.",
            "Ministers met this week in Brussels to plan the next summit.",
            "More than 100,000 United Development Party supporters filled a stadium in Jakarta.",
            "The first round of talks ended on Monday in Geneva.",
        ] {
            assert!(!opens_on_reference(whole), "{whole}");
        }
    }

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
        assert!(is_noise(
            "The New York Times said in an editorial for Sunday, Dec. 20: The vote was partisan."
        ));
        assert!(is_noise("and then the talks resumed on Monday in the capital."));
        assert!(is_noise("What happens next for the talks in the capital?"));
        assert!(!is_noise("The talks resumed on Monday in the capital after a week."));
    }

    /// The one-pass marker search finds what lower-casing and searching for each marker finds.
    #[test]
    fn markers_are_found_in_any_case_and_place() {
        let markers = [
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
            "times said in an editorial ",
            "___",
            " ld-",
        ];
        let reference = |t: &str| {
            let lower = t.to_ascii_lowercase();
            markers.iter().any(|m| lower.contains(m)) || lower.starts_with("ld-")
        };
        let mut texts = vec!["".to_string(), "ld-".into(), "LD-x".into(), "l".into(), "Hold-up".into()];
        for m in markers {
            let upper = m.to_ascii_uppercase();
            let near: String = m.chars().take(m.chars().count() - 1).collect();
            for variant in [m, upper.as_str(), near.as_str()] {
                for (a, b) in [("", ""), ("The ", " end."), ("x", "y"), ("©", "")] {
                    texts.push(format!("{a}{variant}{b}"));
                }
            }
        }
        for t in &texts {
            assert_eq!(has_marker(t), reference(t), "{t:?}");
        }
        assert!(texts.iter().filter(|t| has_marker(t)).count() > 60);
    }

    #[test]
    fn dangling_starts_are_sorted_and_found() {
        let mut sorted = DANGLING_STARTS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, DANGLING_STARTS);
        assert!(DANGLING_STARTS.iter().all(|d| d.len() <= 16));
        assert!(
            starts_dangling("THEY left.") && starts_dangling("«They» left.") == starts_dangling("« They")
        );
        assert!(!starts_dangling("Theyyyyyyyyyyyyyyyyyyyy left."));
        assert!(starts_dangling("Él dijo.") == DANGLING_STARTS.contains(&"él"));
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

    #[test]
    fn questions_are_found_by_the_one_sentence_end_check() {
        assert!(is_noise("Will the ministers agree on the budget this week?"));
        assert!(is_noise("Officials asked: \"Will the ministers agree on the budget this week?\" "));
        // Past a closing square bracket too, as everywhere else.
        assert!(is_noise("Officials asked whether the ministers would agree [on the budget?]"));
        assert!(!is_noise("The ministers agreed on the budget this week."));
    }
}
