//! Porter2 stemming: `briefly::stem::stem` against `rust_stemmers` (Snowball English).
//!
//! Contract (src/stem.rs): the stem of a lower-case word is exactly the one
//! `rust_stemmers::Stemmer::create(Algorithm::English)` gives. The input is mapped onto the
//! words the byte path handles (ASCII lower-case letters, digits, apostrophe) so most runs
//! exercise it; any other word must go to Snowball and agree trivially.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzaeiouylsy'0";
    let word: String = data.iter().take(40).map(|&b| ALPHABET[b as usize % ALPHABET.len()] as char).collect();
    let snowball = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English);
    assert_eq!(briefly::stem::stem(&word), snowball.stem(&word), "stem of {word:?}");
    if let Ok(raw) = std::str::from_utf8(data) {
        assert_eq!(briefly::stem::stem(raw), snowball.stem(raw), "stem of {raw:?}");
    }
});
