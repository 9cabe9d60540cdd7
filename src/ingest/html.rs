//! Saved web pages: the article text of an `.html`/`.htm` file, the way reader modes find it.
//!
//! In: the page's HTML. Out: [`Page`] — title, outlet, date and author from the page's metadata
//! (`<title>`, OpenGraph, `article:published_time`, JSON-LD, bylines) and the article body as
//! Markdown text, with navigation, ads, comments and scripts dropped. Extraction is
//! dom_smoothie (a port of Mozilla's Readability); the Markdown then goes through the same
//! paragraph splitter as `.md` articles. Sentence spans of HTML sources therefore point into the
//! extracted text, not into the HTML file.

use crate::date::Date;
use anyhow::{Result, anyhow};
use dom_smoothie::{Config, Readability, TextMode};

/// What a saved page yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// Headline.
    pub title: Option<String>,
    /// Site / outlet name.
    pub outlet: Option<String>,
    /// Publication date.
    pub date: Option<Date>,
    /// Byline.
    pub author: Option<String>,
    /// Article body as Markdown.
    pub markdown: String,
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|s| !s.is_empty())
}

/// Extracts the article of a saved page.
pub fn extract(html: &str) -> Result<Page> {
    let cfg = Config { text_mode: TextMode::Markdown, ..Default::default() };
    let mut reader =
        Readability::new(html, None, Some(cfg)).map_err(|e| anyhow!("cannot parse the HTML page: {e}"))?;
    let article = reader.parse().map_err(|e| anyhow!("no article text found in the HTML page: {e}"))?;
    let author = non_empty(article.byline.clone())
        .map(|b| b.strip_prefix("By ").or_else(|| b.strip_prefix("by ")).unwrap_or(&b).to_string());
    Ok(Page {
        title: non_empty(Some(article.title.clone())),
        outlet: non_empty(article.site_name.clone()),
        date: article.published_time.as_deref().and_then(Date::parse),
        author,
        markdown: article.text_content.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="en"><head>
<title>Port strike spreads to second terminal | The Harbour Times</title>
<meta property="og:title" content="Port strike spreads to second terminal">
<meta property="og:site_name" content="The Harbour Times">
<meta property="article:published_time" content="2025-03-06T08:30:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Port strike spreads to second terminal","datePublished":"2025-03-06T08:30:00Z","author":{"@type":"Person","name":"Jane Quay"}}</script>
<script>trackEverything();</script>
</head><body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="ad-banner advertisement">Buy cheap flights now! Limited offer for subscribers only.</div>
<article>
<h1>Port strike spreads to second terminal</h1>
<p class="byline">By Jane Quay</p>
<p>The dockworkers' strike spread to the southern terminal on Thursday, halting container traffic at both of the city's main berths for the first time in a decade.</p>
<p>Union leaders said the walkout would continue until the operator restored the night-shift bonus that was cut in January, and that talks had not resumed.</p>
<p>The operator said it had diverted four vessels to neighbouring ports and warned that perishable cargo could spoil if the dispute lasted into next week.</p>
<p>Shipping analysts estimated the daily cost of the stoppage at several million euros, most of it borne by importers waiting for spare parts and fresh produce.</p>
</article>
<section class="comments" id="comments"><h2>Comments</h2><p>First! This is outrageous, says a reader.</p></section>
<footer><p>© The Harbour Times. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>"#;

    #[test]
    fn extracts_article_and_metadata() {
        let page = extract(PAGE).unwrap();
        assert_eq!(page.title.as_deref(), Some("Port strike spreads to second terminal"));
        assert_eq!(page.outlet.as_deref(), Some("The Harbour Times"));
        assert_eq!(page.date.map(|d| d.to_string()).as_deref(), Some("2025-03-06"));
        assert_eq!(page.author.as_deref(), Some("Jane Quay"));
        assert!(page.markdown.contains("halting container traffic"), "{}", page.markdown);
        for junk in [
            "Buy cheap flights",
            "First! This is outrageous",
            "All rights reserved",
            "trackEverything",
            "Sport",
        ] {
            assert!(!page.markdown.contains(junk), "kept `{junk}`:\n{}", page.markdown);
        }
    }

    #[test]
    fn page_without_article_is_an_error_not_a_panic() {
        assert!(
            extract("<html><body><nav>menu</nav></body></html>").is_err()
                || extract("<html><body><nav>menu</nav></body></html>").unwrap().markdown.trim().len() < 20
        );
        let _ = extract("");
        let _ = extract("<<<>>>\u{0}");
    }
}
