//! pulldown-cmark wrapper: Markdown in, plain paragraphs out.
//!
//! Ingest keeps only text (`Text`, `Code`, soft/hard breaks as spaces) of paragraphs, headings,
//! list items and block quotes; each [`Block`] remembers where its pieces came from in the
//! source, so a sentence can be traced back to its byte span. Raw HTML in an article is dropped.
//! (The analyst's introduction is rendered from Markdown in `render::introduction`.)

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// One block of plain text taken from a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The block's plain text.
    pub text: String,
    /// `(offset in text, offset in source)` pairs, ascending: where each piece of `text` begins.
    pub map: Vec<(usize, usize)>,
    /// Whether the block is a heading.
    pub heading: bool,
}

impl Block {
    /// A block whose text is a verbatim slice of the source starting at `source_offset`.
    pub fn verbatim(text: String, source_offset: usize, heading: bool) -> Block {
        Block { text, map: vec![(0, source_offset)], heading }
    }

    /// Maps a byte offset of `text` to the corresponding source offset.
    pub fn source_offset(&self, pos: usize) -> usize {
        let i = self.map.partition_point(|&(t, _)| t <= pos).saturating_sub(1);
        match self.map.get(i) {
            Some(&(t, s)) => s + (pos - t),
            None => pos,
        }
    }
}

/// The Markdown dialect briefly reads: tables and strikethrough, no smart punctuation.
pub(crate) fn parser_options() -> Options {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    // No smart punctuation: the author's quotes and dashes are kept exactly.
    opts
}

/// Plain-text blocks of a Markdown body; `base` is the body's offset in the file.
pub fn to_blocks(markdown: &str, base: usize) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                depth += 1;
                if depth == 1 {
                    let heading = matches!(event, Event::Start(Tag::Heading { .. }));
                    current = Some(Block { text: String::new(), map: Vec::new(), heading });
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item) => {
                depth = depth.saturating_sub(1);
                if depth == 0
                    && let Some(b) = current.take()
                    && !b.text.trim().is_empty()
                {
                    blocks.push(b);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = current.as_mut() {
                    // `range` covers the source of this piece; for escapes it may be longer.
                    b.map.push((b.text.len(), base + range.start));
                    b.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.map.push((b.text.len(), base + range.start));
                    b.text.push(' ');
                }
            }
            _ => {}
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_plain_text_with_source_map() {
        let md = "# Head\n\nSome *emphasis* and `code`.\nNext line.\n\n<div>raw</div>\n\n- item one\n";
        let blocks = to_blocks(md, 10);
        let texts: Vec<_> = blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Head", "Some emphasis and code. Next line.", "item one"]);
        assert!(blocks[0].heading);
        let b = &blocks[1];
        let pos = b.text.find("emphasis").unwrap();
        assert_eq!(&md[b.source_offset(pos) - 10..][..8], "emphasis");
    }
}
