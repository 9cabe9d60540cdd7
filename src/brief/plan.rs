//! The plan: what the brief is organised by (the topics stage).
//!
//! In: the config's topics, sentences, their term table and the week's stories. Out: [`Plan`]
//! — the sections (configured topics, stories or discovered aspects) with their candidate
//! sentences and relevance, which stories lead, which go to "Also this week" or "Earlier" and
//! which are left out. Selection ([`super::assemble`]) then picks each section's points from its candidates.

use super::StoryCounts;
use crate::segment::Sentence;
use std::collections::BTreeMap;

/// A story counts as claimed by the configured topics when at least this share of its key-point
/// candidates match one.
pub const CLAIM_SHARE: f64 = 0.2;

/// What kind of section a planned section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// A topic of the config.
    Configured,
    /// One story.
    Story,
    /// A discovered aspect of a one-story week.
    Aspect,
}

/// A section before selection: its candidate sentences with their relevance.
pub struct PlannedSection {
    /// Its heading: the topic's name or the story's label.
    pub name: String,
    /// Where it comes from.
    pub kind: SectionKind,
    /// The story it is, for a story section.
    pub story: Option<usize>,
    /// Candidate sentences (indexes) and their relevance.
    pub members: Vec<(usize, f64)>,
}

/// How the brief is organised.
pub struct Plan {
    /// The sections, configured topics first.
    pub sections: Vec<PlannedSection>,
    /// Story → the name of its section.
    pub story_section: BTreeMap<usize, String>,
    /// Section (index into `sections`) of each sentence by topic assignment.
    pub assignments: Vec<Option<usize>>,
    /// Whether each story's material is in the brief.
    pub included: Vec<bool>,
    /// The stories of two or more articles in the brief, most important first, when there
    /// are several (the BLUF takes one point from each of the first); else empty.
    pub leading: Vec<usize>,
    /// Stories for "Also this week" (this week's single-article stories among them), then the earlier ones (background, [`crate::stories::Story::earlier`]).
    pub also: Vec<usize>,
    /// How many stories went where.
    pub counts: StoryCounts,
}

/// Plans the sections (module doc of [`crate::stories`]; README "Topics and stories"):
/// - configured topics: their sections, filled from the stories they claim ([`CLAIM_SHARE`]);
///   the other stories become story sections after them with an `auto` entry, else are left
///   out (counted);
/// - no configured topics and two or more stories of several articles: one section per
///   story of this week, at most `auto_topics`, the rest in "Also this week"; stories whose
///   newest article is older than the last seven days go to "Earlier" (sections only when no
///   story is this week's);
/// - otherwise (one story): discovered aspect topics, as keyphrase clusters.
pub fn plan(
    cfg: &crate::config::BriefConfig,
    sentences: &[Sentence],
    table: &crate::text::TermTable,
    stories: &crate::stories::Stories,
) -> Plan {
    let n = stories.list.len();
    let multi = |st: &usize| stories.list[*st].docs.len() >= 2;
    let configured = cfg.configured_topics();
    let mut sections: Vec<PlannedSection> = Vec::new();
    let mut assignments = vec![None; sentences.len()];
    let mut included = vec![true; n];
    let mut counts = StoryCounts { found: n, ..Default::default() };
    let story_candidates: Vec<usize>;
    if !configured.is_empty() {
        let list = crate::topics::from_config(&configured);
        let assigned = crate::topics::assign_with(sentences, table, &list);
        let (mut candidates, mut matched) = (vec![0usize; n], vec![0usize; n]);
        for (i, a) in assigned.iter().enumerate() {
            if crate::select::eligible(&sentences[i]) {
                let st = stories.of_sentence[i];
                candidates[st] += 1;
                matched[st] += usize::from(a.is_some());
            }
        }
        let claimed: Vec<bool> = (0..n)
            .map(|st| matched[st] > 0 && matched[st] as f64 >= CLAIM_SHARE * candidates[st] as f64)
            .collect();
        for (t, topic) in list.iter().enumerate() {
            let mut members = Vec::new();
            for (i, a) in assigned.iter().enumerate() {
                if let Some(a) = a
                    && a.topic == t
                    && claimed[stories.of_sentence[i]]
                {
                    members.push((i, a.relevance));
                    assignments[i] = Some(t);
                }
            }
            sections.push(PlannedSection {
                name: topic.name.clone(),
                kind: SectionKind::Configured,
                story: None,
                members,
            });
        }
        let unclaimed: Vec<usize> = (0..n).filter(|&st| !claimed[st]).collect();
        if cfg.wants_auto_topics() {
            story_candidates = unclaimed;
        } else {
            for &st in &unclaimed {
                included[st] = false;
                counts.left_out += 1;
                counts.left_out_articles += stories.list[st].docs.len();
            }
            story_candidates = Vec::new();
        }
    } else if stories.with_at_least(2) >= 2 {
        story_candidates = (0..n).collect();
    } else {
        let found = crate::topics::discover_with(sentences, table, cfg.auto_topics, crate::select::eligible);
        let list = crate::topics::from_config(&found);
        let assigned = crate::topics::assign_with(sentences, table, &list);
        for (t, topic) in list.iter().enumerate() {
            let mut members = Vec::new();
            for (i, a) in assigned.iter().enumerate() {
                if let Some(a) = a
                    && a.topic == t
                {
                    members.push((i, a.relevance));
                    assignments[i] = Some(t);
                }
            }
            sections.push(PlannedSection {
                name: topic.name.clone(),
                kind: SectionKind::Aspect,
                story: None,
                members,
            });
        }
        story_candidates = Vec::new();
    }
    let multi_candidates: Vec<usize> = story_candidates.iter().copied().filter(multi).collect();
    // This week's stories take the sections; earlier ones (background) only when the week has
    // none of its own, else they go to the end of the list for "Earlier".
    let (fresh, earlier): (Vec<usize>, Vec<usize>) =
        multi_candidates.iter().copied().partition(|&st| !stories.list[st].earlier);
    let section_pool = if fresh.is_empty() { &earlier } else { &fresh };
    let mut story_section = BTreeMap::new();
    for &st in section_pool.iter().take(cfg.auto_topics) {
        let story = &stories.list[st];
        story_section.insert(st, story.label.clone());
        let members =
            story.sentences.iter().map(|&i| (i, crate::select::lead_weight(&sentences[i]))).collect();
        sections.push(PlannedSection {
            name: story.label.clone(),
            kind: SectionKind::Story,
            story: Some(st),
            members,
        });
    }
    // Single-article stories of this week (dated) get an Also line too; undated ones and older
    // ones are counted in the coverage line.
    let fresh_single: std::collections::BTreeSet<usize> = story_candidates
        .iter()
        .copied()
        .filter(|st| !multi(st) && !stories.list[*st].earlier && stories.list[*st].last.is_some())
        .collect();
    let also: Vec<usize> = fresh
        .iter()
        .chain(fresh_single.iter())
        .chain(&earlier)
        .copied()
        .filter(|st| !story_section.contains_key(st))
        .collect();
    counts.sections = story_section.len();
    counts.earlier = also.iter().filter(|&&st| stories.list[st].earlier).count();
    counts.also = also.len() - counts.earlier;
    counts.single = (0..n).filter(|st| included[*st] && !multi(st) && !fresh_single.contains(st)).count();
    let in_brief: Vec<usize> = (0..n).filter(|st| included[*st] && multi(st)).collect();
    let leading = if in_brief.len() >= 2 { in_brief } else { Vec::new() };
    Plan { sections, story_section, assignments, included, leading, also, counts }
}
