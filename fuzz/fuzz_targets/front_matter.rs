//! Front matter splitting and whole-article parsing (`.md` and `.txt`).
//!
//! Properties:
//! - `front_matter::split` never panics; on `Ok((fm, body, offset))` the body is the suffix of
//!   the input that starts at `offset` (same memory, not a copy).
//! - Text that does not start with a `---` line has no front matter: `Ok` with the default
//!   `FrontMatter`, the whole text as body, offset 0. Only an opened front matter can fail.
//! - `parse_article` never panics; on `Ok` the article has at least one non-blank block, every
//!   block's map is ascending and points into the file, and every sentence that
//!   `segment::split_article` makes of it has a span `[start, end)` inside the file.
#![no_main]

use briefly::ingest::front_matter::{self, FrontMatter};
use briefly::ingest::parse_article;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };

    match front_matter::split(text) {
        Ok((fm, body, offset)) => {
            assert!(offset <= text.len(), "offset {offset} past the end ({})", text.len());
            assert_eq!(offset + body.len(), text.len(), "body is not a suffix");
            assert_eq!(body.as_ptr() as usize, text.as_ptr() as usize + offset, "body is not text[offset..]");
            assert!(text.ends_with(body));
            if text.starts_with("---\n") {
                // At least "---\n" + "---" (or "...").
                assert!(offset >= 7, "front matter closed before it opened: offset {offset}");
            } else {
                assert_eq!(offset, 0);
                assert_eq!(fm, FrontMatter::default());
            }
        }
        Err(e) => {
            assert!(text.starts_with("---\n"), "text without front matter rejected: {e:#}");
        }
    }

    for id in ["fuzz.md", "fuzz.txt"] {
        let Ok(article) = parse_article(id, text, None) else { continue };
        assert!(
            article.blocks.iter().any(|b| !b.text.trim().is_empty()),
            "{id}: article accepted without text"
        );
        for b in &article.blocks {
            assert!(
                b.map.windows(2).all(|w| w[0].0 <= w[1].0 && w[0].1 <= w[1].1),
                "{id}: block map not ascending: {:?}",
                b.map
            );
            for &(t, s) in &b.map {
                assert!(t <= b.text.len(), "{id}: map text offset {t} past block end {}", b.text.len());
                assert!(s <= text.len(), "{id}: map source offset {s} past file end {}", text.len());
            }
        }
        for s in briefly::segment::split_article(&article, 0) {
            assert!(
                s.span.0 <= s.span.1 && s.span.1 <= text.len(),
                "{id}: sentence {:?} has span {:?} outside the file (len {})",
                s.text,
                s.span,
                text.len()
            );
        }
    }
});
