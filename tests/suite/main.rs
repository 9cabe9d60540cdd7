//! The integration tests, one binary with a module per area (one link of the Typst engine
//! instead of one per file). Run one area with `cargo test --test suite cli::`, the golden
//! check with `BLESS=1 cargo test --test suite golden` to re-bless.

mod common;

mod atomic;
mod bad_input;
mod brief_content;
mod cli;
mod fetch;
mod golden;
mod html;
mod layers;
mod parallel;
mod pdf;
mod scale;
mod seeds_extract;
mod summarize;
mod untrusted;
