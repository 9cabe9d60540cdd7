//! Assembly: the week's stories, the plan and the extracted material → [`Brief`].
//!
//! In: [`Inputs`] — config, brief date, articles, sentences and their term table, the stories,
//! the [`Plan`], what the extractors found, and for a revision the version it revises. Out: the
//! [`Brief`].
//!
//! [`assemble`] reads as the brief does, one named step per part. The steps that pick points
//! share one [`Assembly`], which remembers every sentence already shown, so nothing is said
//! twice:
//! 1. what to watch reserves its statements (sections and the BLUF leave them to it);
//! 2. [`Assembly::bluf`]: one point per leading story, or the best of the whole week;
//! 3. [`Assembly::sections`]: each planned section's points;
//! 4. [`Assembly::also`]: one line per further story;
//! 5. [`Assembly::merge`]: each point cites every other source that says the same thing, found
//!    in one pass over the sentences through an index of the points ([`super::same`]).
//!
//! The list parts then cite sentences where the brief shows them ([`Listing`]):
//! [`Listing::quotes`], [`Listing::timeline`], [`Listing::watch`] and [`Listing::actors`].
//! Every selection runs the one engine of [`crate::select`].

use super::plan::{Plan, PlannedSection, SectionKind};
use super::same::{SameIndex, TermSets};
use super::*;
use crate::config::BriefConfig;
use crate::extract::{Actor, ActorKind, Event, Extracted, Granularity, Quote};
use crate::select::concepts::{Token, Tokenized};
use crate::select::lead_weight;
use crate::stored::{BriefView, PointView};
use crate::stories::{Stories, recency};
use crate::text::TermTable;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Inputs of [`assemble`].
pub struct Inputs<'a> {
    /// The config.
    pub config: &'a BriefConfig,
    /// The brief date.
    pub date: Date,
    /// Articles in input order.
    pub articles: &'a [Article],
    /// All sentences.
    pub sentences: &'a [Sentence],
    /// The sentences' terms ([`TermTable::new`] over their texts, in order).
    pub terms: &'a TermTable,
    /// The week's stories ([`crate::stories::discover`]).
    pub stories: &'a Stories,
    /// What the brief is organised by ([`super::plan()`]).
    pub plan: &'a Plan,
    /// What the extractors found ([`crate::extract::extract_all`]).
    pub extracted: &'a Extracted,
    /// The version this brief revises (version N−1 of the same number), if any: its points
    /// stay, in their sections and order, wherever their sentence is still in the input; the
    /// engine only fills the places of points whose source is gone. A revision changes what
    /// had to change, so `briefly diff` between versions shows exactly that.
    pub previous: Option<&'a BriefView>,
    /// Where the steps report their stages (`selection`, `merging`, `lists`).
    pub progress: &'a dyn crate::progress::Progress,
}

/// An undated intention ("will …", "is expected to …") is a watch item only when its source is
/// at most this many days older than the brief.
pub const FRESH_INTENTION_DAYS: i64 = 2;

/// Largest pool of candidate sentences the engine weighs for one selection.
pub const MAX_POOL: usize = 4000;

/// Builds the brief: BLUF, topic sections, "Also this week", quotes, timeline, what to watch,
/// actors, sources (module doc).
pub fn assemble(inp: &Inputs<'_>) -> Brief {
    assemble_counted(inp).0
}

/// [`assemble`], with the number of same-statement tests it ran ([`TermSets::tests`]), for the
/// guard against passes that compare every pair.
fn assemble_counted(inp: &Inputs<'_>) -> (Brief, u64) {
    let cfg = inp.config;
    inp.progress.stage("selection", None);
    let mut a = Assembly::new(inp);
    let mut bluf = if cfg.sections.bluf { a.bluf() } else { Vec::new() };
    let mut topics = a.sections();
    let (mut also, also_unlisted) = a.also();
    inp.progress.stage("merging", None);
    a.merge(
        bluf.iter_mut()
            .chain(topics.iter_mut().flat_map(|t| t.points.iter_mut()))
            .chain(also.iter_mut().map(|e| &mut e.point)),
    );
    inp.progress.stage("lists: quotes, timeline, watch, actors", None);
    let list = Listing { a: &a, topics: &topics };
    let quotes = if cfg.sections.quotes { list.quotes() } else { Vec::new() };
    let timeline = if cfg.sections.timeline { list.timeline() } else { Vec::new() };
    let watch = if cfg.sections.watch { list.watch(&quotes) } else { Vec::new() };
    let actors = if cfg.sections.actors {
        // Everything the brief quotes or states, for the actors a reader meets in it.
        let stated: Vec<&str> = bluf
            .iter()
            .chain(topics.iter().flat_map(|t| &t.points))
            .chain(also.iter().map(|e| &e.point))
            .map(|p| p.text.as_str())
            .chain(quotes.iter().flat_map(|q| [q.text.as_str(), q.speaker.as_str()]))
            .chain(timeline.iter().map(|e| e.text.as_str()))
            .chain(watch.iter().map(|w| w.text.as_str()))
            .collect();
        list.actors(&stated)
    } else {
        Vec::new()
    };
    let (sources, sources_unlisted) = listed_sources(
        a.sources,
        cfg.limits.sources,
        cited(&bluf, &topics, &also, &quotes, &timeline, &watch),
    );

    // Every point read from the brief date: statements whose time was relative to an older day
    // show that day.
    for p in bluf
        .iter_mut()
        .chain(topics.iter_mut().flat_map(|t| t.points.iter_mut()))
        .chain(also.iter_mut().map(|e| &mut e.point))
    {
        anchor(p, inp.date);
    }
    let (also, earlier): (Vec<AlsoEntry>, Vec<AlsoEntry>) = also.into_iter().partition(|e| !e.story.earlier);
    let brief = Brief {
        schema_version: SCHEMA_VERSION,
        title: cfg.title.clone(),
        date: inp.date,
        audience: cfg.audience.clone(),
        marking: cfg.marking.clone(),
        number: cfg.number.clone().unwrap_or_else(|| inp.date.iso_week_label()),
        version: cfg.version,
        organization: cfg.organization.clone(),
        introduction: cfg.introduction.clone(),
        coverage: Coverage {
            stories: StoryCounts { also_unlisted: also_unlisted.len(), ..inp.plan.counts.clone() },
            ..coverage(inp.articles, inp.sentences.len())
        },
        bluf,
        topics,
        also,
        also_unlisted,
        earlier,
        actors,
        quotes,
        timeline,
        watch,
        sources,
        sources_unlisted,
        method: Method {
            tool: format!("briefly {}", env!("CARGO_PKG_VERSION")),
            selection: "stories by average-linkage TF-IDF clustering; BM25 topic assignment; concept coverage (document-frequency-weighted word pairs) under a word budget, greedy with redundancy removal; statements reported by several sources merged".to_string(),
            points_per_topic: cfg.points_per_topic,
            words_per_topic: cfg.words_per_topic,
            input_hash: input_hash(inp.articles),
        },
    };
    (brief, a.terms.tests())
}

/// The state of the selection steps: the inputs, what every step needs computed once, and the
/// sentences already shown as points.
pub struct Assembly<'a> {
    cfg: &'a BriefConfig,
    date: Date,
    articles: &'a [Article],
    sentences: &'a [Sentence],
    stories: &'a Stories,
    plan: &'a Plan,
    ex: &'a Extracted,
    previous: Option<&'a BriefView>,
    /// The numbered sources.
    sources: Vec<Source>,
    /// The selection engine's tokens of the sentences selections have weighed (made on demand).
    tokenized: Tokenized,
    /// Content-word sets, for "says the same thing".
    terms: TermSets,
    /// Each article's weight by age ([`recency`]).
    weight: Vec<f64>,
    /// Sentence index by (article, position).
    by_pos: BTreeMap<(usize, usize), usize>,
    /// For a revision: where each sentence text is now (first occurrence, dateline stripped).
    at: HashMap<&'a str, usize>,
    /// Sentences what to watch keeps for itself.
    reserved: Vec<usize>,
    /// Sentences already shown as points, in the order they were taken.
    used: Vec<usize>,
    /// The sentences shown or reserved, indexed for "says the same thing".
    said: SameIndex,
    /// Stories with a line in "Also this week".
    also_stories: Vec<usize>,
}

impl<'a> Assembly<'a> {
    /// Everything the steps share; what to watch reserves its sentences here (step 1).
    pub fn new(inp: &Inputs<'a>) -> Assembly<'a> {
        let sentences = inp.sentences;
        let tokenized = Tokenized::lazy(sentences.len());
        let mut at: HashMap<&'a str, usize> = HashMap::new();
        if inp.previous.is_some() {
            for (i, s) in sentences.iter().enumerate().rev() {
                at.insert(crate::select::clean::strip_dateline(&s.text), i);
            }
        }
        let mut a = Assembly {
            cfg: inp.config,
            date: inp.date,
            articles: inp.articles,
            sentences,
            stories: inp.stories,
            plan: inp.plan,
            ex: inp.extracted,
            previous: inp.previous,
            sources: sources(inp.articles),
            tokenized,
            terms: TermSets::from_table(inp.terms),
            weight: inp.articles.iter().map(|a| recency(a.date, inp.date)).collect(),
            by_pos: sentences.iter().enumerate().map(|(i, s)| ((s.doc, s.index), i)).collect(),
            at,
            reserved: Vec::new(),
            used: Vec::new(),
            said: SameIndex::new(),
            also_stories: Vec::new(),
        };
        // Statements about a named date on or after the brief date are kept for what to watch:
        // sections and the BLUF do not take them.
        if a.cfg.sections.watch {
            a.reserved =
                a.ex.watch
                    .iter()
                    .filter(|w| w.score >= 1.0 && w.date.is_some())
                    .filter_map(|w| a.index_of(w.doc, w.index))
                    .filter(|&i| a.included(i))
                    .take(a.cfg.limits.watch)
                    .collect();
            for k in 0..a.reserved.len() {
                a.said.insert(&a.terms, a.reserved[k]);
            }
        }
        a
    }

    /// The sentence at position `index` of article `doc`.
    fn index_of(&self, doc: usize, index: usize) -> Option<usize> {
        self.by_pos.get(&(doc, index)).copied()
    }

    /// Whether sentence `i`'s story is in the brief.
    fn included(&self, i: usize) -> bool {
        self.plan.included[self.stories.of_sentence[i]]
    }

    /// Whether sentence `i` is new to the brief: neither shown, nor reserved, nor saying what
    /// either says.
    fn fresh(&self, i: usize) -> bool {
        !self.said.contains(i) && !self.said.any_same(&self.terms, i)
    }

    /// Whether article `doc` was written before the last days of the window.
    fn written_before_last_days(&self, doc: usize) -> bool {
        self.articles[doc].date.is_some_and(|d| self.date.to_days() - d.to_days() > FRESH_INTENTION_DAYS)
    }

    /// A plan or expectation written before the last days of the window ("Rubio is planning to
    /// skip a meeting … next week", a week before the brief): by the brief date its event has
    /// happened or been overtaken, so newer statements are preferred; shown anyway, it carries
    /// its date (`anchor`).
    fn stale(&self, i: usize) -> bool {
        self.written_before_last_days(self.sentences[i].doc)
            && crate::lexicon::is_plan(&self.sentences[i].text)
    }

    /// Where a point may come from, best first: self-contained and current, then anything.
    fn preferred(&self, i: usize) -> bool {
        let text = &self.sentences[i].text;
        !self.stale(i)
            && !crate::select::clean::opens_on_reference(text)
            && !crate::select::clean::is_speculation(text)
    }

    /// The sentences of a story that are new to the brief and stand on their own (checked only
    /// on the lead pool that selection would weigh); current ones when there are any.
    fn standalone_pool(&self, members: &[usize]) -> Vec<usize> {
        let candidates: Vec<usize> = members.iter().copied().filter(|&i| self.fresh(i)).collect();
        let ones = vec![1.0; candidates.len()];
        let (lead, _) = lead_pool(&candidates, &ones, self.sentences);
        let alone: Vec<usize> = lead
            .into_iter()
            .filter(|&i| {
                let text = &self.sentences[i].text;
                crate::select::clean::stands_alone(text) && !crate::select::clean::is_speculation(text)
            })
            .collect();
        let current: Vec<usize> = alone.iter().copied().filter(|&i| !self.stale(i)).collect();
        if current.is_empty() { alone } else { current }
    }

    /// Relevance of lead sentences of recent articles: article weight × [`lead_weight`].
    fn lead_relevance(&self, pool: &[usize]) -> Vec<f64> {
        pool.iter().map(|&i| self.weight[self.sentences[i].doc] * lead_weight(&self.sentences[i])).collect()
    }

    /// The engine's picks from `pool` (sentence indexes, with relevance `rel`), at most `wanted`
    /// within `words`: (sentence, score), in the engine's order.
    fn select_from(&mut self, pool: &[usize], rel: &[f64], words: usize, wanted: usize) -> Vec<(usize, f64)> {
        let (pool, rel) = lead_pool(pool, rel, self.sentences);
        let sentences = self.sentences;
        self.tokenized.ensure(&pool, |i| sentences[i].text.as_str());
        let refs: Vec<&Sentence> = pool.iter().map(|&i| &self.sentences[i]).collect();
        let tokens: Vec<&[Token]> = pool.iter().map(|&i| self.tokenized.of[i].as_slice()).collect();
        crate::select::select_tokenized(
            &refs,
            &tokens,
            Some(&rel),
            crate::select::Params::brief(words, wanted),
        )
        .into_iter()
        .map(|p| (pool[p.candidate], p.score))
        .collect()
    }

    /// The points of a previous version that stay: those whose sentence is still in the input
    /// and not shown yet, with their old scores.
    fn kept(&self, previous: &[PointView]) -> Vec<(usize, f64)> {
        let mut out: Vec<(usize, f64)> = Vec::new();
        for p in previous {
            if let Some(&i) = self.at.get(p.text.as_str())
                && !self.used.contains(&i)
                && !out.iter().any(|&(j, _)| j == i)
            {
                out.push((i, p.score));
            }
        }
        out
    }

    /// Shows sentence `i` as a point, cited to its own source ([`Assembly::merge`] adds the
    /// others once every point is chosen).
    fn take(&mut self, i: usize, score: f64) -> KeyPoint {
        self.used.push(i);
        self.said.insert(&self.terms, i);
        key_point(&self.sentences[i], score, &self.sources)
    }

    /// Step 5: every point cites each other source that says the same thing (and lists those
    /// reporting it with other figures). `points` are the points of the brief, each made by
    /// [`Assembly::take`].
    pub fn merge<'p>(&self, points: impl Iterator<Item = &'p mut KeyPoint>) {
        let points: Vec<(usize, &mut KeyPoint)> = points
            .filter_map(|p| {
                let c = p.citations.first()?;
                Some((self.index_of(c.source - 1, c.sentence)?, p))
            })
            .collect();
        merge_points(points, self.sentences, &self.terms, &self.sources);
    }

    /// Step 2, the bottom line. On a week of several stories, one point per leading story, each
    /// able to stand on its own; otherwise the engine over everything, weighted by recency. A
    /// revision keeps its previous BLUF points first.
    pub fn bluf(&mut self) -> Vec<KeyPoint> {
        let (limit, stories) = (self.cfg.bluf_sentences, self.stories);
        let mut bluf = Vec::new();
        let pinned = self.previous.map(|prev| self.kept(&prev.bluf)).unwrap_or_default();
        for &(i, score) in pinned.iter().take(limit) {
            bluf.push(self.take(i, score));
        }
        if self.plan.leading.len() >= 2 {
            let covered: Vec<usize> = self.used.iter().map(|&i| stories.of_sentence[i]).collect();
            for &st in self.plan.leading.iter().filter(|s| !covered.contains(s)) {
                if bluf.len() >= limit {
                    break;
                }
                let pool = self.standalone_pool(&stories.list[st].sentences);
                let rel = self.lead_relevance(&pool);
                if let Some(&(i, score)) = self.select_from(&pool, &rel, 45, 1).first() {
                    bluf.push(self.take(i, score));
                }
            }
            return bluf;
        }
        let wanted = limit.saturating_sub(bluf.len());
        if wanted == 0 {
            return bluf;
        }
        let all: Vec<usize> =
            (0..self.sentences.len()).filter(|&i| self.included(i) && self.fresh(i)).collect();
        let best: Vec<usize> = all.iter().copied().filter(|&i| self.preferred(i)).collect();
        let pool = if best.len() >= wanted { best } else { all };
        // News puts its story first: leads weigh more, as on a week of several stories.
        let rel = self.lead_relevance(&pool);
        // The bottom line leads with the latest development: newest article first.
        let mut picked = self.select_from(&pool, &rel, 35 * wanted, wanted);
        picked.sort_by_key(|&(i, _)| Reverse(self.articles[self.sentences[i].doc].date));
        for (i, score) in picked {
            bluf.push(self.take(i, score));
        }
        bluf
    }

    /// Step 3, the sections in the plan's order; discovered aspect topics are then sorted by
    /// weight, and those left empty dropped.
    pub fn sections(&mut self) -> Vec<TopicSection> {
        let plan = self.plan;
        let mut sections: Vec<(SectionKind, f64, TopicSection)> =
            plan.sections.iter().map(|planned| self.section(planned)).collect();
        // Configured topics and stories keep their order; discovered aspects follow by weight.
        sections.retain(|(kind, _, s)| *kind == SectionKind::Configured || !s.points.is_empty());
        sections.sort_by(|a, b| {
            let aspect = |k: SectionKind| k == SectionKind::Aspect;
            aspect(a.0).cmp(&aspect(b.0)).then_with(|| {
                if aspect(a.0) && aspect(b.0) { b.1.total_cmp(&a.1) } else { std::cmp::Ordering::Equal }
            })
        });
        sections.into_iter().map(|(_, _, s)| s).collect()
    }

    /// One section's points: those a revision keeps, then the engine's picks from the section's
    /// candidates within what is left of its word budget. Returns the section with its kind and
    /// the sum of its points' scores.
    fn section(&mut self, planned: &PlannedSection) -> (SectionKind, f64, TopicSection) {
        let cfg = self.cfg;
        let mut points = Vec::new();
        let mut weight_sum = 0.0;
        let previous_points =
            self.previous.and_then(|prev| prev.topics.iter().find(|t| t.name == planned.name));
        let pinned = previous_points.map(|t| self.kept(&t.points)).unwrap_or_default();
        let mut words_left = cfg.words_per_topic;
        for &(i, score) in pinned.iter().take(cfg.points_per_topic) {
            weight_sum += score;
            words_left = words_left.saturating_sub(crate::text::word_count(&self.sentences[i].text));
            points.push(self.take(i, score));
        }
        let wanted = cfg.points_per_topic.saturating_sub(points.len());
        // A point carries its own references and reads from the brief date: sentences that
        // open on something said before them, unattributed guesses and stale plans are
        // candidates only when nothing else is left.
        let whole: Vec<(usize, f64)> =
            planned.members.iter().copied().filter(|&(i, _)| self.preferred(i)).collect();
        let candidates = if whole.iter().any(|&(i, _)| self.fresh(i)) { &whole } else { &planned.members };
        let (mut members, mut relevance) = (Vec::new(), Vec::new());
        for &(i, r) in candidates {
            if self.fresh(i) {
                members.push(i);
                // Sections keep older background in play: a milder recency than the BLUF's.
                relevance.push(r * self.weight[self.sentences[i].doc].sqrt());
            }
        }
        for (i, score) in self.select_from(&members, &relevance, words_left, wanted) {
            weight_sum += score;
            points.push(self.take(i, score));
        }
        let section = TopicSection {
            id: format!("topic-{}", slug(&planned.name)),
            name: planned.name.clone(),
            story: planned.story.map(|st| facts(&self.stories.list[st])),
            points,
        };
        (planned.kind, weight_sum, section)
    }

    /// Step 4, "Also this week": the further stories of two or more articles, most important
    /// first, one representative line each, at most `limits.also` lines; returns the lines and
    /// the stories past the cap (listed in `brief.json` only).
    pub fn also(&mut self) -> (Vec<AlsoEntry>, Vec<AlsoStory>) {
        let stories = self.stories;
        let mut also = Vec::new();
        let mut unlisted = Vec::new();
        for &st in &self.plan.also {
            let story = &stories.list[st];
            if also.len() >= self.cfg.limits.also {
                unlisted.push(AlsoStory { label: story.label.clone(), story: facts(story) });
                continue;
            }
            let alone = self.standalone_pool(&story.sentences);
            let pool = if alone.is_empty() {
                story.sentences.iter().copied().filter(|&i| self.fresh(i)).collect()
            } else {
                alone
            };
            let rel = self.lead_relevance(&pool);
            if let Some(&(i, score)) = self.select_from(&pool, &rel, 45, 1).first() {
                self.also_stories.push(st);
                let point = self.take(i, score);
                also.push(AlsoEntry { label: story.label.clone(), story: facts(story), point });
            }
        }
        (also, unlisted)
    }
}

/// The list parts of the brief (quotes, timeline, what to watch, actors), made once the points
/// are chosen: each entry cites its sentence, names the section that shows its story, and
/// never repeats a sentence shown as a point.
pub struct Listing<'s, 'a> {
    /// The finished selection.
    pub a: &'s Assembly<'a>,
    /// The brief's sections, in their final order.
    pub topics: &'s [TopicSection],
}

impl Listing<'_, '_> {
    /// The section (or "Also this week" story) sentence `i` belongs to, if the brief shows it.
    fn section_of(&self, i: usize) -> Option<String> {
        let (plan, stories) = (self.a.plan, self.a.stories);
        let shown = |name: &String| self.topics.iter().any(|t| &t.name == name).then(|| name.clone());
        let st = stories.of_sentence[i];
        if let Some(name) = plan.story_section.get(&st) {
            return shown(name);
        }
        if let Some(a) = plan.assignments[i] {
            return shown(&plan.sections[a].name);
        }
        self.a.also_stories.contains(&st).then(|| stories.list[st].label.clone())
    }

    /// [`Listing::section_of`] by (article, position).
    fn topic_of(&self, doc: usize, index: usize) -> Option<String> {
        self.a.index_of(doc, index).and_then(|i| self.section_of(i))
    }

    /// Whether the sentence at (`doc`, `index`) may not be listed: shown as a point, taken by
    /// another list (`also_taken`), or of a story left out of the brief.
    fn shown(&self, doc: usize, index: usize, also_taken: &[usize]) -> bool {
        self.a
            .index_of(doc, index)
            .is_none_or(|i| !self.a.included(i) || self.a.used.contains(&i) || also_taken.contains(&i))
    }

    /// The citation of the sentence at (`doc`, `index`).
    fn cite(&self, doc: usize, index: usize) -> Option<Citation> {
        self.a.index_of(doc, index).map(|i| citation(&self.a.sentences[i], &self.a.sources))
    }

    /// Quotes: the longest named ones from recent articles, one entry per quote, in date order.
    pub fn quotes(&self) -> Vec<QuoteEntry> {
        let a = self.a;
        let mut ranked: Vec<(f64, &Quote)> =
            a.ex.quotes
                .iter()
                .filter(|q| !self.shown(q.doc, q.index, &[]))
                // A quote that opens on "That …", "He …", "Their …" needs words it does not carry.
                .filter(|q| !crate::select::clean::opens_on_reference(&q.text))
                // A quote keeps the speaker's words verbatim, so "last weekend" said a week before
                // the brief points to the wrong weekend: such a quote is left out.
                .filter(|q| !(a.written_before_last_days(q.doc) && crate::lexicon::has_relative_day(&q.text)))
                .map(|q| {
                    let words = crate::text::word_count(&q.text).min(40) as f64 / 40.0;
                    (a.weight[q.doc] * words * if q.named { 1.0 } else { 0.5 }, q)
                })
                .collect();
        ranked.sort_by(|x, y| {
            y.0.total_cmp(&x.0).then_with(|| (x.1.doc, x.1.index).cmp(&(y.1.doc, y.1.index)))
        });
        // One entry per quote: the same words (or the same sentence reported by another
        // source) only once.
        let same_sentence =
            |x: &Quote, y: &Quote| match (a.index_of(x.doc, x.index), a.index_of(y.doc, y.index)) {
                (Some(i), Some(j)) => i == j || a.terms.same(i, j),
                _ => false,
            };
        let mut chosen: Vec<&Quote> = Vec::new();
        for (_, q) in ranked {
            if chosen.len() >= a.cfg.limits.quotes {
                break;
            }
            if !chosen.iter().any(|c| c.text == q.text || same_sentence(c, q)) {
                chosen.push(q);
            }
        }
        chosen.sort_by_key(|q| (a.articles[q.doc].date, q.doc, q.index));
        chosen
            .into_iter()
            .filter_map(|q| {
                Some(QuoteEntry {
                    speaker: q.speaker.clone(),
                    text: q.text.clone(),
                    citation: self.cite(q.doc, q.index)?,
                    topic: self.topic_of(q.doc, q.index),
                })
            })
            .collect()
    }

    /// The timeline: dated events of the last six months (and the next two), at most two per
    /// date, none a plan or forecast, sampled across the window's weeks with the brief's
    /// sections first; shown oldest first.
    pub fn timeline(&self) -> Vec<TimelineEntry> {
        let a = self.a;
        let (from, to) = (a.date.add_days(-183), a.date.add_days(60));
        let mut per_date: BTreeMap<(Date, Granularity), usize> = BTreeMap::new();
        let forecasts: BTreeSet<(usize, usize)> =
            a.ex.watch.iter().filter(|w| w.score >= 1.0).map(|w| (w.doc, w.index)).collect();
        let mut seen = SameIndex::new();
        let mut events: Vec<&Event> = Vec::new();
        for e in &a.ex.timeline {
            let Some(i) = a.index_of(e.doc, e.index) else { continue };
            // One entry per event: a sentence saying what an earlier entry says is left out; a
            // forecast or plan (a watch statement) is not an event. (The timeline may repeat a
            // point: it is the same news in date order.)
            if e.date < from
                || e.date > to
                || seen.contains(i)
                || !a.included(i)
                || forecasts.contains(&(e.doc, e.index))
                || crate::lexicon::is_plan(&e.text)
                || crate::select::clean::is_noise(&e.text)
                // A day after the article was written is a plan or forecast as of writing
                // ("The deadline is set for November 25th" on 22 October).
                || a.articles[e.doc].date.is_some_and(|d| e.date > d)
                || !crate::select::clean::stands_alone(&e.text)
                || seen.any_same(&a.terms, i)
            {
                continue;
            }
            let n = per_date.entry((e.date, e.granularity)).or_default();
            if *n >= 2 {
                continue;
            }
            *n += 1;
            seen.insert(&a.terms, i);
            events.push(e);
        }
        // Sample the whole window, weighted to the brief's stories: the events of the brief's
        // sections first, then the rest, each by weeks in turn (newest week first, its best
        // event each round: day-precise, then latest); shown oldest first.
        let (mine, rest): (Vec<_>, Vec<_>) =
            events.into_iter().partition(|e| self.topic_of(e.doc, e.index).is_some());
        let limit = a.cfg.limits.timeline;
        let mut events = by_weeks(mine, limit);
        let left = limit - events.len();
        events.extend(by_weeks(rest, left));
        events.sort_by(|x, y| {
            (x.date, x.granularity, x.doc, x.index).cmp(&(y.date, y.granularity, y.doc, y.index))
        });
        events
            .into_iter()
            .filter_map(|e| {
                Some(TimelineEntry {
                    date: e.date,
                    granularity: format!("{:?}", e.granularity).to_lowercase(),
                    text: e.text.clone(),
                    citation: self.cite(e.doc, e.index)?,
                    topic: self.topic_of(e.doc, e.index),
                })
            })
            .collect()
    }

    /// What to watch: forward-looking statements, best first, none quoted above, one entry per
    /// statement.
    pub fn watch(&self, quotes: &[QuoteEntry]) -> Vec<WatchEntry> {
        let a = self.a;
        let quoted: Vec<usize> =
            quotes.iter().filter_map(|q| a.index_of(q.citation.source - 1, q.citation.sentence)).collect();
        let mut listed = SameIndex::new();
        a.ex.watch
            .iter()
            .filter(|w| w.score >= 1.0 && !crate::select::clean::opens_on_reference(&w.text))
            // Upcoming as read on the brief date: a named date on or after it, or an undated
            // intention stated in the last days before it (older plans may be done by now).
            .filter(|w| {
                w.date.is_some()
                    || a.articles[w.doc].date.is_some_and(|d| d <= a.date)
                        && !a.written_before_last_days(w.doc)
            })
            .filter(|w| !self.shown(w.doc, w.index, &quoted))
            // One entry per statement: another source's version of an item already listed is
            // left out.
            .filter(|w| {
                let i = a.index_of(w.doc, w.index);
                let again = i.is_some_and(|i| listed.any_same(&a.terms, i));
                if let Some(i) = i {
                    listed.insert(&a.terms, i);
                }
                !again
            })
            .take(a.cfg.limits.watch)
            .filter_map(|w| {
                Some(WatchEntry {
                    text: w.text.clone(),
                    date: w.date,
                    granularity: w.granularity.map(|g| format!("{g:?}").to_lowercase()),
                    citation: self.cite(w.doc, w.index)?,
                    topic: self.topic_of(w.doc, w.index),
                })
            })
            .collect()
    }

    /// Actors: the most mentioned people and organisations of the stories in the brief, and
    /// every person a line of the brief (`stated`) names in full.
    pub fn actors(&self, stated: &[&str]) -> Vec<ActorEntry> {
        let a = self.a;
        let named_in = |actor: &Actor| {
            std::iter::once(&actor.name)
                .chain(&actor.aliases)
                .any(|n| stated.iter().any(|t| crate::text::contains_phrase(t, n)))
        };
        let outlets: Vec<String> = a.articles.iter().filter_map(|x| x.outlet.clone()).collect();
        crate::extract::actors::tidy(a.ex.actors.clone(), &outlets)
            .iter()
            .filter(|actor| {
                actor.sentences.iter().any(|c| a.index_of(c.doc, c.index).is_some_and(|i| a.included(i)))
            })
            .enumerate()
            // The most mentioned, and every person a line of the brief names: a reader meeting
            // "… Alberque said" finds who Alberque is.
            .filter(|&(rank, actor)| {
                let listed = (actor.mentions >= 2 || actor.role.is_some()) && rank < a.cfg.limits.actors;
                listed || actor.kind == ActorKind::Person && actor.name.contains(' ') && named_in(actor)
            })
            .map(|(_, actor)| self.actor_entry(actor))
            .collect()
    }

    /// An actor's entry: the sections that mention it (in the brief's order) and its sources.
    fn actor_entry(&self, actor: &Actor) -> ActorEntry {
        let mut in_topics: Vec<String> = Vec::new();
        for c in &actor.sentences {
            if let Some(t) = self.topic_of(c.doc, c.index)
                && !in_topics.contains(&t)
            {
                in_topics.push(t);
            }
        }
        in_topics.sort_by_key(|t| self.topics.iter().position(|s| &s.name == t));
        let mut sources: Vec<usize> = actor.sentences.iter().map(|c| c.doc + 1).collect();
        sources.sort_unstable();
        sources.dedup();
        ActorEntry {
            name: actor.name.clone(),
            kind: match actor.kind {
                ActorKind::Person => "person",
                ActorKind::Organization => "organization",
            }
            .to_string(),
            role: actor.role.clone(),
            aliases: actor.aliases.clone(),
            mentions: actor.mentions,
            topics: in_topics,
            sources,
        }
    }
}

/// The numbers of the sources the brief cites: in its points (supporting or differing), quotes,
/// timeline and what to watch.
fn cited(
    bluf: &[KeyPoint],
    topics: &[TopicSection],
    also: &[AlsoEntry],
    quotes: &[QuoteEntry],
    timeline: &[TimelineEntry],
    watch: &[WatchEntry],
) -> BTreeSet<usize> {
    let points =
        bluf.iter().chain(topics.iter().flat_map(|t| &t.points)).chain(also.iter().map(|e| &e.point));
    points
        .flat_map(|p| p.citations.iter().chain(p.differs.iter().map(|d| &d.citation)))
        .chain(quotes.iter().map(|q| &q.citation))
        .chain(timeline.iter().map(|e| &e.citation))
        .chain(watch.iter().map(|w| &w.citation))
        .map(|c| c.source)
        .collect()
}

/// The sources the brief lists and those it does not: all are listed up to `limit`; past it,
/// only those it cites (`cited`, by number), the others are left to `brief.json`.
fn listed_sources(sources: Vec<Source>, limit: usize, cited: BTreeSet<usize>) -> (Vec<Source>, Vec<Source>) {
    if sources.len() <= limit {
        return (sources, Vec::new());
    }
    sources.into_iter().partition(|s| cited.contains(&s.number))
}

/// A pool of candidates (with their relevance) cut to at most [`MAX_POOL`] by keeping only the
/// first sentences of each article — news puts its story first — as many per article as fit
/// (at least the first two). Smaller pools are returned whole.
fn lead_pool(pool: &[usize], rel: &[f64], sentences: &[Sentence]) -> (Vec<usize>, Vec<f64>) {
    if pool.len() <= MAX_POOL {
        return (pool.to_vec(), rel.to_vec());
    }
    // Candidates at each position in their article, then the deepest position that fits.
    let mut at = BTreeMap::<usize, usize>::new();
    for &i in pool {
        *at.entry(sentences[i].index).or_default() += 1;
    }
    let mut depth = 0;
    let mut total = 0;
    for (&index, &n) in &at {
        total += n;
        if total > MAX_POOL && depth >= 2 {
            break;
        }
        depth = index + 1;
    }
    pool.iter().zip(rel).filter(|(i, _)| sentences[**i].index < depth).map(|(&i, &r)| (i, r)).unzip()
}

/// At most `limit` events sampled across the weeks they fall in: each round takes the best
/// remaining event of every week, newest week first (best: day-precise, then latest, then
/// input order).
fn by_weeks(events: Vec<&Event>, limit: usize) -> Vec<&Event> {
    let mut weeks: BTreeMap<Reverse<Date>, Vec<&Event>> = BTreeMap::new();
    for e in events {
        weeks.entry(Reverse(e.date.monday())).or_default().push(e);
    }
    for list in weeks.values_mut() {
        // Best last, for `pop`.
        list.sort_by_key(|e| {
            let day = e.granularity == Granularity::Day;
            Reverse((!day, Reverse(e.date), e.doc, e.index))
        });
    }
    let mut out = Vec::new();
    while out.len() < limit && weeks.values().any(|l| !l.is_empty()) {
        for list in weeks.values_mut() {
            if out.len() < limit
                && let Some(e) = list.pop()
            {
                out.push(e);
            }
        }
    }
    out
}

/// Every point cites each other source that says the same thing (and lists those that report
/// it with other figures). `points` are the points with their sentences; one pass over all
/// sentences through an index of the points finds what each point's sentence is the same as.
fn merge_points(
    points: Vec<(usize, &mut KeyPoint)>,
    sentences: &[Sentence],
    terms: &TermSets,
    sources: &[Source],
) {
    use rayon::prelude::*;
    let mut index = SameIndex::new();
    for &(i, _) in &points {
        index.insert(terms, i);
    }
    // (point sentence, sentence that says the same), in sentence order.
    let found: Vec<(usize, usize)> = (0..sentences.len())
        .into_par_iter()
        .flat_map_iter(|j| index.same_as(terms, j).into_iter().map(move |i| (i, j)))
        .collect();
    let mut same: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, j) in found {
        same.entry(i).or_default().push(j);
    }
    points.into_par_iter().for_each(|(i, p)| {
        support(p, i, same.get(&i).map_or(&[][..], Vec::as_slice), sentences, sources);
    });
}

/// Point `p` (of sentence `i`) cites each other source whose sentence in `same` (ascending)
/// also states the same figures, negation and names, and reports one stating other figures as
/// differing.
fn support(p: &mut KeyPoint, i: usize, same: &[usize], sentences: &[Sentence], sources: &[Source]) {
    let mut cited: BTreeSet<usize> = BTreeSet::from([sentences[i].doc]);
    let own = crate::claims::claim(&sentences[i].text);
    // The days a sentence's event falls on, read from its own article's date ("on Wednesday"
    // in a 16 December article is not "on Wednesday" in a 13 December one).
    let days_of = |s: &Sentence| -> Vec<Date> {
        crate::extract::timeline::dates_in(&s.text, sources.get(s.doc).and_then(|src| src.date))
            .into_iter()
            .filter(|f| f.granularity == crate::extract::Granularity::Day)
            .map(|f| f.date)
            .collect()
    };
    let own_days = days_of(&sentences[i]);
    for &j in same {
        let s = &sentences[j];
        if cited.contains(&s.doc) {
            continue;
        }
        // A point that names its day is supported only by a sentence naming the same day.
        if !own_days.is_empty() && !days_of(s).iter().any(|d| own_days.contains(d)) {
            continue;
        }
        match crate::claims::compare(&own, &crate::claims::claim(&s.text)) {
            crate::claims::Agreement::Same => {
                cited.insert(s.doc);
                p.citations.push(citation(s, sources));
            }
            crate::claims::Agreement::Differs => {
                cited.insert(s.doc);
                p.differs.push(Differing { text: s.text.clone(), citation: citation(s, sources) });
            }
            crate::claims::Agreement::Other => {}
        }
    }
    p.differs.sort_by_key(|d| d.citation.source);
    // Its own source first (its date is the point's), the others by number.
    p.citations[1..].sort_by_key(|c| c.source);
    p.source_count = p.citations.len();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A made-up word: the `n`-th of a fixed sequence, two to four syllables.
    fn word(n: usize) -> String {
        const ONSETS: [&str; 16] =
            ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st"];
        const VOWELS: [&str; 5] = ["a", "e", "i", "o", "u"];
        let mut x = n;
        let mut w = String::new();
        for _ in 0..2 + n % 3 {
            w.push_str(ONSETS[x % 16]);
            w.push_str(VOWELS[(x / 16) % 5]);
            x = x / 80 + 7 * (x % 13) + 1;
        }
        w.push_str(["n", "r", "s", "l"][n % 4]);
        w
    }

    /// A fixed pseudo-random sequence.
    struct Lcg(u64);

    impl Lcg {
        fn below(&mut self, m: usize) -> usize {
            self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % m.max(1)
        }
    }

    /// One sentence of a story told with `words` (its names and words first) over a vocabulary
    /// of `vocab` words, ranks drawn Zipf-like; some are quotes.
    fn sentence(rng: &mut Lcg, words: &[String], vocab: usize, may_quote: bool) -> String {
        let cap = |w: &str| w[..1].to_uppercase() + &w[1..];
        let mut out: Vec<String> = vec![format!("{} {}", cap(&words[0]), cap(&words[1 + rng.below(2)]))];
        for k in 0..9 + rng.below(10) {
            let u = (rng.below(1000) + 1) as f64 / 1000.0;
            let rank = ((vocab as f64).powf(u) as usize).min(vocab - 1);
            out.push(if k % 4 == 1 { words[3 + rng.below(7)].clone() } else { word(rank) });
            if k % 5 == 2 {
                out.push(["the", "of", "and", "in", "to"][rng.below(5)].to_string());
            }
        }
        let day = ["on Monday", "on 3 December", "last week", "on Tuesday"][rng.below(4)];
        let text = format!("{} {day}.", out.join(" "));
        if may_quote && rng.below(6) == 0 {
            format!("\"{}\", {} said.", text.trim_end_matches('.'), cap(&words[2]))
        } else {
            text
        }
    }

    /// `n` synthetic but varied articles (no evaluation text), with the story of each:
    /// stories of one to a dozen articles, each with names and words of its own, over a
    /// vocabulary that grows with `n`; wire copy repeats a story's lead in some of its
    /// articles, and sentences carry quotes and days, so every step of the brief has work to do.
    fn varied_corpus(n: usize) -> (Vec<Article>, Vec<usize>) {
        let mut rng = Lcg(0x2545_F491_4F6C_DD1D);
        let vocab = 2000 + n * 3;
        let (mut articles, mut story_of) = (Vec::new(), Vec::new());
        let (mut story, mut left_in_story) = (0, 0);
        let mut lead = String::new();
        let mut words: Vec<String> = Vec::new();
        for i in 0..n {
            if left_in_story == 0 {
                story += 1;
                left_in_story = 1 + rng.below(12) * rng.below(2);
                words = (0..10).map(|k| word(1_000_000 + story * 10 + k)).collect();
                lead = sentence(&mut rng, &words, vocab, false);
            }
            left_in_story -= 1;
            let mut body: Vec<String> = Vec::new();
            if rng.below(3) == 0 {
                body.push(lead.clone());
            }
            while body.len() < 5 {
                body.push(sentence(&mut rng, &words, vocab, true));
            }
            let title = format!("{} {}", words[0], words[3]);
            let text = format!(
                "---\ntitle: \"{title}\"\ndate: 2025-12-0{}\nsource: Outlet {}\n---\n\n{}\n",
                1 + rng.below(5),
                i % 97,
                body.chunks(3).map(|c| c.join(" ")).collect::<Vec<_>>().join("\n\n")
            );
            articles.push(crate::ingest::parse_article(&format!("{i:05}.md"), &text, None).unwrap());
            story_of.push(story - 1);
        }
        (articles, story_of)
    }

    /// Same-statement tests of a whole brief of `n` generated articles (their stories as
    /// generated; actors off, as they test no statements), and its sentences.
    fn same_tests(n: usize) -> (u64, usize) {
        let (articles, story_of) = varied_corpus(n);
        let sentences = crate::segment::split_all(&articles);
        let texts: Vec<&str> = sentences.iter().map(|s| s.text.as_str()).collect();
        let terms = TermTable::new(&texts);
        let date = Date::new(2025, 12, 6).unwrap();
        let of_sentence: Vec<usize> = sentences.iter().map(|s| story_of[s.doc]).collect();
        let count = story_of.last().map_or(0, |s| s + 1);
        let stories = crate::stories::build(&articles, &sentences, of_sentence, count, date);
        let mut config = BriefConfig::default();
        config.sections.actors = false;
        let plan = super::super::plan(&config, &sentences, &terms, &stories);
        let extracted = crate::extract::extract_all(&articles, &sentences, date, None);
        let inputs = Inputs {
            config: &config,
            date,
            articles: &articles,
            sentences: &sentences,
            terms: &terms,
            stories: &stories,
            plan: &plan,
            extracted: &extracted,
            previous: None,
            progress: &(),
        };
        let (brief, tests) = assemble_counted(&inputs);
        assert!(
            brief.also.len() == config.limits.also && !brief.also_unlisted.is_empty(),
            "a week of many stories"
        );
        let points = || brief.bluf.iter().chain(brief.topics.iter().flat_map(|t| &t.points));
        assert!(
            points().chain(brief.also.iter().map(|e| &e.point)).any(|p| p.source_count > 1),
            "points merge sources"
        );
        assert!(!brief.timeline.is_empty() && !brief.quotes.is_empty(), "the lists have entries");
        (tests, sentences.len())
    }

    /// The guard against the next quadratic pass (issue #30): the same-statement tests of a
    /// brief grow with the corpus, not with its square — four times the articles may cost at
    /// most six times the tests — and stay under two per sentence (testing each point against
    /// every sentence, as merging once did, costs one per sentence per point: forty or more).
    /// Counts, not time.
    #[test]
    fn same_statement_tests_grow_linearly() {
        let (small, small_sentences) = same_tests(2000);
        let (large, large_sentences) = same_tests(8000);
        assert!(small > 0, "the brief tests statements");
        assert!(large <= 6 * small, "2,000 articles: {small} tests; 8,000: {large}");
        for (tests, sentences) in [(small, small_sentences), (large, large_sentences)] {
            assert!(tests < 2 * sentences as u64, "{tests} tests for {sentences} sentences");
        }
    }

    /// A one-sentence fixture: sentence 0 of article `doc`.
    fn sent(doc: usize, text: &str) -> Sentence {
        Sentence { doc, index: 0, block: 0, heading: false, text: text.into(), span: (0, text.len()) }
    }

    #[test]
    fn the_same_words_on_different_days_are_not_corroboration() {
        let source = |n: usize, date: &str| Source {
            number: n,
            file: format!("{n}.txt"),
            title: "T".into(),
            outlet: None,
            date: Date::parse(date),
            url: None,
            author: None,
        };
        let text = "Netanyahu on Wednesday briefed his Cabinet on the visit of the American president.";
        let undated = "Netanyahu briefed his Cabinet on the visit of the American president.";
        let s = [sent(0, text), sent(1, text), sent(2, text), sent(3, undated)];
        // Source 2 was written three days before source 1: its Wednesday is another day. Source
        // 3 is from the same day as source 1. Source 4 does not say which day.
        let srcs = [
            source(1, "1998-12-16"),
            source(2, "1998-12-13"),
            source(3, "1998-12-16"),
            source(4, "1998-12-16"),
        ];
        let terms = TermSets::new(&s);
        assert!(terms.same(0, 1) && terms.same(0, 3), "the fixture's sentences share their words");
        let mut p = key_point(&s[0], 1.0, &srcs);
        merge_points(vec![(0, &mut p)], &s, &terms, &srcs);
        let cited: Vec<usize> = p.citations.iter().map(|c| c.source).collect();
        assert_eq!(cited, [1, 3]);
        assert_eq!(p.source_count, 2);
    }
}
