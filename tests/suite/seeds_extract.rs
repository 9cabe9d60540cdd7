//! The extractors (actors, quotes, timeline, what to watch) on the bundled `seeds/` articles,
//! dated as `brief.yaml` says.

use briefly::config::BriefConfig;
use briefly::date::Date;
use briefly::extract::*;
use briefly::ingest::Article;
use briefly::lexicon;
use briefly::segment::Sentence;
use std::path::Path;

fn seeds() -> (Vec<Article>, Vec<Sentence>, Date) {
    let cfg = BriefConfig::from_file(Path::new("brief.yaml")).unwrap();
    let articles = briefly::ingest::load_articles(Path::new("seeds"), &cfg.sources).unwrap();
    let sentences = briefly::segment::split_all(&articles);
    (articles, sentences, cfg.date.unwrap())
}

fn extracted() -> Extracted {
    let (a, s, d) = seeds();
    extract_all(&a, &s, d, None)
}

#[test]
fn actors_include_the_principals_with_roles() {
    let e = extracted();
    for name in [
        "Marco Rubio",
        "Christopher Landau",
        "Mark Rutte",
        "Volodymyr Zelenskyy",
        "Kaja Kallas",
        "Vladimir Putin",
    ] {
        let a = e.actors.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(a.kind, ActorKind::Person, "{name}");
        assert!(a.role.is_some(), "{name} has no role");
        assert!(!a.sentences.is_empty());
    }
    let role = |n: &str| e.actors.iter().find(|a| a.name == n).and_then(|a| a.role.clone()).unwrap();
    assert!(role("Marco Rubio").contains("Secretary of State"));
    assert!(role("Christopher Landau").contains("Deputy Secretary of State"));
    assert!(role("Vladimir Putin").contains("President"));
    assert!(role("Volodymyr Zelenskyy").contains("President"));
    // Aliases merge: `Rubio` and `Zelenskyy` alone are the same people.
    let rubio = e.actors.iter().find(|a| a.name == "Marco Rubio").unwrap();
    assert!(rubio.aliases.iter().any(|x| x == "Rubio"));
    assert!(rubio.mentions >= 20, "{}", rubio.mentions);
    assert!(e.actors.iter().any(|a| a.name == "NATO" && a.kind == ActorKind::Organization));
    assert!(e.actors.iter().any(|a| a.name == "State Department" && a.kind == ActorKind::Organization));
}

#[test]
fn no_calendar_or_nationality_actors() {
    let e = extracted();
    for a in &e.actors {
        for w in a.name.split_whitespace() {
            assert!(!lexicon::is_month(w) && !lexicon::is_weekday(w), "calendar word actor: {}", a.name);
        }
        assert!(!lexicon::is_nationality(&a.name), "nationality actor: {}", a.name);
        for bad in
            ["Instead", "Despite", "Europe", "Washington", "Moscow", "Ukraine", "Russia", "Tags", "Source"]
        {
            assert_ne!(a.name, bad);
        }
    }
}

#[test]
fn quotes_have_correct_speakers() {
    let e = extracted();
    let by = |speaker: &str, start: &str| {
        e.quotes.iter().any(|q| q.speaker == speaker && q.text.starts_with(start))
    };
    assert!(by("Mark Rutte", "There is only one person in the whole world"), "{:#?}", e.quotes);
    assert!(by("Kaja Kallas", "For any plan to work"));
    assert!(by("Volodymyr Zelenskyy", "Right now, the world clearly feels"));
    assert!(by("Donald Trump", "What comes out of that meeting?"));
    assert!(by("Liana Fix", "From a European perspective"));
    assert!(e.quotes.len() >= 3);
    // Scare quotes are not quotes.
    assert!(!e.quotes.iter().any(|q| q.text == "peace plan" || q.text.starts_with("unusual")));
}

#[test]
fn timeline_holds_the_ministerial_and_the_august_meeting() {
    let e = extracted();
    let has = |date: &str, needle: &str| {
        e.timeline.iter().any(|t| {
            t.date.to_string() == date && t.granularity == Granularity::Day && t.text.contains(needle)
        })
    };
    assert!(has("2025-12-03", "December 3 meeting"), "{:#?}", e.timeline);
    assert!(has("2025-08-21", "meet with Rubio on August 21"));
    assert!(has("2025-12-02", "Putin on Tuesday"));
    assert!(e.timeline.windows(2).all(|w| w[0].date <= w[1].date), "oldest first");
}

#[test]
fn watch_items_look_forward() {
    let e = extracted();
    assert!(!e.watch.is_empty());
    assert!(e.watch.windows(2).all(|w| w[0].score >= w[1].score));
    // The August meeting is history by the brief date.
    assert!(!e.watch.iter().any(|w| w.text.contains("on August 21")));
    // Thursday is the brief date (4 December): under way when the brief is read, not ahead;
    // "next week" written on 29 November is the week of the brief.
    for gone in
        ["will continue in Florida on Thursday", "to a meeting in Miami on Thursday", "skip a meeting"]
    {
        assert!(!e.watch.iter().any(|w| w.text.contains(gone)), "{gone}: {:#?}", e.watch);
    }
    let brief_date = seeds().2;
    assert!(e.watch.iter().all(|w| w.date.is_none_or(|d| d > brief_date)), "{:#?}", e.watch);
    eprintln!("{:#?}", e.watch);
}

#[test]
fn extraction_is_deterministic() {
    assert_eq!(extracted(), extracted());
}
