//! The per-article stage on its own, for an engine that spreads articles over many machines.
//!
//! In: one article ([`Article`], as ingest reads it from a file name and its bytes). Out:
//! [`Prepared`] — its metadata, the language the detector is sure of, and its sentences, each
//! verbatim with its byte span and its content terms (lower-cased, stop words out, stemmed: the
//! terms every later stage counts). A pure function of the article: no state shared between
//! articles, no clock, no disk, so a distributed engine (Spark, DataFusion/Ballista) can map it
//! over tens of millions of files and group its records into the per-story inputs of a brief
//! (docs/scale.md). `briefly prepare` writes one [`Prepared`] per line (JSON lines).

use crate::date::Date;
use crate::ingest::Article;
use serde::Serialize;

/// One article, pre-reduced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prepared {
    /// File name (the article's id; a feed file's items are `name#n`).
    pub file: String,
    /// Headline.
    pub title: String,
    /// Outlet.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Web address, when it is one a brief may link (http/https).
    pub url: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// The language the detector is confident of (ISO 639-3, `eng`), else `null`.
    pub language: Option<String>,
    /// Its sentences, in order.
    pub sentences: Vec<PreparedSentence>,
}

/// One sentence of a [`Prepared`] article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreparedSentence {
    /// Position in the article (0 = first).
    pub index: usize,
    /// Block (paragraph) of the article.
    pub block: usize,
    /// Whether it is a heading line.
    pub heading: bool,
    /// Byte span `[start, end)` in the file.
    pub span: [usize; 2],
    /// The sentence, verbatim.
    pub text: String,
    /// Its content terms in order, repeats kept ([`crate::text::terms`]).
    pub terms: Vec<String>,
}

/// The per-article stage: `article` → its sentences and their terms, with its metadata and
/// language (module doc).
pub fn prepare(article: &Article) -> Prepared {
    let sentences = crate::segment::split_article(article, 0)
        .into_iter()
        .map(|s| PreparedSentence {
            index: s.index,
            block: s.block,
            heading: s.heading,
            span: [s.span.0, s.span.1],
            terms: crate::text::terms(&s.text),
            text: s.text,
        })
        .collect();
    Prepared {
        file: article.id.clone(),
        title: article.title.clone(),
        outlet: article.outlet.clone(),
        date: article.date,
        url: article.url.as_deref().and_then(crate::url::web_url),
        author: article.author.clone(),
        language: crate::language::detect(article).map(|l| l.code().to_string()),
        sentences,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_article_becomes_its_sentences_and_their_terms() {
        let text = "---\ntitle: Cranes\ndate: 2025-12-02\nsource: Harbour News\n---\n\nThe cranes stopped at the harbour on Monday. Dockworkers said they would strike again.\n";
        let article = crate::ingest::parse_article("a.md", text, None).unwrap();
        let p = prepare(&article);
        assert_eq!((p.file.as_str(), p.title.as_str()), ("a.md", "Cranes"));
        assert_eq!(p.outlet.as_deref(), Some("Harbour News"));
        assert_eq!(p.date, Date::parse("2025-12-02"));
        assert_eq!(p.sentences.len(), 2);
        let first = &p.sentences[0];
        assert_eq!(first.text, "The cranes stopped at the harbour on Monday.");
        assert_eq!(&text[first.span[0]..first.span[1]], first.text);
        assert_eq!(first.terms, ["crane", "stop", "harbour", "monday"]);
        assert_eq!(p.sentences[1].index, 1);
        // Too short to judge its language.
        assert_eq!(p.language, None);
    }
}
