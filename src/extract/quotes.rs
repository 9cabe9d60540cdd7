//! Quotes: attributed quotations.
//!
//! In: [`Sentence`]s and the [`ActorIndex`] of the same sentences. Out: [`Quote`]s in reading
//! order, each with its speaker and the sentence(s) it comes from.
//!
//! A quote is the double-quoted text of a sentence (straight or curly marks, mixed pairs
//! accepted, an unclosed mark runs on into the next sentences of the paragraph). Passages of
//! fewer than three words are scare quotes and ignored; the rest must total six words or more.
//! The speaker comes from a speech verb outside the quotation marks: `"…," X said`,
//! `"…," said X, a …`, `X said: "…"`, `X, the …, told reporters`, `a senior official told …`,
//! `… but said "…"` (the clause subject). A pronoun (`he told reporters`) resolves to the
//! speaker of the previous sentence when that is unambiguous (the subject of its speech verb,
//! its quote's speaker, or its only named person); otherwise the quote is left out.
//! A sentence that only continues a quotation (`"No doubt."` after `"…," he said.`) is appended
//! to the previous quote.

use super::actors::{ActorIndex, ActorKind};
use super::is_title_line;
use crate::lexicon as lex;
use crate::segment::Sentence;
use crate::tokens::{Tok, quote_kind};
use serde::Serialize;

/// One attributed quotation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The quoted words without quotation marks; separate passages joined by ` … `.
    pub text: String,
    /// Who said it: an actor's name, or a description (`a senior State Department official`).
    pub speaker: String,
    /// Whether `speaker` is a named actor (else a description).
    pub named: bool,
    /// Whether the speaker was found through a pronoun (`he said`).
    pub via_pronoun: bool,
    /// Article index.
    pub doc: usize,
    /// First sentence of the quote.
    pub index: usize,
    /// Last sentence of the quote (equal to `index` unless the quote runs on).
    pub last_index: usize,
}

/// Minimum words of a quoted passage (shorter ones are scare quotes).
const MIN_PASSAGE_WORDS: usize = 3;
/// Minimum words of a quote (all passages of the sentence together).
const MIN_QUOTE_WORDS: usize = 6;

#[derive(Debug, Clone, PartialEq)]
enum Speaker {
    Actor(usize),
    Nominal(String),
}

/// Finds the quotes of `sentences` (see the module doc).
pub fn extract(sentences: &[Sentence], actors: &ActorIndex) -> Vec<Quote> {
    extract_with(sentences, &super::tokenize_all(sentences), actors)
}

/// [`extract`] with the tokens of each sentence already found (`toks_of[i]` for `sentences[i]`,
/// from [`super::tokenize_all`]).
pub fn extract_with(sentences: &[Sentence], toks_of: &[Vec<Tok>], actors: &ActorIndex) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    // Per sentence: the speaker its quote was given (for pronouns and run-on quotes).
    let mut said_by: Vec<Option<Speaker>> = vec![None; sentences.len()];
    for (pos, (s, (spans, was_carried))) in sentences.iter().zip(passages_of(sentences)).enumerate() {
        let prev = pos.checked_sub(1).filter(|&p| sentences[p].doc == s.doc);
        if spans.is_empty() {
            continue;
        }
        let toks = toks_of[pos].as_slice();
        let inside = |t: &Tok| crate::tokens::in_spans(&spans, t.start(), t.end());
        let passages: Vec<&str> = spans
            .iter()
            .map(|&(a, b)| s.text[a..b].trim_matches(|c: char| quote_kind(c).is_some() || c.is_whitespace()))
            .map(|p| p.trim_end_matches([',', ' ']))
            .filter(|p| crate::text::word_count(p) >= MIN_PASSAGE_WORDS)
            .collect();
        let words: usize = passages.iter().map(|p| crate::text::word_count(p)).sum();
        let outside_words = toks.iter().filter(|t| t.is_word() && !inside(t)).count();
        let mentions = sentence_mentions(s, toks, actors);

        // Speaker from this sentence.
        let mut via_pronoun = false;
        let mut speaker = attribute(&s.text, toks, &inside, &mentions, actors);
        if let Some(Attribution::Pronoun) = speaker {
            via_pronoun = true;
            speaker = prev
                .and_then(|p| {
                    said_by[p].clone().or_else(|| context_speaker(&sentences[p], &toks_of[p], actors))
                })
                .map(Attribution::Found);
        }
        match speaker {
            Some(Attribution::Found(sp))
                if words >= MIN_QUOTE_WORDS && !states_an_aim(&s.text, &spans, &passages) =>
            {
                said_by[pos] = Some(sp.clone());
                let (name, named) = match &sp {
                    Speaker::Actor(a) => (actors.actors[*a].name.clone(), true),
                    Speaker::Nominal(n) => (n.clone(), false),
                };
                out.push(Quote {
                    text: passages.join(" … "),
                    speaker: name,
                    named,
                    via_pronoun,
                    doc: s.doc,
                    index: s.index,
                    last_index: s.index,
                });
            }
            Some(Attribution::Found(sp)) => {
                // Too short to report, but it still tells who is speaking.
                said_by[pos] = Some(sp);
            }
            _ => {
                // A sentence that only continues the previous quote.
                let continues = outside_words == 0
                    && (was_carried || s.text.starts_with(|c: char| quote_kind(c).is_some()));
                if continues
                    && let Some(p) = prev
                    && let Some(sp) = said_by[p].clone()
                    && let Some(q) = out.last_mut()
                    && q.doc == s.doc
                    && q.last_index + 1 == s.index
                {
                    let all: Vec<&str> = spans
                        .iter()
                        .map(|&(a, b)| {
                            s.text[a..b].trim_matches(|c: char| quote_kind(c).is_some() || c.is_whitespace())
                        })
                        .collect();
                    q.text.push_str(if was_carried { " " } else { " … " });
                    q.text.push_str(&all.join(" … "));
                    q.last_index = s.index;
                    said_by[pos] = Some(sp);
                }
            }
        }
    }
    out
}

/// Words that, opening a quote in lower case, leave its subject outside the quote.
const SUBJECTLESS_OPENINGS: &[&str] = &[
    "to", "has", "have", "had", "is", "are", "was", "were", "will", "would", "should", "can", "could",
    "must", "may", "might",
];

/// Whether the quote opens on an infinitive or a verb whose subject is outside it ("Russia wanted
/// “to push out Americans …”, he added"; the official said Rubio “has already attended dozens
/// of meetings …”): shown alone under the speaker's name, the words read as being about the
/// speaker, or about no one.
fn states_an_aim(text: &str, spans: &[(usize, usize)], passages: &[&str]) -> bool {
    // "… invited the delegation to “continue our talks in America”": the infinitive's "to" is
    // outside the quote.
    let after_to = spans.first().is_some_and(|&(a, _)| {
        let before = text[..a].trim_end().to_lowercase();
        before.ends_with(" to") && passages.first().is_some_and(|p| p.starts_with(char::is_lowercase))
    });
    after_to
        || passages
            .first()
            .and_then(|p| p.split_whitespace().next())
            .is_some_and(|w| SUBJECTLESS_OPENINGS.contains(&w))
}

/// The quoted spans of each sentence, in order, and whether it starts inside a quotation
/// carried over from the sentence before (same block); headline lines have none.
fn passages_of(sentences: &[Sentence]) -> Vec<(Vec<(usize, usize)>, bool)> {
    let mut out = Vec::with_capacity(sentences.len());
    let mut carry_open = false;
    for (pos, s) in sentences.iter().enumerate() {
        let prev = pos.checked_sub(1).filter(|&p| sentences[p].doc == s.doc);
        if prev.is_none() || prev.is_some_and(|p| sentences[p].block != s.block) {
            carry_open = false;
        }
        if is_title_line(s) {
            carry_open = false;
            out.push((Vec::new(), false));
            continue;
        }
        let (spans, open_at_end) = spans_with_carry(&s.text, carry_open);
        out.push((spans, carry_open));
        carry_open = open_at_end;
    }
    out
}

/// Which sentences' tokens [`extract_with`] reads: those with a quoted passage and the
/// sentence before each (where a pronoun's speaker is looked for). The others' token lists
/// may be left empty.
pub fn reads_tokens(sentences: &[Sentence]) -> Vec<bool> {
    let mut reads = vec![false; sentences.len()];
    for (pos, (spans, _)) in passages_of(sentences).iter().enumerate() {
        if !spans.is_empty() {
            reads[pos] = true;
            if pos > 0 && sentences[pos - 1].doc == sentences[pos].doc {
                reads[pos - 1] = true;
            }
        }
    }
    reads
}

/// Quoted spans, where `carry_open` means the sentence starts inside a quotation.
fn spans_with_carry(text: &str, carry_open: bool) -> (Vec<(usize, usize)>, bool) {
    let mut spans = Vec::new();
    let mut rest_from = 0;
    if carry_open {
        match text.char_indices().find(|&(_, c)| matches!(quote_kind(c), Some(Some(false) | None))) {
            Some((i, c)) => {
                spans.push((0, i + c.len_utf8()));
                rest_from = i + c.len_utf8();
            }
            None => return (vec![(0, text.len())], true),
        }
    }
    let more = crate::tokens::quoted_spans(&text[rest_from..]);
    let open_at_end = more.last().is_some_and(|&(a, b)| {
        b == text.len() - rest_from && {
            // Closed only if the span ends with a closing mark that is not its opening mark.
            let seg = &text[rest_from + a..rest_from + b];
            seg.chars().count() < 2 || seg.chars().last().is_none_or(|c| quote_kind(c).is_none())
        }
    });
    spans.extend(more.into_iter().map(|(a, b)| (a + rest_from, b + rest_from)));
    (spans, open_at_end)
}

enum Attribution {
    Found(Speaker),
    Pronoun,
}

/// Person/organisation mentions of a sentence as token ranges `[a, b)`.
struct TokMention {
    a: usize,
    b: usize,
    actor: usize,
    possessive: bool,
}

fn sentence_mentions(s: &Sentence, toks: &[Tok], actors: &ActorIndex) -> Vec<TokMention> {
    let mut out = Vec::new();
    for m in actors.mentions_in(s.doc, s.index) {
        let a = toks.partition_point(|t| t.start() < m.start);
        let b = toks.partition_point(|t| t.end() <= m.end);
        if a < b && actors.actors.get(m.actor).is_some_and(|x| x.kind == ActorKind::Person) {
            // `the Trump administration`: a modifier, not a speaker.
            let attributive = a > 0 && is_determiner(&toks[a - 1]);
            out.push(TokMention { a, b, actor: m.actor, possessive: m.possessive || attributive });
        }
    }
    out
}

const ADVERBS: &[&str] =
    &["also", "again", "later", "then", "previously", "earlier", "recently", "once", "has", "had"];

fn is_pronoun(t: &Tok) -> bool {
    matches!(t.text, "he" | "He" | "she" | "She")
}

/// The speaker named in this sentence, or `Pronoun` when a pronoun is the speaker.
fn attribute(
    text: &str,
    toks: &[Tok],
    inside: &dyn Fn(&Tok) -> bool,
    mentions: &[TokMention],
    actors: &ActorIndex,
) -> Option<Attribution> {
    let _ = actors;
    // Bounded work on pathological sentences: the first 32 speech verbs decide.
    let verbs = (0..toks.len())
        .filter(|&v| {
            !inside(&toks[v])
                && (lex::is_speech_verb(toks[v].text) || toks[v].text.eq_ignore_ascii_case("according"))
        })
        .take(32);
    for v in verbs {
        let t = &toks[v];
        let according =
            t.text.eq_ignore_ascii_case("according") && toks.get(v + 1).is_some_and(|u| u.text == "to");
        if inside(t) || !(lex::is_speech_verb(t.text) || according) {
            continue;
        }
        let after = if according { v + 2 } else { v + 1 };
        // Skip adverbs right before the verb.
        let mut k = v;
        while k > 0 && ADVERBS.contains(&toks[k - 1].text) {
            k -= 1;
        }
        if !according {
            // a. A person ending right before the verb, possibly followed by an appositive.
            if let Some(m) =
                mentions.iter().rev().find(|m| !m.possessive && m.b <= k && gap_ok(toks, m.b, k, inside))
            {
                return Some(Attribution::Found(Speaker::Actor(m.actor)));
            }
            // b. A pronoun.
            if k > 0 && is_pronoun(&toks[k - 1]) {
                return Some(Attribution::Pronoun);
            }
            // c. A description (`a senior State Department official`).
            if let Some(n) = nominal_before(text, toks, k) {
                return Some(Attribution::Found(Speaker::Nominal(n)));
            }
            // d. `…, but said` / `and told`: the subject at the clause start.
            if k > 0 && matches!(toks[k - 1].text, "and" | "but") {
                let mut c = toks[..k].iter().rposition(inside).map_or(0, |i| i + 1);
                while c < k
                    && (toks[c].is(',') || lex::is_common_initial(toks[c].text) && !is_determiner(&toks[c]))
                {
                    c += 1;
                }
                if let Some(m) = mentions.iter().find(|m| m.a == c && !m.possessive) {
                    return Some(Attribution::Found(Speaker::Actor(m.actor)));
                }
                if c < k && is_pronoun(&toks[c]) {
                    return Some(Attribution::Pronoun);
                }
                if let Some(n) = nominal_after(text, toks, c) {
                    return Some(Attribution::Found(Speaker::Nominal(n)));
                }
            }
        }
        // e. Verb first: `said Liana Fix, a fellow …`, `according to a senior official`.
        if let Some(m) = mentions.iter().find(|m| m.a == after && !m.possessive) {
            return Some(Attribution::Found(Speaker::Actor(m.actor)));
        }
        if let Some(n) = nominal_after(text, toks, after) {
            return Some(Attribution::Found(Speaker::Nominal(n)));
        }
    }
    None
}

/// Whether the tokens `[from, to)` between a name and its verb are an appositive
/// (`, the E.U.’s chief diplomat,`) or nothing.
fn gap_ok(toks: &[Tok], from: usize, to: usize, inside: &dyn Fn(&Tok) -> bool) -> bool {
    if from == to {
        return true;
    }
    let gap = &toks[from..to];
    gap.len() <= 16
        && gap[0].is(',')
        && gap[gap.len() - 1].is(',')
        && !gap.iter().any(|t| inside(t) || lex::is_speech_verb(t.text) || t.text == "that")
}

fn is_determiner(t: &Tok) -> bool {
    matches!(&*crate::text::lower(t.text), "a" | "an" | "the")
}

fn np_token(t: &Tok) -> bool {
    t.is_word()
        && (lex::is_role_head(t.base())
            || lex::is_role_modifier(t.base())
            || t.is_cap()
            || matches!(t.text, "administration" | "government" | "military" | "defense" | "u.s."))
}

/// A word that may sit inside a description (`port`, `senior`), not a verb-like connector.
fn plain_np_word(t: &Tok) -> bool {
    t.is_word()
        && !lex::is_speech_verb(t.text)
        && !matches!(
            t.text,
            "that" | "who" | "which" | "and" | "but" | "or" | "to" | "of" | "is" | "was" | "has"
        )
}

/// A description ending right before `k`: `a senior U.S. official` (three words or more,
/// ending in a role noun).
fn nominal_before(text: &str, toks: &[Tok], k: usize) -> Option<String> {
    let head = toks.get(k.checked_sub(1)?)?;
    if !lex::is_role_head(head.text) {
        return None;
    }
    // `a senior port official`: a determiner within six plain words before the role noun.
    let start = k.saturating_sub(7);
    if let Some(d) = (start..k - 1).rev().find(|&j| is_determiner(&toks[j]))
        && toks[d + 1..k - 1].iter().all(plain_np_word)
        && k - d >= 3
    {
        return Some(text[toks[d].start()..head.end()].to_string());
    }
    let mut a = k - 1;
    while a > 0 && np_token(&toks[a - 1]) && !toks[a - 1].possessive() {
        a -= 1;
    }
    if a > 0 && (is_determiner(&toks[a - 1]) || toks[a - 1].possessive()) {
        a -= 1;
    }
    (k - a >= 3).then(|| text[toks[a].start()..head.end()].to_string())
}

/// A description starting at `c`: `a senior State Department official` / `A State Department
/// spokesperson` (determiner, modifiers, role noun).
fn nominal_after(text: &str, toks: &[Tok], c: usize) -> Option<String> {
    let first = toks.get(c)?;
    if !is_determiner(first) {
        return None;
    }
    let mut e = c + 1;
    while e < toks.len() && (np_token(&toks[e]) || plain_np_word(&toks[e])) && e - c <= 7 {
        if lex::is_role_head(toks[e].text) && !toks.get(e + 1).is_some_and(|t| lex::is_role_head(t.text)) {
            return (e + 1 - c >= 3).then(|| text[first.start()..toks[e].end()].to_string());
        }
        e += 1;
    }
    None
}

/// Who is speaking in a sentence without a quote of its own (for a pronoun in the next one):
/// the subject of its speech verb, else its only named person.
fn context_speaker(s: &Sentence, toks: &[Tok], actors: &ActorIndex) -> Option<Speaker> {
    let spans = crate::tokens::quoted_spans(&s.text);
    let inside = |t: &Tok| crate::tokens::in_spans(&spans, t.start(), t.end());
    let mentions = sentence_mentions(s, toks, actors);
    match attribute(&s.text, toks, &inside, &mentions, actors) {
        Some(Attribution::Found(sp)) => return Some(sp),
        Some(Attribution::Pronoun) => return None,
        None => {}
    }
    let mut people: Vec<usize> =
        mentions.iter().filter(|m| !m.possessive && !inside(&toks[m.a])).map(|m| m.actor).collect();
    people.sort_unstable();
    people.dedup();
    match people.as_slice() {
        [one] => Some(Speaker::Actor(*one)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::actors;

    /// One article's sentences, in one block.
    fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Sentence {
                doc: 0,
                index: i,
                block: 0,
                heading: false,
                text: t.to_string(),
                span: (0, t.len()),
            })
            .collect()
    }

    fn run(texts: &[&str]) -> Vec<Quote> {
        let sents = sentences(texts);
        let ix = actors::extract(&sents, None);
        extract(&sents, &ix)
    }

    #[test]
    fn the_quote_pass_reads_tokens_of_quoted_sentences_and_the_one_before() {
        let texts = [
            "The minister arrived in the capital on Monday.",
            "He said: \"We will not give up the port, whatever it costs us.",
            "Nobody here wants that outcome.\"",
            "Talks resumed later in the afternoon.",
        ];
        let sents = sentences(&texts);
        // Sentence 2 is inside the quotation carried over from sentence 1.
        assert_eq!(reads_tokens(&sents), [true, true, true, false]);
        // With only the tokens it reads, the pass finds what it finds with all of them.
        let all = crate::extract::tokenize_all(&sents);
        let kept: Vec<Vec<Tok>> = all
            .iter()
            .zip(reads_tokens(&sents))
            .map(|(t, r)| if r { t.clone() } else { Vec::new() })
            .collect();
        let ix = actors::extract(&sents, None);
        assert_eq!(extract_with(&sents, &kept, &ix), extract_with(&sents, &all, &ix));
    }

    fn pairs(q: &[Quote]) -> Vec<(&str, &str)> {
        q.iter().map(|q| (q.speaker.as_str(), q.text.as_str())).collect()
    }

    #[test]
    fn speaker_after_and_before_the_quote() {
        let q = run(&[
            "“We are not going to give up on the harbour deal now,” Mayor Jan Kowal said.",
            "Trade Minister Ruth Abebe said: \"Nobody in this room expected a breakthrough today.\"",
            "\"The port will reopen within a matter of weeks,\" said Olaf Brandt, a spokesman for the port.",
        ]);
        assert_eq!(
            pairs(&q),
            [
                ("Jan Kowal", "We are not going to give up on the harbour deal now"),
                ("Ruth Abebe", "Nobody in this room expected a breakthrough today."),
                ("Olaf Brandt", "The port will reopen within a matter of weeks"),
            ]
        );
    }

    #[test]
    fn pronouns_resolve_to_the_previous_speaker_only_when_clear() {
        let q = run(&[
            "Mayor Jan Kowal later told journalists that Governor Eva Lind had helped.",
            "“Without the governor there would be no deal at all,” he told reporters.",
            "Jan Kowal met Eva Lind on the pier.",
            "“This is a very good day for the whole city,” she said.",
        ]);
        assert_eq!(pairs(&q), [("Jan Kowal", "Without the governor there would be no deal at all")]);
        assert!(q[0].via_pronoun);
    }

    #[test]
    fn scare_quotes_and_unattributed_quotes_are_rejected() {
        let q = run(&[
            "The so-called \"peace plan\" was \"unusual,\" Jan Kowal said.",
            "The banner read “we will never leave this beautiful town again”.",
            "",
            "\"unbalanced quote with a said inside",
        ]);
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn someone_elses_aim_is_not_the_speakers_quote() {
        let q = run(&[
            "Jan Kowal said the town wanted “to push the port out of the old harbour for good” by spring.",
            "Jan Kowal said the plan was “pushing the port out of the old harbour for good”.",
            "Jan Kowal said the mayor “has already attended dozens of meetings on the harbour this year.”",
            "Jan Kowal said the town had invited the ferry company to “continue our talks on the harbour next spring.”",
        ]);
        assert_eq!(pairs(&q), [("Jan Kowal", "pushing the port out of the old harbour for good")]);
    }

    #[test]
    fn descriptions_and_run_on_quotes() {
        let q = run(&[
            "A senior port official told the paper that \"the cranes have already been repaired twice this year.\"",
            "\"We are ready to reopen,\" the official added. \"The ships are waiting.\"",
        ]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker, "A senior port official");
        assert!(!q[0].named);
    }

    #[test]
    fn continuation_sentence_appends_to_the_quote() {
        let q = run(&[
            "“We can rebuild the bridge before winter, and we will,” Governor Eva Lind said.",
            "“Nobody should doubt it.",
            "The money is there.”",
        ]);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].last_index, 2);
        assert!(q[0].text.ends_with("Nobody should doubt it. The money is there."), "{}", q[0].text);
    }
}
