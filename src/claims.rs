//! What a sentence claims, for honest corroboration: its figures, whether it is negated, and the
//! names it states.
//!
//! In: sentence texts. Out: [`Claim`]s and their [`Agreement`]. Two sentences that share most of
//! their words ([`crate::brief::TermSets::same`]) are counted as the same statement only when
//! they also agree on their figures, their negation and their names (the names of the one that
//! states fewer are all in the other); when they state different figures for the same thing,
//! the brief says that the sources differ instead of counting both as support.

use crate::lexicon;

/// Figures, negation and names of a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Claim {
    /// Figures, normalised (`2,500` → `2500`, `two` → `2`), sorted and distinct.
    pub numbers: Vec<String>,
    /// Whether the sentence is negated (`not`, `no`, `never`, `n't`, `without`, …).
    pub negated: bool,
    /// Names (capitalised words other than the first, titles and calendar words), lower case,
    /// sorted and distinct.
    pub names: Vec<String>,
}

/// How two claims relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Same figures, same negation (or the same figures stated), names agree: one source
    /// corroborates the other.
    Same,
    /// Both state figures for the same names in the same year, and the figures differ: the
    /// sources disagree.
    Differs,
    /// Not comparable (one states figures or names the other lacks, or one is negated).
    Other,
}

/// Number words read as figures.
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("fifteen", "15"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("fifty", "50"),
    ("hundred", "100"),
    ("hundreds", "100s"),
    ("thousand", "1000"),
    ("thousands", "1000s"),
    ("million", "million"),
    ("millions", "millions"),
    ("billion", "billion"),
    ("dozen", "12"),
    ("dozens", "12s"),
];

/// Words that negate a statement.
const NEGATIONS: &[&str] = &["no", "not", "never", "none", "neither", "nor", "without", "nobody", "nothing"];

/// The claim of a sentence.
pub fn claim(text: &str) -> Claim {
    // Thousands separators out first (`2,500` is one figure).
    let chars: Vec<char> = text.chars().collect();
    let text: String = chars
        .iter()
        .enumerate()
        .filter(|&(k, &ch)| {
            !(ch == ','
                && k > 0
                && chars[k - 1].is_ascii_digit()
                && chars.get(k + 1).is_some_and(char::is_ascii_digit))
        })
        .map(|(_, &ch)| ch)
        .collect();
    let toks: Vec<crate::tokens::Tok> =
        crate::tokens::tokenize(&text).into_iter().filter(|t| t.is_word()).collect();
    let mut c = Claim::default();
    for (k, t) in toks.iter().enumerate() {
        let lower = t.lower();
        if t.text.chars().next().is_some_and(|ch| ch.is_ascii_digit()) {
            let n: String = t.text.chars().filter(|ch| *ch != ',').collect();
            c.numbers.push(n.trim_end_matches('.').to_string());
        } else if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == lower) {
            c.numbers.push(n.to_string());
        }
        if NEGATIONS.contains(&lower.as_str()) || lower.ends_with("n't") || lower.ends_with("n’t") {
            c.negated = true;
        }
        if k > 0
            && t.is_cap()
            && t.text != "I"
            && !lexicon::is_calendar(t.text)
            && !lexicon::is_honorific(t.text)
            && !lexicon::is_role_head(t.text)
            && !lexicon::is_role_modifier(t.text)
        {
            c.names.push(lower);
        }
    }
    for list in [&mut c.numbers, &mut c.names] {
        list.sort();
        list.dedup();
    }
    c
}

/// Whether a figure is a year (1900–2099).
fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("19") || n.starts_with("20")) && n.chars().all(|c| c.is_ascii_digit())
}

/// How claim `b` relates to claim `a` (see [`Agreement`]).
pub fn compare(a: &Claim, b: &Claim) -> Agreement {
    // A negation on one side only: a different claim, unless both state the same figures (a
    // negated question around a quoted figure: "Asked why he would not …, he said dozens …").
    if a.negated != b.negated && (a.numbers.is_empty() || a.numbers != b.numbers) {
        return Agreement::Other;
    }
    let (fewer, more) = if a.names.len() <= b.names.len() { (a, b) } else { (b, a) };
    if !fewer.names.iter().all(|n| more.names.binary_search(n).is_ok()) {
        return Agreement::Other;
    }
    let years = |c: &Claim| c.numbers.iter().filter(|n| is_year(n)).cloned().collect::<Vec<_>>();
    if a.numbers == b.numbers {
        Agreement::Same
    } else if !a.numbers.is_empty()
        && !b.numbers.is_empty()
        && !a.names.is_empty()
        && a.names == b.names
        && years(a) == years(b)
    {
        // The same people and places in the same year, other figures: a disagreement. (Other
        // years or other names: another fact with the same words.)
        Agreement::Differs
    } else {
        Agreement::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Agreement {
        compare(&claim(a), &claim(b))
    }

    #[test]
    fn figures_negation_and_names() {
        let c = claim("Rescuers said 2,500 people and two yachts were missing in Sydney, not 12.");
        assert_eq!(c.numbers, ["12", "2", "2500"]);
        assert!(c.negated);
        assert_eq!(c.names, ["sydney"]);
        assert!(claim("The talks didn't resume.").negated);
        assert!(claim("President Clinton met Arafat on Monday.").names == ["arafat", "clinton"]);
    }

    #[test]
    fn same_words_different_figures_differ() {
        let a =
            "Gale-force winds sank the yachts, killing two crew members and leaving three yachts missing.";
        assert_eq!(
            cmp(
                a,
                "Gale-force winds sank the yachts, killing two crew members and leaving three yachts missing, officials said."
            ),
            Agreement::Same
        );
        // No names: nothing says it is the same event.
        assert_eq!(
            cmp(
                a,
                "Gale-force winds sank the yachts, killing three crew members and leaving fifteen yachts missing."
            ),
            Agreement::Other
        );
        let race = "Gale-force winds hit the Sydney-Hobart race, killing two crew members and leaving three yachts missing.";
        assert_eq!(
            cmp(
                race,
                "Gale-force winds hit the Sydney-Hobart race, killing three crew members and leaving fifteen yachts missing."
            ),
            Agreement::Differs
        );
        // Another year: another fact.
        assert_eq!(
            cmp(
                "North Korea harvested 3.5 million tons of grain in 1998.",
                "North Korea harvested 2.7 million tons of grain in 1997."
            ),
            Agreement::Other
        );
        // A figure one side does not state: not corroboration, not a disagreement.
        assert_eq!(
            cmp(a, "Gale-force winds sank the yachts and left crew members missing."),
            Agreement::Other
        );
        // Negation and other names.
        assert_eq!(
            cmp(
                "The minister will attend the meeting in Brussels.",
                "The minister will not attend the meeting in Brussels."
            ),
            Agreement::Other
        );
        assert_eq!(
            cmp("Clinton met Arafat in Gaza on Monday.", "Clinton met Netanyahu in Gaza on Monday."),
            Agreement::Other
        );
        assert_eq!(
            cmp("Clinton met Arafat in Gaza.", "President Clinton met Arafat in Gaza on Monday."),
            Agreement::Same
        );
    }
}
