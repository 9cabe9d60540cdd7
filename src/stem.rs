//! Porter2 stemming (Snowball English), fast for the words news text is made of.
//!
//! In: a lower-case word. Out: its stem, exactly the one `rust_stemmers`'
//! `Algorithm::English` gives. Words of ASCII lower-case letters, digits and apostrophes (what
//! the tokenizers make of English news) are stemmed here, on bytes in a stack buffer; any
//! other word goes to `rust_stemmers`.
//!
//! Why not only `rust_stemmers`: its generic Snowball runtime (suffix tables searched character
//! by character over UTF-8) was a quarter of the work of a `briefly summarize` run, which
//! stems every distinct word of a cluster once. The routines below follow the generated code
//! of Snowball's `english.sbl` step by step (the comments name the Snowball routine); the
//! tests compare both stemmers on Snowball's own 29,417-word English vocabulary and on every
//! word of `seeds/`, and `fuzz/` compares them on arbitrary words.

use rust_stemmers::{Algorithm, Stemmer};
use std::borrow::Cow;
use std::sync::OnceLock;

/// Longest word stemmed on the stack; longer ones go to `rust_stemmers`.
const MAX: usize = 48;

/// The stem of a lower-case `word`.
pub fn stem(word: &str) -> Cow<'_, str> {
    match stem_ascii(word) {
        Some(w) if w.as_bytes() == word.as_bytes() => Cow::Borrowed(word),
        Some(w) => Cow::Owned(w.as_bytes().iter().map(|&c| char::from(c)).collect()),
        None => snowball(word),
    }
}

/// Calls `f` with the stem of a lower-case `word` (UTF-8 bytes), without allocating for the
/// words stemmed here.
pub fn with_stem<R>(word: &str, f: impl FnOnce(&[u8]) -> R) -> R {
    match stem_ascii(word) {
        Some(w) => f(w.as_bytes()),
        None => f(snowball(word).as_bytes()),
    }
}

/// The stemmed word, for words of ASCII lower-case letters, digits and apostrophes that fit.
fn stem_ascii(word: &str) -> Option<Word> {
    let bytes = word.as_bytes();
    if bytes.len() > MAX || !bytes.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'\'')
    {
        return None;
    }
    let mut w = Word { b: [0; MAX], n: bytes.len(), p1: 0, p2: 0 };
    w.b[..w.n].copy_from_slice(bytes);
    w.stem();
    Some(w)
}

/// `rust_stemmers`' English stemmer, for words [`stem`] does not handle itself.
pub fn snowball(word: &str) -> Cow<'_, str> {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English)).stem(word)
}

/// Snowball's grouping `v`.
fn is_v(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Snowball's grouping `v_WXY`: vowels, `w`, `x` and the consonant `Y` of the prelude.
fn is_v_wxy(c: u8) -> bool {
    is_v(c) || matches!(c, b'w' | b'x' | b'Y')
}

/// Snowball's grouping `valid_LI`: letters before which `li` is a suffix.
fn valid_li(c: u8) -> bool {
    matches!(c, b'c' | b'd' | b'e' | b'g' | b'h' | b'k' | b'm' | b'n' | b'r' | b't')
}

/// A word being stemmed: bytes `b[..n]`, and the starts of the regions R1 and R2.
struct Word {
    b: [u8; MAX],
    n: usize,
    p1: usize,
    p2: usize,
}

/// Suffix tables: (suffix, what it becomes), longest first, as Snowball's `among` takes the
/// longest matching suffix (and does not fall back to a shorter one when its condition fails).
const STEP_2: &[(&[u8], &[u8])] = &[
    (b"ational", b"ate"),
    (b"ization", b"ize"),
    (b"iveness", b"ive"),
    (b"fulness", b"ful"),
    (b"ousness", b"ous"),
    (b"tional", b"tion"),
    (b"biliti", b"ble"),
    (b"lessli", b"less"),
    (b"entli", b"ent"),
    (b"ousli", b"ous"),
    (b"fulli", b"ful"),
    (b"aliti", b"al"),
    (b"iviti", b"ive"),
    (b"alism", b"al"),
    (b"ation", b"ate"),
    (b"anci", b"ance"),
    (b"enci", b"ence"),
    (b"abli", b"able"),
    (b"alli", b"al"),
    (b"izer", b"ize"),
    (b"ator", b"ate"),
    (b"ogi", b"og"),
    (b"bli", b"ble"),
    (b"li", b""),
];

const STEP_3: &[(&[u8], &[u8])] = &[
    (b"ational", b"ate"),
    (b"tional", b"tion"),
    (b"icate", b"ic"),
    (b"ative", b""),
    (b"alize", b"al"),
    (b"iciti", b"ic"),
    (b"ical", b"ic"),
    (b"ness", b""),
    (b"ful", b""),
];

const STEP_4: &[(&[u8], ())] = &[
    (b"ement", ()),
    (b"ance", ()),
    (b"ence", ()),
    (b"able", ()),
    (b"ible", ()),
    (b"ment", ()),
    (b"ate", ()),
    (b"ive", ()),
    (b"ize", ()),
    (b"iti", ()),
    (b"ism", ()),
    (b"ous", ()),
    (b"ant", ()),
    (b"ent", ()),
    (b"ion", ()),
    (b"al", ()),
    (b"er", ()),
    (b"ic", ()),
];

/// A suffix table indexed by last letter: bit `k` of entry `c` is set when suffix `k` of the
/// table ends in `c` (at most 32 suffixes). Looking a word's last letter up rules out most
/// suffixes at once.
struct Suffixes<T: 'static> {
    table: &'static [(&'static [u8], T)],
    by_last: [u32; 256],
}

impl<T> Suffixes<T> {
    const fn new(table: &'static [(&'static [u8], T)]) -> Suffixes<T> {
        assert!(table.len() <= 32);
        let mut by_last = [0u32; 256];
        let mut k = 0;
        while k < table.len() {
            let suffix = table[k].0;
            by_last[suffix[suffix.len() - 1] as usize] |= 1 << k;
            k += 1;
        }
        Suffixes { table, by_last }
    }
}

static SUFFIXES_2: Suffixes<&[u8]> = Suffixes::new(STEP_2);
static SUFFIXES_3: Suffixes<&[u8]> = Suffixes::new(STEP_3);
static SUFFIXES_4: Suffixes<()> = Suffixes::new(STEP_4);

/// `exception1`: whole words with a fixed stem.
fn exception1(word: &[u8]) -> Option<&'static [u8]> {
    Some(match word {
        b"skis" => b"ski",
        b"skies" => b"sky",
        b"dying" => b"die",
        b"lying" => b"lie",
        b"tying" => b"tie",
        b"idly" => b"idl",
        b"gently" => b"gentl",
        b"ugly" => b"ugli",
        b"early" => b"earli",
        b"only" => b"onli",
        b"singly" => b"singl",
        b"sky" => b"sky",
        b"news" => b"news",
        b"howe" => b"howe",
        b"atlas" => b"atlas",
        b"cosmos" => b"cosmos",
        b"bias" => b"bias",
        b"andes" => b"andes",
        _ => return None,
    })
}

impl Word {
    fn as_bytes(&self) -> &[u8] {
        &self.b[..self.n]
    }

    /// The last letter (0 for an empty word).
    fn last(&self) -> u8 {
        if self.n == 0 { 0 } else { self.b[self.n - 1] }
    }

    fn ends(&self, suffix: &[u8]) -> bool {
        self.b[..self.n].ends_with(suffix)
    }

    /// The longest entry of a table (longest first) whose suffix ends the word: the first
    /// match among the suffixes that end in the word's last letter, in table order.
    fn longest<T>(&self, suffixes: &'static Suffixes<T>) -> Option<&'static (&'static [u8], T)> {
        let mut candidates = suffixes.by_last[self.last() as usize];
        while candidates != 0 {
            let entry = &suffixes.table[candidates.trailing_zeros() as usize];
            if self.ends(entry.0) {
                return Some(entry);
            }
            candidates &= candidates - 1;
        }
        None
    }

    /// Replaces the last `strip` bytes with `with` (never longer than `strip` + 1).
    fn replace(&mut self, strip: usize, with: &[u8]) {
        self.n -= strip;
        self.b[self.n..self.n + with.len()].copy_from_slice(with);
        self.n += with.len();
    }

    fn has_vowel(&self, end: usize) -> bool {
        self.b[..end].iter().any(|&c| is_v(c))
    }

    /// `shortv`, tested on the letters before `pos`: a vowel between a non-vowel and a
    /// non-vowel other than w, x, Y; or a vowel then a non-vowel at the start of the word.
    fn short_v(&self, pos: usize) -> bool {
        let b = &self.b;
        (pos >= 3 && !is_v_wxy(b[pos - 1]) && is_v(b[pos - 2]) && !is_v(b[pos - 3]))
            || (pos == 2 && !is_v(b[1]) && is_v(b[0]))
    }

    /// The whole algorithm (`stem` in english.sbl).
    fn stem(&mut self) {
        if let Some(s) = exception1(&self.b[..self.n]) {
            self.n = s.len();
            self.b[..self.n].copy_from_slice(s);
            return;
        }
        if self.n < 3 {
            return;
        }
        let y_found = self.prelude();
        self.mark_regions();
        self.step_1a();
        if !self.exception2() {
            self.step_1b();
            self.step_1c();
            self.step_2();
            self.step_3();
            self.step_4();
            self.step_5();
        }
        if y_found {
            // postlude
            for c in &mut self.b[..self.n] {
                if *c == b'Y' {
                    *c = b'y';
                }
            }
        }
    }

    /// `prelude`: drop a leading apostrophe; `y` at the start or after a vowel becomes the
    /// consonant `Y`. Whether any `Y` was made.
    fn prelude(&mut self) -> bool {
        if self.b[0] == b'\'' {
            self.b.copy_within(1..self.n, 0);
            self.n -= 1;
        }
        let mut found = false;
        if self.n > 0 && self.b[0] == b'y' {
            self.b[0] = b'Y';
            found = true;
        }
        for i in 1..self.n {
            if self.b[i] == b'y' && is_v(self.b[i - 1]) {
                self.b[i] = b'Y';
                found = true;
            }
        }
        found
    }

    /// `mark_regions`: R1 starts after the first non-vowel that follows a vowel (or after
    /// `gener`, `commun`, `arsen`), R2 likewise within R1; the end of the word if none.
    fn mark_regions(&mut self) {
        let n = self.n;
        let after_vowel_consonant = |from: usize| -> Option<usize> {
            let v = from + self.b[from..n].iter().position(|&c| is_v(c))?;
            let c = v + 1 + self.b[v + 1..n].iter().position(|&c| !is_v(c))?;
            Some(c + 1)
        };
        self.p1 = n;
        self.p2 = n;
        let word = &self.b[..n];
        let p1 = if word.starts_with(b"gener") || word.starts_with(b"arsen") {
            Some(5)
        } else if word.starts_with(b"commun") {
            Some(6)
        } else {
            after_vowel_consonant(0)
        };
        if let Some(p1) = p1 {
            self.p1 = p1;
            if let Some(p2) = after_vowel_consonant(p1) {
                self.p2 = p2;
            }
        }
    }

    fn step_1a(&mut self) {
        match self.last() {
            b'\'' if self.ends(b"'s'") => self.n -= 3,
            b'\'' => self.n -= 1,
            b's' if self.ends(b"'s") => self.n -= 2,
            _ => {}
        }
        match self.last() {
            b's' if self.ends(b"sses") => self.replace(4, b"ss"),
            b's' | b'd' if self.ends(b"ies") || self.ends(b"ied") => {
                let with: &[u8] = if self.n - 3 >= 2 { b"i" } else { b"ie" };
                self.replace(3, with);
            }
            b's' if self.ends(b"ss") || self.ends(b"us") => {}
            b's' => {
                // A vowel before the letter that precedes the `s`.
                let start = self.n - 1;
                if start >= 1 && self.has_vowel(start - 1) {
                    self.n -= 1;
                }
            }
            _ => {}
        }
    }

    /// `exception2`: words left as they are after step 1a.
    fn exception2(&self) -> bool {
        matches!(
            &self.b[..self.n],
            b"inning"
                | b"outing"
                | b"canning"
                | b"herring"
                | b"earring"
                | b"proceed"
                | b"exceed"
                | b"succeed"
        )
    }

    fn step_1b(&mut self) {
        let (len, eed) = match self.last() {
            b'y' if self.ends(b"eedly") => (5, true),
            b'y' if self.ends(b"ingly") => (5, false),
            b'y' if self.ends(b"edly") => (4, false),
            b'd' if self.ends(b"eed") => (3, true),
            b'g' if self.ends(b"ing") => (3, false),
            b'd' if self.ends(b"ed") => (2, false),
            _ => return,
        };
        let start = self.n - len;
        if eed {
            if self.p1 <= start {
                self.replace(len, b"ee");
            }
            return;
        }
        if !self.has_vowel(start) {
            return;
        }
        self.n = start;
        if self.ends(b"at") || self.ends(b"bl") || self.ends(b"iz") {
            self.replace(0, b"e");
        } else if self.n >= 2
            && self.b[self.n - 1] == self.b[self.n - 2]
            && matches!(self.last(), b'b' | b'd' | b'f' | b'g' | b'm' | b'n' | b'p' | b'r' | b't')
        {
            // bb, dd, ff, gg, mm, nn, pp, rr, tt
            self.n -= 1;
        } else if self.p1 == self.n && self.short_v(self.n) {
            self.replace(0, b"e");
        }
    }

    fn step_1c(&mut self) {
        let n = self.n;
        if n >= 3 && matches!(self.b[n - 1], b'y' | b'Y') && !is_v(self.b[n - 2]) {
            self.b[n - 1] = b'i';
        }
    }

    fn step_2(&mut self) {
        // Every suffix has 2 letters or more: with fewer in R1, none can be removed.
        if self.n < self.p1 + 2 {
            return;
        }
        let Some(&(suffix, with)) = self.longest(&SUFFIXES_2) else { return };
        let start = self.n - suffix.len();
        if self.p1 > start {
            return;
        }
        match suffix {
            b"ogi" if start == 0 || self.b[start - 1] != b'l' => {}
            b"li" if start == 0 || !valid_li(self.b[start - 1]) => {}
            _ => self.replace(suffix.len(), with),
        }
    }

    fn step_3(&mut self) {
        // Every suffix has 3 letters or more: with fewer in R1, none can be removed.
        if self.n < self.p1 + 3 {
            return;
        }
        let Some(&(suffix, with)) = self.longest(&SUFFIXES_3) else { return };
        let start = self.n - suffix.len();
        if self.p1 > start || (suffix == b"ative" && self.p2 > start) {
            return;
        }
        self.replace(suffix.len(), with);
    }

    fn step_4(&mut self) {
        // Every suffix has 2 letters or more: with fewer in R2, none can be removed.
        if self.n < self.p2 + 2 {
            return;
        }
        let Some(&(suffix, ())) = self.longest(&SUFFIXES_4) else { return };
        let start = self.n - suffix.len();
        if self.p2 > start {
            return;
        }
        if suffix == b"ion" && (start == 0 || !matches!(self.b[start - 1], b's' | b't')) {
            return;
        }
        self.n = start;
    }

    fn step_5(&mut self) {
        let n = self.n;
        match self.last() {
            b'e' => {
                let start = n - 1;
                if self.p2 <= start || (self.p1 <= start && !self.short_v(start)) {
                    self.n = start;
                }
            }
            b'l' => {
                let start = n - 1;
                if self.p2 <= start && start >= 1 && self.b[start - 1] == b'l' {
                    self.n = start;
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(word: &str) {
        assert_eq!(stem(word), snowball(word), "stem of {word:?}");
    }

    #[test]
    fn the_porter2_examples_and_exceptions() {
        for (word, expected) in [
            ("consign", "consign"),
            ("consigned", "consign"),
            ("consolation", "consol"),
            ("generously", "generous"),
            ("communism", "communism"),
            ("arsenal", "arsenal"),
            ("skies", "sky"),
            ("dying", "die"),
            ("news", "news"),
            ("innings", "inning"),
            ("succeeding", "succeed"),
            ("cries", "cri"),
            ("ties", "tie"),
            ("gaps", "gap"),
            ("gas", "gas"),
            ("hopping", "hop"),
            ("hoping", "hope"),
            ("sayings", "say"),
            ("yelling", "yell"),
            ("russia's", "russia"),
            ("don't", "don't"),
            ("'tis", "tis"),
            ("1998", "1998"),
            ("a", "a"),
        ] {
            assert_eq!(stem(word), expected, "{word}");
            check(word);
        }
    }

    #[test]
    fn words_it_does_not_handle_go_to_snowball() {
        for word in ["café", "naïve", "Zürich", "UPPER", "tax-free", &"x".repeat(MAX + 1)] {
            check(word);
        }
    }

    /// Every combination of a few stems with the suffixes of every step, doubled letters,
    /// `y`s and apostrophes: the branches of the algorithm.
    #[test]
    fn agrees_with_snowball_on_suffix_combinations() {
        let roots = [
            "", "a", "y", "ab", "at", "ay", "sk", "bl", "hop", "hot", "fix", "tax", "saw", "play", "cry",
            "tri", "gener", "commun", "arsen", "univers", "ration", "condit", "nation", "rely", "feel",
            "succ", "fil", "controll", "agre", "bleed", "iz", "ogl", "crit", "happ", "yea", "ayy", "'y",
            "o'cl", "x'",
        ];
        let suffixes = [
            "", "s", "'s", "'s'", "'", "es", "ies", "ied", "sses", "ss", "us", "ed", "eed", "edly", "eedly",
            "ing", "ingly", "ly", "y", "ational", "tional", "enci", "anci", "izer", "abli", "alli", "entli",
            "eli", "ousli", "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti",
            "iviti", "biliti", "ogi", "li", "bli", "fulli", "lessli", "icate", "ative", "alize", "iciti",
            "ical", "ful", "ness", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
            "ent", "ism", "ate", "iti", "ous", "ive", "ize", "sion", "tion", "ion", "e", "le", "ll", "at",
            "bl", "iz", "bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt", "cc", "ye", "yy", "ey",
        ];
        let mut n = 0;
        for r in roots {
            for s1 in suffixes {
                for s2 in ["", "s", "ed", "ing", "ly", "ness", "ation", "al", "e", "y"] {
                    check(&format!("{r}{s1}{s2}"));
                    n += 1;
                }
            }
        }
        assert!(n > 30_000);
    }

    /// Snowball's English vocabulary and its reference stems, shipped with `rust_stemmers`'
    /// source in the cargo registry (every build from crates.io has it; a vendored build
    /// fails here, naming what is missing).
    #[test]
    fn agrees_with_snowball_on_its_vocabulary() {
        let home = std::env::var_os("CARGO_HOME")
            .map(std::path::PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))
            .expect("CARGO_HOME or HOME");
        let data = std::fs::read_dir(home.join("registry/src"))
            .expect("the cargo registry")
            .flatten()
            .flat_map(|index| std::fs::read_dir(index.path()).into_iter().flatten().flatten())
            .filter(|p| p.file_name().to_string_lossy().starts_with("rust-stemmers-1."))
            .map(|p| p.path().join("test_data"))
            .find(|d| d.join("voc_en.txt").is_file())
            .expect("rust-stemmers 1.x with its test_data in the cargo registry (CARGO_HOME/registry/src)");
        let voc = std::fs::read_to_string(data.join("voc_en.txt")).expect("voc_en.txt");
        let res = std::fs::read_to_string(data.join("res_en.txt")).expect("res_en.txt");
        let mut n = 0;
        for (word, expected) in voc.lines().zip(res.lines()) {
            assert_eq!(stem(word), expected, "stem of {word:?}");
            n += 1;
        }
        assert_eq!(n, 29_417);
    }

    #[test]
    fn agrees_with_snowball_on_the_seeds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap().to_lowercase();
            for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()) {
                check(word);
                n += 1;
            }
        }
        assert!(n > 3_000, "{n} words");
    }
}
