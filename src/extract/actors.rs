//! Actors: the people and organisations the sentences name.
//!
//! In: [`Sentence`]s and an optional [`Gazetteer`]. Out: [`ActorIndex`], the [`Actor`]s (name,
//! person/organisation, role when stated, aliases, mention count, cited sentences), most
//! mentioned first, plus every [`Mention`] with its byte span (the quote extractor resolves
//! speakers with them).
//!
//! Heuristics, in order: organisation names (capitalised runs ending in `Council`, `Department`,
//! `News`…, known acronyms such as `NATO`, `EU`); person names (runs of two or more capitalised
//! words that are not months, weekdays, nationalities, places, role words or sentence-opening
//! function words); roles before a name (`Deputy Secretary of State Christopher Landau`,
//! `NATO chief Mark Rutte`) or in apposition (`Liana Fix, a fellow at …`, `the E.U.’s chief
//! diplomat, Kaja Kallas,`). Name variants sharing a surname and a first-name stem merge
//! (`Andrii`/`Andriy Sybiha`); one-word mentions (`Rubio`, `Zelenskyy`) resolve to the only
//! person with that surname (preferring people of the same article). Headline-style lines only
//! count mentions of actors found elsewhere.

use super::{Cite, is_title_line};
use crate::lexicon as lex;
use crate::segment::Sentence;
use crate::tokens::Tok;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Person or organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named person.
    Person,
    /// An organisation, institution or outlet.
    Organization,
}

/// One actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Actor {
    /// Canonical name (`Marco Rubio`, `European Union`).
    pub name: String,
    /// Person or organisation.
    pub kind: ActorKind,
    /// Role or title as written most often (`U.S. Secretary of State`), if any was stated.
    pub role: Option<String>,
    /// Other names seen for the actor (`Rubio`, `EU`), sorted.
    pub aliases: Vec<String>,
    /// Number of mentions.
    pub mentions: usize,
    /// Sentences that mention the actor, in order, without duplicates.
    pub sentences: Vec<Cite>,
}

/// One mention of an actor in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Mention {
    /// Article index.
    pub doc: usize,
    /// Sentence position.
    pub index: usize,
    /// Byte span `[start, end)` in the sentence text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// Index into [`ActorIndex::actors`].
    pub actor: usize,
    /// Whether the mention is possessive (`Rubio’s`).
    pub possessive: bool,
}

/// Actors and their mentions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActorIndex {
    /// Actors, most mentioned first (ties: name).
    pub actors: Vec<Actor>,
    /// Mentions ordered by (doc, index, start).
    pub mentions: Vec<Mention>,
}

impl ActorIndex {
    /// Mentions of one sentence.
    pub fn mentions_in(&self, doc: usize, index: usize) -> &[Mention] {
        let lo = self.mentions.partition_point(|m| (m.doc, m.index) < (doc, index));
        let hi = self.mentions.partition_point(|m| (m.doc, m.index) <= (doc, index));
        &self.mentions[lo..hi]
    }
}

/// User corrections: known actors (added or overriding what the heuristics found) and names
/// to ignore.
///
/// ```yaml
/// entries:
///   - name: Marco Rubio
///     kind: person
///     role: U.S. Secretary of State
///     aliases: [Rubio, Secretary Rubio]
/// ignore: [Caliber.Az, Tags]
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Gazetteer {
    /// Known actors.
    #[serde(alias = "actors")]
    pub entries: Vec<GazetteerEntry>,
    /// Names never reported as actors (case-insensitive).
    pub ignore: Vec<String>,
}

/// One known actor.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GazetteerEntry {
    /// Canonical name.
    pub name: String,
    /// Person (default) or organization.
    #[serde(default = "person")]
    pub kind: ActorKind,
    /// Role that replaces the one found in the text.
    #[serde(default)]
    pub role: Option<String>,
    /// Other names that refer to the actor.
    #[serde(default)]
    pub aliases: Vec<String>,
}

fn person() -> ActorKind {
    ActorKind::Person
}

/// Largest gazetteer file read.
pub const MAX_GAZETTEER_BYTES: u64 = 4 * 1024 * 1024;

impl Gazetteer {
    /// Parses gazetteer YAML (see [`Gazetteer`]); an empty document is an empty gazetteer.
    pub fn parse(text: &str) -> anyhow::Result<Gazetteer> {
        if text.trim().is_empty() {
            return Ok(Gazetteer::default());
        }
        let g: Gazetteer = serde_yaml::from_str(text).map_err(|e| {
            anyhow::anyhow!("invalid gazetteer: {}", crate::text::clip_message(&e.to_string(), 300))
        })?;
        for e in &g.entries {
            anyhow::ensure!(!e.name.trim().is_empty(), "invalid gazetteer: an entry has an empty name");
        }
        Ok(g)
    }
}

#[cfg(test)]
thread_local! {
    /// Name comparisons made by [`resolve`] and [`tidy`] on this thread (tests count them to show the
    /// work grows near-linearly with the names).
    static COMPARED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` name comparisons (a no-op outside tests).
#[inline]
fn compared(n: usize) {
    #[cfg(test)]
    COMPARED.with(|c| c.set(c.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// A name found in one sentence, before resolution.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    doc: usize,
    index: usize,
    start: usize,
    end: usize,
    /// Name words, possessive removed.
    words: Vec<String>,
    possessive: bool,
    kind: ActorKind,
    role: Option<String>,
    /// Only counts if the name is known from elsewhere (headline lines, sentence openers).
    weak: bool,
}

impl Cand {
    fn name(&self) -> String {
        self.words.join(" ")
    }
}

/// Finds the actors of `sentences` (see the module doc).
pub fn extract(sentences: &[Sentence], gazetteer: Option<&Gazetteer>) -> ActorIndex {
    extract_with(sentences, &super::tokenize_all(sentences), gazetteer)
}

/// [`extract`] with the tokens of each sentence already found (`toks[i]` for `sentences[i]`,
/// from [`super::tokenize_all`]).
pub fn extract_with(sentences: &[Sentence], toks: &[Vec<Tok>], gazetteer: Option<&Gazetteer>) -> ActorIndex {
    resolve(scan(sentences, toks), gazetteer)
}

/// The name candidates of `sentences` (with their tokens), in sentence order: the first half
/// of [`extract_with`], which can run on a part of the sentences at a time.
pub(crate) fn scan(sentences: &[Sentence], toks: &[Vec<Tok>]) -> Vec<Cand> {
    use rayon::prelude::*;
    // Scanned in parallel, concatenated in sentence order.
    let per_sentence: Vec<Vec<Cand>> = sentences
        .par_iter()
        .zip(toks)
        .map(|(s, toks)| {
            let mut cands = Vec::new();
            scan_sentence(s, toks, &mut cands);
            cands
        })
        .collect();
    per_sentence.into_iter().flatten().collect()
}

/// Whether a token can be part of a person's name.
fn name_like(t: &Tok) -> bool {
    let b = t.base();
    t.is_cap()
        && t.is_word()
        && b.chars().count() >= 2
        && !b.chars().any(|c| c.is_ascii_digit())
        && !(lex::is_acronym(b) || b.contains('.'))
        && !lex::is_calendar(b)
        && !lex::is_nationality(b)
        && !lex::is_non_person(b)
        && !lex::is_org_head(b)
        && !lex::is_role_head(b)
        && !lex::is_role_modifier(b)
        && !lex::is_honorific(b)
        && !lex::is_known_org(b)
        && !crate::text::is_stop_word(&b.to_lowercase())
}

const PARTICLES: &[&str] = &["al", "bin", "da", "de", "del", "der", "di", "la", "le", "van", "von"];

fn scan_sentence(s: &Sentence, toks: &[Tok], out: &mut Vec<Cand>) {
    let n = toks.len();
    let weak_line = is_title_line(s);
    // Photo credits ("(Photo: Aaron Schwartz/EPA)") name photographers, not actors.
    let mut skip = vec![false; n];
    let mut i = 0;
    while i < n {
        if toks[i].text.eq_ignore_ascii_case("photo") && toks.get(i + 1).is_some_and(|t| t.is(':')) {
            let mut j = i;
            while j < n && !toks[j].is(')') {
                skip[j] = true;
                j += 1;
            }
            i = j;
        }
        i += 1;
    }
    // The first word, or the first word after an opening quote or dash, opens a clause.
    let opener = |i: usize| -> bool {
        let prev = toks[..i].iter().rev().find(|t| !t.is('(') && !t.is('‘') && !t.is('\''));
        match prev {
            None => true,
            Some(p) => crate::tokens::quote_kind(p.text.chars().next().unwrap_or(' ')).is_some() || p.is(':'),
        }
    };

    // Organisations first; their tokens are not person names.
    let mut used = vec![false; n];
    scan_orgs(s, toks, &skip, weak_line, &mut used, out);

    let mut i = 0;
    while i < n {
        if used[i] || skip[i] || !name_like(&toks[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1; // exclusive
        while end < n && !toks[end - 1].possessive() {
            let t = &toks[end];
            if !used[end] && !skip[end] && name_like(t) {
                end += 1;
            } else if PARTICLES.contains(&t.text)
                && toks.get(end + 1).is_some_and(|u| name_like(u) && !used[end + 1])
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut first = start;
        let mut weak = weak_line;
        if opener(start) && lex::is_common_initial(toks[start].base()) {
            first += 1;
        }
        if first >= end {
            i = end;
            continue;
        }
        if opener(first) && end - first == 1 {
            // A capitalised sentence opener alone is only a name if known from elsewhere.
            weak = true;
        }
        let words: Vec<String> = toks[first..end].iter().map(|t| t.base().to_string()).collect();
        let role = role_before(&s.text, toks, first)
            .or_else(|| appositive_after(&s.text, toks, end))
            .or_else(|| reverse_appositive(&s.text, toks, first, end));
        out.push(Cand {
            doc: s.doc,
            index: s.index,
            start: toks[first].start(),
            end: toks[end - 1].end(),
            words,
            possessive: toks[end - 1].possessive(),
            kind: ActorKind::Person,
            role,
            weak,
        });
        i = end;
    }
}

/// Organisation names: capitalised runs (with `of`, `on`, `for`, `and`, `the` inside) that end
/// in an organisation head word, and known one-word organisations / acronyms.
fn scan_orgs(s: &Sentence, toks: &[Tok], skip: &[bool], weak: bool, used: &mut [bool], out: &mut Vec<Cand>) {
    let n = toks.len();
    let cap =
        |i: usize| toks[i].is_cap() && toks[i].is_word() && !skip[i] && !lex::is_calendar(toks[i].base());
    let mut i = 0;
    while i < n {
        if !cap(i) {
            i += 1;
            continue;
        }
        // Maximal run.
        let start = i;
        let mut end = i + 1;
        while end < n && !toks[end - 1].possessive() {
            let connector = matches!(toks[end].text, "of" | "on" | "for" | "and" | "the")
                && (end + 1 < n && cap(end + 1)
                    || toks[end].text != "the" && end + 2 < n && toks[end + 1].text == "the" && cap(end + 2));
            if cap(end) || connector {
                end += 1;
            } else {
                break;
            }
        }
        // Last organisation head in the run, extended over a trailing `of Birmingham`.
        let head = (start..end).rev().find(|&k| lex::is_org_head(toks[k].base()));
        if let Some(h) = head {
            let mut last = h;
            if h + 2 < end && matches!(toks[h + 1].text, "of" | "on" | "for") {
                last = end - 1;
            }
            // Drop leading determiners, sentence openers, roles and names before a compound
            // head: keep only the nearest capitalised stretch without `and`-joined persons.
            let mut first = start;
            while first < h
                && (lex::is_common_initial(toks[first].base())
                    || matches!(toks[first].text, "of" | "on" | "for" | "and" | "the"))
            {
                first += 1;
            }
            // `and` joining names before the head ("Witkoff and Kushner House"?) is unlikely;
            // but an organisation with a person role inside is not one (`Secretary`, `President`).
            let has_role = (first..=last).any(|k| lex::is_role_head(toks[k].base()));
            if last > first && !has_role {
                let name = s.text[toks[first].start()..toks[last].base_end()].to_string();
                for u in used.iter_mut().take(last + 1).skip(first) {
                    *u = true;
                }
                out.push(Cand {
                    doc: s.doc,
                    index: s.index,
                    start: toks[first].start(),
                    end: toks[last].end(),
                    words: vec![name],
                    possessive: toks[last].possessive(),
                    kind: ActorKind::Organization,
                    role: None,
                    weak,
                });
            }
        }
        // Known one-word organisations and acronyms outside a multi-word organisation.
        for k in start..end {
            let b = toks[k].base();
            let known = lex::is_known_org(b) || lex::org_canonical(b).is_some();
            let acronym = lex::is_acronym(b) && !lex::is_country_acronym(b);
            if !used[k] && (known || acronym) {
                used[k] = true;
                out.push(Cand {
                    doc: s.doc,
                    index: s.index,
                    start: toks[k].start(),
                    end: toks[k].end(),
                    words: vec![b.to_string()],
                    possessive: toks[k].possessive(),
                    kind: ActorKind::Organization,
                    role: None,
                    // An unknown acronym only counts when seen outside headlines.
                    weak: weak || !known && k == 0,
                });
            }
        }
        i = end;
    }
}

impl Tok<'_> {
    /// End offset of the token without its possessive suffix.
    fn base_end(&self) -> usize {
        self.start() + self.base().len()
    }
}

/// Whether a token may belong to a role phrase before a name.
fn role_token(t: &Tok) -> bool {
    let b = t.base();
    lex::is_role_head(b)
        || lex::is_role_modifier(b)
        || (t.is_cap() && (lex::is_nationality(b) || lex::is_non_person(b) || lex::is_org_head(b)))
        || lex::is_known_org(b)
        || lex::is_country_acronym(b)
        || (lex::is_acronym(b) && t.is_word())
        || t.possessive() && t.is_word()
}

/// Role written right before a name: `Deputy Secretary of State`, `NATO chief`,
/// `Ukraine’s Defence Minister`, `the then-Secretary of State` → without `the`.
fn role_before(text: &str, toks: &[Tok], name_start: usize) -> Option<String> {
    let mut k = name_start;
    while k > 0 && name_start - k < 12 {
        let t = &toks[k - 1];
        if matches!(t.text, "of" | "for" | "the") || (role_token(t) && t.is_word()) {
            k -= 1;
            // A possessive (`Ukraine’s`) opens the phrase.
            if t.possessive() {
                break;
            }
        } else {
            break;
        }
    }
    // "ousted deputy prime minister Anwar Ibrahim": the office is no longer held.
    if k > 0 && matches!(toks[k - 1].lower().as_str(), "ousted" | "sacked" | "deposed" | "former") {
        k -= 1;
    }
    // "A spokesman for D'Amato", "an aide to Clinton": the office is someone else's.
    if name_start > 0 && matches!(toks[name_start - 1].text, "for" | "to") {
        return None;
    }
    // Trim connectors at the left edge.
    while k < name_start && matches!(toks[k].text, "of" | "for" | "the") {
        k += 1;
    }
    if k >= name_start || !(k..name_start).any(|j| lex::is_role_head(toks[j].base())) {
        return None;
    }
    Some(text[toks[k].start()..toks[name_start - 1].end()].to_string())
}

/// `Name, a fellow at the Council on Foreign Relations,` → `fellow at the Council on …`.
fn appositive_after(text: &str, toks: &[Tok], name_end: usize) -> Option<String> {
    if !toks.get(name_end)?.is(',') || toks[name_end - 1].possessive() {
        return None;
    }
    let mut k = name_end + 1;
    if toks.get(k).is_some_and(|t| matches!(&*crate::text::lower(t.text), "a" | "an" | "the")) {
        k += 1;
    }
    let first = toks.get(k)?;
    let opens_ok = first.is_cap() || first.possessive() || role_token(first);
    if !opens_ok || lex::is_speech_verb(first.text) {
        return None;
    }
    let mut end = k;
    while end < toks.len()
        && end - k <= 15
        && !(toks[end].is(',') || toks[end].is(';') || toks[end].is(':') || toks[end].is('—'))
        && crate::tokens::quote_kind(toks[end].text.chars().next().unwrap_or(' ')).is_none()
    {
        end += 1;
    }
    if toks.get(end - 1).is_some_and(|t| t.is('.')) {
        end -= 1;
    }
    let len = end.saturating_sub(k);
    let head_early = (k..end.min(k + 6)).any(|j| lex::is_role_head(toks[j].base()) && toks[j].is_word());
    let all_words = (k..end).all(|j| toks[j].is_word() || toks[j].is('-'));
    if len == 0 || len > 14 || !head_early || !all_words {
        return None;
    }
    Some(text[toks[k].start()..toks[end - 1].end()].to_string())
}

/// `the E.U.’s chief diplomat, Kaja Kallas,` → `E.U.’s chief diplomat`.
fn reverse_appositive(text: &str, toks: &[Tok], name_start: usize, name_end: usize) -> Option<String> {
    if name_start < 2 || !toks[name_start - 1].is(',') || !lex::is_role_head(toks[name_start - 2].base()) {
        return None;
    }
    let after = toks.get(name_end)?;
    if !(after.is(',') || lex::is_speech_verb(after.text)) {
        return None;
    }
    let mut k = name_start - 1;
    while k > 0 && name_start - k < 12 {
        let t = &toks[k - 1];
        if role_token(t) && t.is_word() || matches!(t.text, "of" | "for") {
            k -= 1;
            if t.possessive() {
                break;
            }
        } else {
            break;
        }
    }
    while k < name_start - 1 && matches!(toks[k].text, "of" | "for") {
        k += 1;
    }
    (k < name_start - 1).then(|| text[toks[k].start()..toks[name_start - 2].end()].to_string())
}

/// An actor being assembled.
#[derive(Debug, Default)]
struct Builder {
    name: String,
    kind: Option<ActorKind>,
    fixed_role: Option<String>,
    roles: BTreeMap<String, usize>,
    surfaces: BTreeSet<String>,
    mentions: Vec<(usize, usize, usize, usize, bool)>,
}

/// The first four letters of a given name, lower case: `Andrii` and `Andriy` share `andr`.
fn first_stem(w: &str) -> String {
    w.chars().take(4).flat_map(char::to_lowercase).collect()
}

pub(crate) fn resolve(cands: Vec<Cand>, gazetteer: Option<&Gazetteer>) -> ActorIndex {
    let mut builders: Vec<Builder> = Vec::new();
    // Lower-cased surface → builder.
    let mut keys: BTreeMap<String, usize> = BTreeMap::new();
    let ignore_set: BTreeSet<String> =
        gazetteer.map(|g| g.ignore.iter().map(|i| i.trim().to_lowercase()).collect()).unwrap_or_default();
    let ignored = |name: &str| ignore_set.contains(&name.trim().to_lowercase());

    if let Some(g) = gazetteer {
        for e in &g.entries {
            let id = builders.len();
            builders.push(Builder {
                name: e.name.trim().to_string(),
                kind: Some(e.kind),
                fixed_role: e.role.clone(),
                ..Default::default()
            });
            for s in std::iter::once(&e.name).chain(&e.aliases) {
                keys.entry(s.trim().to_lowercase()).or_insert(id);
            }
        }
    }

    // Organisations.
    for c in cands.iter().filter(|c| c.kind == ActorKind::Organization && !c.weak) {
        let raw = c.name();
        let canonical = lex::org_canonical(&raw).unwrap_or(&raw).to_string();
        if ignored(&raw) || ignored(&canonical) {
            continue;
        }
        let key = canonical.to_lowercase();
        if !keys.contains_key(&raw.to_lowercase()) && !keys.contains_key(&key) {
            let id = builders.len();
            builders.push(Builder { name: canonical.clone(), kind: Some(c.kind), ..Default::default() });
            keys.insert(key, id);
            for (canon, aliases) in lex::ORG_ALIASES {
                if *canon == canonical {
                    for a in *aliases {
                        keys.entry(a.to_lowercase()).or_insert(id);
                    }
                }
            }
        }
    }

    // Multi-word person names: most frequent variant first so it becomes canonical.
    let mut counts: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for c in cands.iter().filter(|c| c.kind == ActorKind::Person && !c.weak && c.words.len() >= 2) {
        *counts.entry(c.words.clone()).or_default() += 1;
    }
    let mut names: Vec<(Vec<String>, usize)> = counts.into_iter().collect();
    names.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.len().cmp(&a.0.len())).then(a.0.cmp(&b.0)));
    // (Surname in ASCII lower case, first stem) → the person created for the first name with
    // them: a later name is a variant of it (`Andrii Sybiha` / `Andriy Sybiha`, `Donald J. Trump`).
    let mut persons: HashMap<(String, String), usize> = HashMap::new();
    for (words, _) in &names {
        let name = words.join(" ");
        if ignored(&name) || keys.contains_key(&name.to_lowercase()) || words.len() > 4 {
            continue;
        }
        let (Some(first), Some(last)) = (words.first(), words.last()) else { continue };
        compared(1);
        let file = (last.to_ascii_lowercase(), first_stem(first));
        if let Some(&id) = persons.get(&file) {
            keys.insert(name.to_lowercase(), id);
            continue;
        }
        let id = builders.len();
        builders.push(Builder { name: name.clone(), kind: Some(ActorKind::Person), ..Default::default() });
        keys.insert(name.to_lowercase(), id);
        persons.insert(file, id);
    }
    // Surname → persons (gazetteer persons included).
    let mut surnames: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut surname_of: Vec<Option<String>> = vec![None; builders.len()];
    for (id, b) in builders.iter().enumerate() {
        if b.kind == Some(ActorKind::Person)
            && let Some(last) = b.name.split_whitespace().last()
        {
            surnames.entry(last.to_lowercase()).or_default().push(id);
            surname_of[id] = Some(last.to_lowercase());
        }
    }
    // Which builders each article mentions by full name (for surname ties).
    let mut in_doc: BTreeSet<(usize, usize)> = BTreeSet::new();
    for c in &cands {
        if let Some(&id) = keys.get(&c.name().to_lowercase()) {
            in_doc.insert((c.doc, id));
        }
    }
    // (Surname, article) → how many of the persons with that surname the article names by
    // full name, and one of them.
    let mut named_in_doc: HashMap<(&str, usize), (usize, usize)> = HashMap::new();
    for &(doc, id) in &in_doc {
        if let Some(Some(surname)) = surname_of.get(id) {
            named_in_doc.entry((surname.as_str(), doc)).or_insert((0, id)).0 += 1;
        }
    }

    // Attach every candidate.
    for c in &cands {
        let name = c.name();
        if ignored(&name) {
            continue;
        }
        let lower = name.to_lowercase();
        let canon = lex::org_canonical(&name).map(str::to_lowercase);
        let mut id = keys.get(&lower).or_else(|| canon.as_ref().and_then(|k| keys.get(k))).copied();
        // "Jordan" alone is the country, not Michael Jordan: a place name never joins a person.
        if id.is_none() && c.kind == ActorKind::Person && c.words.len() == 1 && !lex::is_place(&c.words[0]) {
            let ids = surnames.get(&lower).map(Vec::as_slice).unwrap_or(&[]);
            compared(1);
            id = match ids {
                [one] => Some(*one),
                // Persons added below are named by no article in full: the count stands.
                _ => match named_in_doc.get(&(lower.as_str(), c.doc)) {
                    Some(&(1, here)) => Some(here),
                    _ => None,
                },
            };
            // `Secretary Smith` with no full name anywhere: a one-word person.
            if id.is_none() && c.role.is_some() && !c.weak {
                let nid = builders.len();
                builders.push(Builder {
                    name: name.clone(),
                    kind: Some(ActorKind::Person),
                    ..Default::default()
                });
                keys.insert(lower.clone(), nid);
                surnames.entry(lower.clone()).or_default().push(nid);
                id = Some(nid);
            }
        }
        let Some(id) = id else { continue };
        let b = &mut builders[id];
        b.surfaces.insert(name);
        if let Some(r) = &c.role {
            *b.roles.entry(clean_role(r)).or_default() += 1;
        }
        b.mentions.push((c.doc, c.index, c.start, c.end, c.possessive));
    }

    // Finalise: drop actors never mentioned, order by mentions then name.
    let mut order: Vec<usize> = (0..builders.len()).filter(|&i| !builders[i].mentions.is_empty()).collect();
    order.sort_by(|&a, &b| {
        builders[b]
            .mentions
            .len()
            .cmp(&builders[a].mentions.len())
            .then(builders[a].name.cmp(&builders[b].name))
    });
    let mut new_id = vec![usize::MAX; builders.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new;
    }
    let mut actors = Vec::with_capacity(order.len());
    let mut mentions = Vec::new();
    for &old in &order {
        let b = &builders[old];
        // An office stated once for someone mentioned a dozen times is a passing description
        // ("Voinovich, a former mayor of Cleveland, …" for Ohio's governor), not the office.
        let support: usize = b.roles.values().sum();
        let role = b.fixed_role.clone().or_else(|| {
            (support >= 2 || b.mentions.len() < PASSING_MENTIONS).then(|| best_role(&b.roles)).flatten()
        });
        let mut sentences: Vec<Cite> = b.mentions.iter().map(|m| Cite { doc: m.0, index: m.1 }).collect();
        sentences.sort();
        sentences.dedup();
        for m in &b.mentions {
            mentions.push(Mention {
                doc: m.0,
                index: m.1,
                start: m.2,
                end: m.3,
                actor: new_id[old],
                possessive: m.4,
            });
        }
        actors.push(Actor {
            name: b.name.clone(),
            kind: b.kind.unwrap_or(ActorKind::Person),
            role,
            aliases: b.surfaces.iter().filter(|s| **s != b.name).cloned().collect(),
            mentions: b.mentions.len(),
            sentences,
        });
    }
    mentions.sort();
    mentions.dedup_by(|a, b| (a.doc, a.index, a.start) == (b.doc, b.index, b.start));
    ActorIndex { actors, mentions }
}

/// Mentions from which one stated office is taken for a passing description.
const PASSING_MENTIONS: usize = 10;

fn clean_role(r: &str) -> String {
    let r = r.trim().trim_end_matches([',', '.', ';']);
    let r = r.strip_prefix("the ").or_else(|| r.strip_prefix("The ")).unwrap_or(r);
    r.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Qualifiers that say an office is no longer held.
const FORMER: &[&str] = &["former ", "ousted ", "ex-", "sacked ", "fired "];

/// Most frequent role; ties → more words (more specific), then alphabetical. An office most
/// mentions call former ("former deputy prime minister", "ousted deputy prime minister" against
/// one "Deputy Prime Minister") reads "former Deputy Prime Minister".
fn best_role(roles: &BTreeMap<String, usize>) -> Option<String> {
    let best = roles
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then(a.0.split_whitespace().count().cmp(&b.0.split_whitespace().count()))
                .then(b.0.cmp(a.0))
        })
        .map(|(r, _)| r.clone())?;
    let office = FORMER
        .iter()
        .find_map(|f| best.to_lowercase().starts_with(f).then(|| best[f.len()..].to_string()))
        .unwrap_or_else(|| best.clone());
    let (mut former, mut current) = (0, 0);
    for (r, n) in roles {
        let lower = r.to_lowercase();
        if !lower.ends_with(&office.to_lowercase()) {
            continue;
        }
        if FORMER.iter().any(|f| lower.starts_with(f)) {
            former += n;
        } else {
            current += n;
        }
    }
    // Offices that do not agree ("former mayor of Cleveland" twice, "former lieutenant governor"
    // twice): the sources describe the person in passing and name no office, so none is given.
    // Spelling aside: "NATO Secretary-General" is "NATO Secretary General".
    let norm = |r: &str| r.to_lowercase().replace('-', " ");
    let office_lower = norm(&office);
    let family: usize = roles
        .iter()
        .filter(|(r, _)| {
            let r = norm(r);
            r.contains(&office_lower) || office_lower.contains(&r)
        })
        .map(|(_, n)| n)
        .sum();
    let total: usize = roles.values().sum();
    if total >= 3 && family * 2 <= total {
        return None;
    }
    let was_former = FORMER.iter().any(|f| best.to_lowercase().starts_with(f));
    let says_so = FORMER.iter().any(|f| best.to_lowercase().contains(f));
    Some(if was_former || former > current && !says_so { format!("former {office}") } else { best })
}

/// Family ties, which describe a person rather than name an office.
const KINSHIP: &[&str] = &[
    "son-in-law",
    "daughter-in-law",
    "father-in-law",
    "brother-in-law",
    "son",
    "daughter",
    "wife",
    "husband",
    "brother",
    "sister",
    "father",
    "mother",
    "nephew",
    "niece",
    "cousin",
    "widow",
];

/// Function words a role may not end on ("mayor of", "chairman of the").
const DANGLING_ROLE_ENDS: &[&str] = &["of", "the", "for", "in", "at", "to", "a", "an", "and", "on", "with"];

/// Abbreviated titles and the office they stand for: a role reads "Senator", not "Sen"; a
/// name that ends on one ("Civil Aviation Authority Brig") is a fragment.
const TITLES: &[(&str, &str)] = &[
    ("adm", "Admiral"),
    ("brig", "Brigadier"),
    ("capt", "Captain"),
    ("cmdr", "Commander"),
    ("col", "Colonel"),
    ("gen", "General"),
    ("gov", "Governor"),
    ("lt", "Lieutenant"),
    ("maj", "Major"),
    ("prof", "Professor"),
    ("rep", "Representative"),
    ("sen", "Senator"),
    ("sgt", "Sergeant"),
    ("supt", "Superintendent"),
];

/// The office an abbreviated title stands for (`Sen.` → `Senator`).
fn title_in_full(word: &str) -> Option<&'static str> {
    let w = word.trim_end_matches('.').to_lowercase();
    TITLES.iter().find(|(a, _)| *a == w).map(|&(_, full)| full)
}

/// Short forms of given names and the names they stand for: "Bob Livingston" is "Robert
/// Livingston", "Bill Clinton" is "William Jefferson Clinton".
const NICKNAMES: &[(&str, &str)] = &[
    ("al", "albert"),
    ("al", "alfonse"),
    ("al", "alan"),
    ("andy", "andrew"),
    ("ben", "benjamin"),
    ("bill", "william"),
    ("bob", "robert"),
    ("bobby", "robert"),
    ("chris", "christopher"),
    ("chuck", "charles"),
    ("dan", "daniel"),
    ("dave", "david"),
    ("dick", "richard"),
    ("don", "donald"),
    ("ed", "edward"),
    ("fred", "frederick"),
    ("hank", "henry"),
    ("jack", "john"),
    ("jim", "james"),
    ("jimmy", "james"),
    ("joe", "joseph"),
    ("larry", "lawrence"),
    ("matt", "matthew"),
    ("mike", "michael"),
    ("newt", "newton"),
    ("nick", "nicholas"),
    ("pat", "patrick"),
    ("pete", "peter"),
    ("rick", "richard"),
    ("rob", "robert"),
    ("ron", "ronald"),
    ("sam", "samuel"),
    ("steve", "stephen"),
    ("steve", "steven"),
    ("ted", "edward"),
    ("tom", "thomas"),
    ("tony", "anthony"),
    ("will", "william"),
];

/// The given names a lower-case given name is a short or full form of (`bob` → `robert`,
/// `robert` → `bob`, `bobby`, `rob`).
fn short_forms(given: &str) -> impl Iterator<Item = &'static str> + '_ {
    NICKNAMES.iter().filter_map(move |&(n, f)| {
        if n == given {
            Some(f)
        } else if f == given {
            Some(n)
        } else {
            None
        }
    })
}

/// Last words that make a name a place, a document or a thing, not an actor ("Marka
/// Airport", "Wye Memorandum").
const NOT_ACTOR_HEADS: &[&str] = &[
    "accord",
    "accords",
    "agreement",
    "airport",
    "avenue",
    "award",
    "bay",
    "bridge",
    "coast",
    "county",
    "cup",
    "internet",
    "island",
    "islands",
    "lake",
    "medal",
    "memorandum",
    "mountain",
    "mountains",
    "prize",
    "province",
    "river",
    "road",
    "sea",
    "square",
    "strait",
    "street",
    "strip",
    "treaty",
    "trophy",
    "valley",
    "web",
];

/// Adjectives of faith, which describe people rather than name them ("Orthodox Jewish").
const FAITHS: &[&str] = &[
    "buddhist",
    "catholic",
    "christian",
    "hindu",
    "islamic",
    "jewish",
    "muslim",
    "orthodox",
    "protestant",
    "shiite",
    "sikh",
    "sunni",
];

/// Words a name never starts with: a preposition makes "Aboard Endeavour" a phrase.
const PREPOSITIONS: &[&str] = &[
    "aboard",
    "about",
    "above",
    "across",
    "after",
    "against",
    "along",
    "amid",
    "among",
    "around",
    "before",
    "behind",
    "below",
    "beside",
    "between",
    "beyond",
    "despite",
    "during",
    "inside",
    "into",
    "near",
    "outside",
    "since",
    "through",
    "throughout",
    "toward",
    "towards",
    "under",
    "until",
    "upon",
    "via",
    "within",
    "without",
];

/// Second halves of hyphenated descriptions ("Russian-built Zarya", "Hong Kong-based").
const DESCRIBING: &[&str] =
    &["backed", "based", "born", "built", "controlled", "funded", "led", "made", "owned", "run"];

/// Past participles that belong to an office ("retired general", "exiled leader"); any other
/// lower-case "-ed" word makes a role a clause.
const ROLE_PARTICIPLES: &[&str] = &[
    "appointed",
    "armed",
    "deposed",
    "designated",
    "detained",
    "disgraced",
    "elected",
    "embattled",
    "exiled",
    "imprisoned",
    "indicted",
    "jailed",
    "ousted",
    "retired",
    "self-styled",
    "unelected",
];

/// Company-form endings left out of a name ("Microsoft Corp" is "Microsoft").
const COMPANY_FORMS: &[&str] = &["co", "co.", "corp", "corp.", "inc", "inc.", "llc", "ltd", "ltd.", "plc"];

/// An actor of [`tidy`] that other names may be folded into. Folding is cheap (no sort, no
/// search of the names so far); [`Merging::finish`] sorts once, so an actor that takes in many
/// names costs about as much as the names.
struct Merging {
    actor: Actor,
    /// How many aliases the actor had before its first fold (`None`: never folded into).
    base: Option<usize>,
}

impl Merging {
    fn new(actor: Actor) -> Merging {
        Merging { actor, base: None }
    }

    /// Folds `from` into this actor: mentions, sentences and names (its own name is not an
    /// alias of itself); the role only if this one has none.
    fn fold(&mut self, from: Merging) {
        let (into, from) = (&mut self.actor, from.actor);
        self.base.get_or_insert(into.aliases.len());
        into.mentions += from.mentions;
        into.sentences.extend(from.sentences);
        for name in std::iter::once(from.name).chain(from.aliases) {
            if name != into.name {
                into.aliases.push(name);
            }
        }
        if into.role.is_none() {
            into.role = from.role;
        }
    }

    /// The actor. One folded into has its sentences sorted without duplicates and its aliases
    /// sorted: those it had before, and each name it took in once unless it had it already.
    fn finish(self) -> Actor {
        let mut a = self.actor;
        if let Some(base) = self.base {
            let mut added = a.aliases.split_off(base);
            let had: HashSet<&String> = a.aliases.iter().collect();
            added.retain(|n| !had.contains(n));
            added.sort();
            added.dedup();
            a.aliases.extend(added);
            a.aliases.sort();
            a.sentences.sort();
            a.sentences.dedup();
        }
        a
    }
}

/// The actors as a brief lists them: no outlet that published the articles (`outlets`, lower
/// case), no fragment for a name (a lower-case word other than a particle, a first word that is
/// a common sentence opener or a verb form such as "Acquiring"), no role cut off on a function
/// word (trimmed: "chief of the" → "chief"; a bare "mayor of" after a place means the place,
/// not a person: dropped); a surname alone joins the one full name that ends with it. Most mentioned first, ties in the input order.
pub fn tidy(actors: Vec<Actor>, outlets: &[String]) -> Vec<Actor> {
    let mut kept: Vec<Actor> = Vec::new();
    // Organisation names, to tell "Human Rights" (cut from "Human Rights Campaign") from a
    // person; sorted, so the names that start with the same words sit together.
    let org_names: BTreeSet<String> =
        actors.iter().filter(|a| a.kind == ActorKind::Organization).map(|a| format!("{} ", a.name)).collect();
    let outlets: HashSet<String> = outlets.iter().map(|o| o.to_ascii_lowercase()).collect();
    for mut a in actors {
        let words: Vec<&str> = a.name.split_whitespace().collect();
        // "Civil Aviation Authority" is an organisation whatever the role beside it said.
        if a.kind == ActorKind::Person && words.last().is_some_and(|w| lex::is_org_head(w)) {
            a.kind = ActorKind::Organization;
        }
        compared(1);
        if a.kind == ActorKind::Person {
            // The first organisation name from "Human Rights " on starts with it if any does.
            let start = format!("{} ", a.name);
            if org_names.range(start.clone()..).next().is_some_and(|o| o.starts_with(&start)) {
                continue;
            }
        }
        let fragment = words.iter().any(|w| w.starts_with(char::is_lowercase) && !PARTICLES.contains(w))
            || words.first().is_some_and(|w| {
                lex::is_common_initial(w) || (w.len() > 5 && w.ends_with("ing") && words.len() > 1)
            });
        let last = words.last().map(|w| w.to_lowercase()).unwrap_or_default();
        let first = words.first().map(|w| w.to_lowercase()).unwrap_or_default();
        // "Hong Kong-based", "Speaker-elect Robert", "Civil Aviation Authority Brig", "Marka
        // Airport", "Aboard Endeavour", "Malaysia", "Chile Spain": a description, a title with
        // a first name, a cut-off title, a place, a phrase, countries.
        let not_a_name = words.iter().any(|w| {
            w.contains("-elect") || w.rsplit_once('-').is_some_and(|(_, tail)| DESCRIBING.contains(&tail))
        }) || title_in_full(&last).is_some()
            || NOT_ACTOR_HEADS.contains(&last.as_str())
            || PREPOSITIONS.contains(&first.as_str())
            || lex::is_place(&a.name)
            || words.iter().all(|w| {
                lex::is_place(w) || lex::is_nationality(w) || FAITHS.contains(&w.to_lowercase().as_str())
            })
            || a.kind == ActorKind::Person && words.len() > 1 && words.iter().any(|w| lex::is_non_person(w));
        if fragment || not_a_name || outlets.contains(&a.name.to_ascii_lowercase()) {
            continue;
        }
        if let Some(role) = &a.role {
            let last = role.split_whitespace().last().unwrap_or("").to_lowercase();
            // "Castrelo, mayor of …": the name is the place the role belongs to.
            if last == "of" && role.split_whitespace().count() <= 2 {
                continue;
            }
            if DANGLING_ROLE_ENDS.contains(&last.as_str()) {
                let mut r: Vec<&str> = role.split_whitespace().collect();
                while r.last().is_some_and(|w| DANGLING_ROLE_ENDS.contains(&w.to_lowercase().as_str())) {
                    r.pop();
                }
                a.role = (!r.is_empty()).then(|| r.join(" "));
            }
        }
        // A role is an office, not a clause: "U.N. World Food Program representative said
        // Tuesday", "Crown Prince Hassan urged Demirel in a telephone call".
        if a.role.as_deref().is_some_and(|r| {
            let w: Vec<&str> = r.split_whitespace().collect();
            let clause = |w: &&str| {
                lex::is_speech_verb(w)
                    || lex::is_weekday(w)
                    || w.len() > 4
                        && w.ends_with("ed")
                        && w.starts_with(char::is_lowercase)
                        && !ROLE_PARTICIPLES.contains(w)
            };
            w.len() > 10 || w.iter().any(clause)
        }) {
            a.role = None;
        }
        // "Authority Director" was cut from "Civilian Airport Authority Director": a role that
        // opens on an organisation's head word has lost the organisation.
        if a.role.as_deref().and_then(|r| r.split_whitespace().next()).is_some_and(lex::is_org_head) {
            a.role = None;
        }
        // "union's executive director": whose union? An office of an unnamed body says too
        // little to stand beside a name.
        if let Some(role) = &a.role
            && let Some(first) = role.split_whitespace().next()
            && first.starts_with(char::is_lowercase)
            && (first.ends_with("'s") || first.ends_with("\u{2019}s"))
        {
            a.role = None;
        }
        // "Microsoft Corp" is the company Microsoft.
        if words.len() > 1 && COMPANY_FORMS.contains(&last.as_str()) {
            a.name = words[..words.len() - 1].join(" ");
            a.kind = ActorKind::Organization;
        }
        // An organisation has no office; a role found beside it belongs to someone else.
        if a.kind == ActorKind::Organization {
            a.role = None;
        }
        // A family tie is a description, not an office ("son-in-law").
        if a.role.as_deref().is_some_and(|r| KINSHIP.contains(&r.to_lowercase().as_str())) {
            a.role = None;
        }
        // "Rep" → "Representative".
        if let Some(role) = &a.role
            && let Some((first, rest)) = role.split_once(' ').or(Some((role.as_str(), "")))
            && let Some(full) = title_in_full(first)
        {
            a.role = Some(if rest.is_empty() { full.to_string() } else { format!("{full} {rest}") });
        }
        kept.push(a);
    }
    // One name, one entry ("Sun Microsystems" and "Sun Microsystems Inc"); a single word that
    // ends a longer organisation's name is a piece of it ("Online" of "America Online").
    let mut merged: Vec<Merging> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for a in kept {
        compared(1);
        match by_name.get(&a.name) {
            Some(&i) => merged[i].fold(Merging::new(a)),
            None => {
                by_name.insert(a.name.clone(), merged.len());
                merged.push(Merging::new(a));
            }
        }
    }
    let org_tails: HashSet<String> = merged
        .iter()
        .map(|m| &m.actor)
        .filter(|a| a.kind == ActorKind::Organization && a.name.contains(' '))
        .filter_map(|a| a.name.rsplit(' ').next().map(str::to_string))
        .collect();
    let kept: Vec<Merging> = merged
        .into_iter()
        .filter(|m| m.actor.name.contains(' ') || !org_tails.contains(&m.actor.name))
        .collect();
    // One person under two full names: "Bob Livingston" and "Robert Livingston", "Bill Clinton"
    // and "William Jefferson Clinton" (same surname, same given name or its short form). The
    // most mentioned name stays. Taken pair by pair in list order, as if every pair were
    // compared: each name meets only the names filed under its surname and given name (or a
    // form of it), and a name folded into another leaves the file.
    let person_words = |a: &Actor| -> Option<(String, String)> {
        let w: Vec<&str> = a.name.split_whitespace().collect();
        (a.kind == ActorKind::Person && w.len() > 1).then(|| (w[0].to_string(), w[w.len() - 1].to_string()))
    };
    let mut slots: Vec<Option<Merging>> = kept.into_iter().map(Some).collect();
    // (surname, given name in lower case) → the persons filed under it.
    let mut filed: HashMap<(String, String), BTreeSet<usize>> = HashMap::new();
    let mut file_of: Vec<Option<(String, String)>> = Vec::with_capacity(slots.len());
    for (i, m) in slots.iter().enumerate() {
        let key = m.as_ref().and_then(|m| person_words(&m.actor)).map(|(g, s)| (s, g.to_lowercase()));
        if let Some(k) = &key {
            filed.entry(k.clone()).or_default().insert(i);
        }
        file_of.push(key);
    }
    for i in 0..slots.len() {
        let Some((surname, given)) = file_of[i].clone() else { continue };
        let files: BTreeSet<(String, String)> = std::iter::once(given.clone())
            .chain(short_forms(&given).map(str::to_string))
            .map(|g| (surname.clone(), g))
            .collect();
        let mut after = i;
        while slots[i].is_some() {
            // The next person after `after` in one of the files: the next pair that matches.
            let Some(j) = files.iter().filter_map(|f| filed.get(f)?.range(after + 1..).next().copied()).min()
            else {
                break;
            };
            compared(1);
            let (Some(a), Some(b)) = (slots[i].as_ref(), slots[j].as_ref()) else { break };
            let (keep, gone) = if b.actor.mentions > a.actor.mentions { (j, i) } else { (i, j) };
            if let Some(k) = &file_of[gone]
                && let Some(f) = filed.get_mut(k)
            {
                f.remove(&gone);
            }
            if let Some(from) = slots[gone].take()
                && let Some(into) = slots[keep].as_mut()
            {
                into.fold(from);
            }
            after = j;
        }
    }
    // A first name on its own ("Charles" beside "Charles Schumer") is a cut-off name.
    let firsts: HashSet<String> =
        slots.iter().flatten().filter_map(|m| person_words(&m.actor).map(|(g, _)| g)).collect();
    let lasts: HashSet<String> =
        slots.iter().flatten().filter_map(|m| person_words(&m.actor).map(|(_, s)| s)).collect();
    let kept: Vec<Merging> = slots
        .into_iter()
        .flatten()
        .filter(|m| {
            let a = &m.actor;
            a.kind != ActorKind::Person
                || a.name.contains(' ')
                || !firsts.contains(&a.name)
                || lasts.contains(&a.name)
        })
        .collect();
    // Surnames: "Gingrich" joins "Newt Gingrich" when no other full name ends with it, or when
    // one full name is mentioned at least three times as often as every other. Full names are
    // never folded here, so they are filed once by their last word.
    let mut joined: Vec<Option<Merging>> = kept.into_iter().map(Some).collect();
    let mut ending_with: HashMap<String, Vec<usize>> = HashMap::new();
    for (j, m) in joined.iter().enumerate() {
        let b = m.as_ref().map(|m| &m.actor);
        if let Some(b) = b.filter(|b| b.kind == ActorKind::Person && b.name.contains(' '))
            && let Some(last) = b.name.rsplit(' ').next()
        {
            ending_with.entry(last.to_string()).or_default().push(j);
        }
    }
    for i in 0..joined.len() {
        let Some(a) = joined[i].as_ref().map(|m| &m.actor) else { continue };
        if a.kind != ActorKind::Person || a.name.contains(' ') {
            continue;
        }
        let full: &[usize] = ending_with.get(&a.name).map_or(&[], Vec::as_slice);
        compared(full.len() + 1);
        let mentions = |j: usize| joined[j].as_ref().map_or(0, |b| b.actor.mentions);
        let mut by_mentions = full.to_vec();
        by_mentions.sort_by_key(|&j| std::cmp::Reverse(mentions(j)));
        let dominant = match by_mentions[..] {
            [j] => Some(j),
            [j, k, ..] if mentions(j) >= 3 * mentions(k) => Some(j),
            _ => None,
        };
        if let Some(j) = dominant
            && let Some(short) = joined[i].take()
            && let Some(b) = joined[j].as_mut()
        {
            b.fold(short);
        }
    }
    let mut out: Vec<Actor> = joined.into_iter().flatten().map(Merging::finish).collect();
    out.sort_by_key(|a| std::cmp::Reverse(a.mentions));
    out
}

#[cfg(test)]
mod tests {
    /// An actor as extraction would hand it to `tidy`.
    fn actor(name: &str, kind: ActorKind, role: Option<&str>, mentions: usize) -> Actor {
        Actor {
            name: name.into(),
            kind,
            role: role.map(str::to_string),
            aliases: Vec::new(),
            mentions,
            sentences: Vec::new(),
        }
    }

    #[test]
    fn tidy_drops_fragments_and_outlets_and_joins_surnames() {
        let p = ActorKind::Person;
        let o = ActorKind::Organization;
        let list = vec![
            actor("Castrelo", o, Some("mayor of"), 5),
            actor("Acquiring Netscape", o, None, 4),
            actor("NBC News", o, None, 3),
            actor("Newt Gingrich", p, Some("House Speaker"), 3),
            actor("Gingrich", p, None, 2),
            actor("Rui Vidal", p, Some("chief of the"), 2),
            actor("Lidia Sanz", p, Some("mayor of Castrelo"), 2),
            actor("Jared Kushner", p, Some("son-in-law"), 1),
        ];
        let out = tidy(list, &["NBC News".to_string()]);
        let names: Vec<&str> = out.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Newt Gingrich", "Rui Vidal", "Lidia Sanz", "Jared Kushner"]);
        assert_eq!(out[3].role, None);
        assert_eq!(out[0].mentions, 5);
        assert_eq!(out[0].aliases, ["Gingrich"]);
        assert_eq!(out[1].role.as_deref(), Some("chief"));
        assert_eq!(out[2].role.as_deref(), Some("mayor of Castrelo"));
    }

    #[test]
    fn tidy_joins_short_given_names_and_refuses_places_and_cut_off_names() {
        let p = ActorKind::Person;
        let o = ActorKind::Organization;
        let list = vec![
            actor("Clinton", p, Some("President"), 40),
            actor("Bob Livingston", p, Some("Rep."), 20),
            actor("Bill Clinton", p, Some("U.S. President"), 10),
            actor("Robert Livingston", p, None, 5),
            actor("William Jefferson Clinton", p, None, 1),
            actor("Marka Airport", o, None, 9),
            actor("Nobel Peace Prize", o, None, 2),
            actor("Hong Kong-based", p, None, 3),
            actor("Speaker-elect Robert", p, None, 2),
            actor("Civil Aviation Authority Brig", o, None, 2),
            actor("Civil Aviation Authority", p, Some("head of the Palestinian"), 7),
            actor("Hong Kong", p, None, 3),
            actor("Charles Schumer", p, Some("Sen."), 3),
            actor("Charles", p, None, 1),
            actor("Bob Smith", p, None, 1),
            actor("Human Rights Campaign", o, None, 4),
            actor("Human Rights", p, None, 1),
            actor("Hillary Clinton", p, None, 2),
        ];
        let out = tidy(list, &[]);
        let names: Vec<&str> = out.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Bill Clinton",
                "Bob Livingston",
                "Civil Aviation Authority",
                "Human Rights Campaign",
                "Charles Schumer",
                "Hillary Clinton",
                "Bob Smith"
            ]
        );
        assert_eq!(out[0].mentions, 51);
        assert_eq!(out[0].aliases, ["Clinton", "William Jefferson Clinton"]);
        assert_eq!(out[0].role.as_deref(), Some("U.S. President"));
        assert_eq!(out[1].mentions, 25);
        assert_eq!(out[1].role.as_deref(), Some("Representative"));
        assert_eq!(out[2].role, None, "an organisation has no office");
        assert_eq!(out[4].role.as_deref(), Some("Senator"));
    }

    use super::*;

    fn sents(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| Sentence {
                doc: 0,
                index: i,
                block: i,
                heading: false,
                text: t.to_string(),
                span: (0, t.len()),
            })
            .collect()
    }

    fn find<'a>(ix: &'a ActorIndex, name: &str) -> Option<&'a Actor> {
        ix.actors.iter().find(|a| a.name == name)
    }

    #[test]
    fn roles_before_names_and_aliases() {
        let ix = extract(
            &sents(&[
                "Foreign Minister Anna Lindqvist met Danish Prime Minister Mette Olsen on Monday.",
                "Lindqvist said the talks in Oslo went well.",
                "Instead, Olsen’s office declined to comment.",
            ]),
            None,
        );
        let a = find(&ix, "Anna Lindqvist").unwrap();
        assert_eq!(a.role.as_deref(), Some("Foreign Minister"));
        assert_eq!(a.kind, ActorKind::Person);
        assert_eq!(a.mentions, 2);
        assert_eq!(a.aliases, ["Lindqvist"]);
        let m = find(&ix, "Mette Olsen").unwrap();
        assert_eq!(m.role.as_deref(), Some("Danish Prime Minister"));
        assert_eq!(m.sentences, [Cite { doc: 0, index: 0 }, Cite { doc: 0, index: 2 }]);
    }

    #[test]
    fn offices_held_by_others_or_no_longer_and_countries_named_like_people() {
        let ix = extract(
            &sents(&[
                "Former Deputy Prime Minister Anwar Rahman was arrested on Monday.",
                "Police questioned ousted deputy prime minister Anwar Rahman again.",
                "Deputy Prime Minister Anwar Rahman had denied the charges in June.",
                "A spokesman for Alfonse Tesoro said the senator would appeal.",
                "Senator Alfonse Tesoro said he would appeal.",
                "Guard Michael Jordan scored 30 points in Chicago.",
                "Jordan cautioned Syria and Turkey against escalating the crisis.",
            ]),
            None,
        );
        assert_eq!(find(&ix, "Anwar Rahman").unwrap().role.as_deref(), Some("former Deputy Prime Minister"));
        assert_eq!(find(&ix, "Alfonse Tesoro").unwrap().role.as_deref(), Some("Senator"));
        assert_eq!(find(&ix, "Michael Jordan").unwrap().mentions, 1);
        let ix = extract(
            &sents(&[
                "Police questioned ousted deputy prime minister Anwar Rahman again.",
                "The ousted Deputy Prime Minister Anwar Rahman denied the charges.",
                "Malaysian Deputy Prime Minister Anwar Rahman had spoken in June.",
            ]),
            None,
        );
        assert!(find(&ix, "Anwar Rahman").unwrap().role.as_deref().is_some_and(|r| r.starts_with("former ")));
    }

    #[test]
    fn offices_that_disagree_give_no_role() {
        let roles = |list: &[(&str, usize)]| -> BTreeMap<String, usize> {
            list.iter().map(|&(r, n)| (r.to_string(), n)).collect()
        };
        assert_eq!(
            best_role(&roles(&[("former mayor of Cleveland", 2), ("former lieutenant governor", 2)])),
            None
        );
        assert_eq!(
            best_role(&roles(&[("Secretary of State", 3), ("U.S. Secretary of State", 2), ("Secretary", 2)])),
            Some("Secretary of State".to_string())
        );
        assert_eq!(best_role(&roles(&[("Rep.", 1)])), Some("Rep.".to_string()));
        assert_eq!(
            best_role(&roles(&[
                ("NATO Secretary General", 1),
                ("NATO Secretary-General", 1),
                ("Secretary General", 1)
            ])),
            Some("NATO Secretary General".to_string())
        );
    }

    #[test]
    fn appositives_in_both_directions() {
        let ix = extract(
            &sents(&[
                "Paul Menard, a senior fellow at the Brookings Institution, disagreed.",
                "“It will not work,” the bloc’s trade commissioner, Ilse Varga, told reporters.",
            ]),
            None,
        );
        assert_eq!(
            find(&ix, "Paul Menard").unwrap().role.as_deref(),
            Some("senior fellow at the Brookings Institution")
        );
        assert_eq!(find(&ix, "Ilse Varga").unwrap().role.as_deref(), Some("bloc’s trade commissioner"));
        assert_eq!(find(&ix, "Brookings Institution").unwrap().kind, ActorKind::Organization);
    }

    #[test]
    fn months_weekdays_nationalities_and_openers_are_not_actors() {
        let ix = extract(
            &sents(&[
                "On Wednesday the Ukrainian and European delegations met in March.",
                "Recent months saw Russian drones over Poland.",
                "Security Guarantees For Europe",
                "Despite that, December Tuesday talks ended.",
            ]),
            None,
        );
        assert!(ix.actors.is_empty(), "{:?}", ix.actors);
    }

    #[test]
    fn organisations_and_acronym_aliases_merge() {
        let ix = extract(
            &sents(&[
                "The European Union and NATO met at the State Department.",
                "EU officials and the E.U. envoy left; the Department of State said nothing.",
            ]),
            None,
        );
        let eu = find(&ix, "European Union").unwrap();
        assert_eq!(eu.mentions, 3);
        assert_eq!(eu.aliases, ["E.U.", "EU"]);
        assert_eq!(find(&ix, "State Department").unwrap().mentions, 2);
        assert_eq!(find(&ix, "NATO").unwrap().kind, ActorKind::Organization);
    }

    #[test]
    fn spelling_variants_merge_and_unknown_surnames_stay_out() {
        let ix = extract(
            &sents(&["Andrii Sybiha spoke.", "Later Andriy Sybiha left.", "Sybiha and Jones agreed."]),
            None,
        );
        let persons: Vec<&str> =
            ix.actors.iter().filter(|a| a.kind == ActorKind::Person).map(|a| a.name.as_str()).collect();
        assert_eq!(persons.len(), 1, "{persons:?}");
        assert_eq!(ix.actors[0].mentions, 3);
    }

    #[test]
    fn gazetteer_adds_corrects_and_ignores() {
        let g = Gazetteer::parse(
            "entries:\n  - name: Mette Olsen\n    role: Prime Minister of Denmark\n    aliases: [the Danish premier]\n  - name: Brussels Group\n    kind: organization\nignore: [Paul Menard]\n",
        )
        .unwrap();
        let ix = extract(
            &sents(&["Prime Minister Mette Olsen spoke.", "Paul Menard, a fellow, listened.", "Olsen left."]),
            Some(&g),
        );
        let m = find(&ix, "Mette Olsen").unwrap();
        assert_eq!(m.role.as_deref(), Some("Prime Minister of Denmark"));
        assert_eq!(m.mentions, 2);
        assert!(find(&ix, "Paul Menard").is_none());
        assert!(find(&ix, "Brussels Group").is_none(), "never mentioned");
        assert!(Gazetteer::parse("entries: [{name: ''}]").is_err());
        assert!(Gazetteer::parse("bogus: 1").is_err());
        assert_eq!(Gazetteer::parse("").unwrap(), Gazetteer::default());
    }

    /// A made-up capitalised name, different for every `k` (its first four letters too).
    fn made_up(k: usize) -> String {
        const C: &[u8] = b"bdfgklmnprstvzhj";
        const V: &[u8] = b"aeiou";
        let mut w = String::new();
        let mut k = k + 1;
        while k > 0 {
            w.push(C[k % C.len()] as char);
            k /= C.len();
            w.push(V[k % V.len()] as char);
            k /= V.len();
        }
        // At least three syllables, so "Ba" and "Bo" are never cut-off names.
        while w.len() < 6 {
            w.push_str("ra");
        }
        let mut c = w.chars();
        c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
    }

    /// Name comparisons made by resolving and tidying the actors of `n` made-up people and
    /// organisations: distinct two-word names, given names that share one surname, that
    /// surname alone in many articles, organisations named after people, and one given name
    /// and surname with many middle names.
    fn work(n: usize) -> u64 {
        let mut texts: Vec<(usize, String)> = Vec::new();
        for i in 0..n {
            texts.push((i % 5, format!("{} {} spoke in the hall.", made_up(i), made_up(i + 7 * n))));
        }
        for i in 0..n / 4 {
            texts.push((i % 5, format!("{} Rutesa met them.", made_up(i))));
            texts.push((i % 50, "Later Rutesa left.".to_string()));
            texts.push((i % 5, format!("{} {} Council met.", made_up(i + 2 * n), made_up(i + 3 * n))));
        }
        let sentences: Vec<Sentence> = texts
            .iter()
            .enumerate()
            .map(|(i, (doc, t))| Sentence {
                doc: *doc,
                index: i,
                block: i,
                heading: false,
                text: t.clone(),
                span: (0, t.len()),
            })
            .collect();
        COMPARED.with(|c| c.set(0));
        let ix = extract(&sentences, None);
        assert!(ix.actors.len() > n, "{} actors", ix.actors.len());
        let mut list = ix.actors;
        for i in 0..n {
            list.push(actor(&format!("John {} Smith", made_up(i)), ActorKind::Person, None, i % 13 + 1));
        }
        let outlets: Vec<String> = (0..n / 4).map(|i| format!("{} News", made_up(i + 5 * n))).collect();
        let tidied = tidy(list, &outlets);
        assert_eq!(tidied.iter().filter(|a| a.name.starts_with("John ")).count(), 1);
        COMPARED.with(|c| c.get())
    }

    #[test]
    fn resolving_and_tidying_names_compares_near_linearly_many_names() {
        let (small, large) = (work(1000), work(4000));
        assert!(small > 0);
        assert!(large < 6 * small, "4× the names: {small} → {large} comparisons");
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let long = "Kęstutis Budrys ".repeat(2000);
        for t in ["", "\"", "“", ", ,", "A", "Ö’s", "’s", "Mr.", long.as_str(), "the, , Secretary"] {
            let _ = extract(&sents(&[t]), None);
        }
    }
}
