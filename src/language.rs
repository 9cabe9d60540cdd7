//! Article language: which articles the pipeline can read.
//!
//! In: articles and the configured `languages:` (ISO 639-1 codes). Out: the articles in those
//! languages, and one [`LeftOut`] per article in another language, for a warning and the
//! brief's coverage line.
//!
//! Detection is per article (title and the first paragraphs, at most [`SAMPLE_BYTES`]) with
//! whatlang's trigram model. An article is left out only when the model is confident it is in
//! another language; short or mixed texts stay in. Supported: English — the sentence splitter's
//! abbreviations, the stop words, the stemmer and the extractors' word lists are English, so
//! text in another language would be read but never picked well; it is reported instead.

use crate::ingest::Article;

/// How much of an article the detector reads: 1 KiB (about 170 words) is plenty for a
/// trigram model, and keeps detection a small share of reading at any corpus size (at 4,000
/// bytes it was half the reading time of a 100,000-article week).
pub const SAMPLE_BYTES: usize = 1024;

/// Fewer words than this and the language is not judged (a caption, a stub).
const MIN_WORDS: usize = 20;

/// An article left out for its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The article's file name.
    pub file: String,
    /// The detected language's English name ("German").
    pub language: String,
}

/// The language an article is confidently in, as whatlang names it; `None` when the text is
/// too short or the model is unsure.
pub fn detect(article: &Article) -> Option<whatlang::Lang> {
    let mut sample = article.title.clone();
    for b in &article.blocks {
        if sample.len() >= SAMPLE_BYTES {
            break;
        }
        sample.push('\n');
        sample.push_str(&b.text);
    }
    let sample = &sample[..sample.floor_char_boundary(SAMPLE_BYTES)];
    if crate::text::word_count(sample) < MIN_WORDS {
        return None;
    }
    whatlang::detect(sample).filter(|info| info.is_reliable()).map(|info| info.lang())
}

/// whatlang's language for a supported ISO 639-1 code ([`crate::config::SUPPORTED_LANGUAGES`]).
fn lang_of(code: &str) -> Option<whatlang::Lang> {
    match code {
        "en" => Some(whatlang::Lang::Eng),
        _ => None,
    }
}

/// Splits `articles` into those in `languages` (kept, in order) and those confidently in
/// another language.
pub fn keep(articles: Vec<Article>, languages: &[String]) -> (Vec<Article>, Vec<LeftOut>) {
    use rayon::prelude::*;
    let wanted: Vec<whatlang::Lang> = languages.iter().filter_map(|c| lang_of(c)).collect();
    let detected: Vec<Option<whatlang::Lang>> = articles.par_iter().map(detect).collect();
    let mut kept = Vec::with_capacity(articles.len());
    let mut left = Vec::new();
    for (a, lang) in articles.into_iter().zip(detected) {
        match lang {
            Some(l) if !wanted.contains(&l) => {
                left.push(LeftOut { file: a.id.clone(), language: l.eng_name().to_string() })
            }
            _ => kept.push(a),
        }
    }
    (kept, left)
}

/// Per language, how many articles were left out, sorted by language name.
pub fn counts(left: &[LeftOut]) -> Vec<(String, usize)> {
    let mut out: std::collections::BTreeMap<&str, usize> = Default::default();
    for l in left {
        *out.entry(l.language.as_str()).or_default() += 1;
    }
    out.into_iter().map(|(l, n)| (l.to_string(), n)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_code_is_detected() {
        for (code, _) in crate::config::SUPPORTED_LANGUAGES {
            assert!(lang_of(code).is_some(), "{code}");
        }
        assert_eq!(lang_of("de"), None);
    }

    fn article(text: &str) -> Article {
        crate::ingest::parse_article("a.txt", text, None).unwrap()
    }

    const GERMAN: &str = "Nato-Außenminister beraten in Brüssel\n\nDie Außenminister der Nato-Staaten sind am Mittwoch in Brüssel zusammengekommen, um über die Unterstützung der Ukraine zu beraten. Der amerikanische Außenminister nahm an dem Treffen nicht teil, was in der Allianz für Verwunderung sorgte. Die Minister wollen auch über hybride Bedrohungen an der Ostflanke sprechen.\n";
    const ENGLISH: &str = "NATO ministers meet in Brussels\n\nNATO foreign ministers gathered in Brussels on Wednesday to discuss support for Ukraine. The American secretary of state did not attend the meeting, which surprised several allies. The ministers also plan to discuss hybrid threats on the eastern flank.\n";

    #[test]
    fn articles_in_other_languages_are_left_out_and_named() {
        let (kept, left) = keep(vec![article(ENGLISH), article(GERMAN)], &["en".to_string()]);
        assert_eq!(kept.len(), 1);
        assert!(kept[0].title.starts_with("NATO"));
        assert_eq!(left, [LeftOut { file: "a.txt".into(), language: "German".into() }]);
        assert_eq!(counts(&left), [("German".to_string(), 1)]);
    }

    #[test]
    fn short_texts_are_not_judged() {
        assert_eq!(detect(&article("Kurz\n\nDas ist kurz.\n")), None);
    }
}
