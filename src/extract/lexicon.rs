//! Word lists shared by the extractors.
//!
//! In: a word (any case). Out: whether it belongs to a class (role noun, nationality, place,
//! organisation head, speech verb, …). Lists are small, English, news-oriented and sorted by
//! hand where binary search is used; a gazetteer corrects what they get wrong.

/// Nouns that name a role or title and can stand right before a person's name
/// (`President`, `envoy`, `spokesperson`), lower case.
const ROLE_HEADS: &[&str] = &[
    "adm.",
    "administrator",
    "admiral",
    "adviser",
    "advisor",
    "ambassador",
    "amb.",
    "analyst",
    "archivist",
    "attorney",
    "captain",
    "ceo",
    "chair",
    "chairman",
    "chairwoman",
    "chancellor",
    "chief",
    "colonel",
    "commander",
    "commissioner",
    "congressman",
    "congresswoman",
    "coordinator",
    "correspondent",
    "counterpart",
    "deputy",
    "diplomat",
    "director",
    "director-general",
    "economist",
    "editor",
    "emir",
    "emissary",
    "envoy",
    "expert",
    "fellow",
    "founder",
    "gen.",
    "general",
    "gov.",
    "governor",
    "head",
    "judge",
    "king",
    "lawmaker",
    "lawyer",
    "leader",
    "lieutenant",
    "mayor",
    "mediator",
    "minister",
    "negotiator",
    "officer",
    "official",
    "pope",
    "premier",
    "president",
    "president-elect",
    "prince",
    "prof.",
    "professor",
    "prosecutor",
    "queen",
    "rep.",
    "representative",
    "researcher",
    "secretary",
    "secretary-general",
    "sen.",
    "senator",
    "sergeant",
    "sheikh",
    "son-in-law",
    "spokesman",
    "spokesperson",
    "spokeswoman",
    "strategist",
    "vice-president",
];

/// Words that may modify a role noun (`Deputy Secretary of State`, `former arms control director`).
const ROLE_MODIFIERS: &[&str] = &[
    "acting",
    "affairs",
    "allied",
    "arms",
    "assistant",
    "control",
    "defence",
    "defense",
    "economic",
    "energy",
    "executive",
    "finance",
    "first",
    "foreign",
    "foreign-policy",
    "former",
    "health",
    "high",
    "homeland",
    "house",
    "intelligence",
    "interior",
    "international",
    "justice",
    "military",
    "national",
    "permanent",
    "policy",
    "presidential",
    "press",
    "prime",
    "security",
    "senior",
    "special",
    "state",
    "supreme",
    "top",
    "trade",
    "vice",
    "white",
];

/// Honorifics: evidence of a person, not a role.
const HONORIFICS: &[&str] = &["dr.", "mr.", "mrs.", "ms.", "sir", "dame"];

/// Nationality and regional adjectives (also used as plural nouns with a trailing `s`).
const NATIONALITIES: &[&str] = &[
    "afghan",
    "african",
    "albanian",
    "american",
    "arab",
    "armenian",
    "asian",
    "atlantic",
    "australian",
    "austrian",
    "azerbaijani",
    "baltic",
    "belarusian",
    "belgian",
    "british",
    "bulgarian",
    "canadian",
    "chinese",
    "croatian",
    "czech",
    "danish",
    "democrat",
    "democratic",
    "dutch",
    "eastern",
    "egyptian",
    "english",
    "estonian",
    "european",
    "finnish",
    "french",
    "georgian",
    "german",
    "greek",
    "hungarian",
    "indian",
    "iranian",
    "iraqi",
    "irish",
    "israeli",
    "italian",
    "japanese",
    "korean",
    "latvian",
    "lebanese",
    "lithuanian",
    "moldovan",
    "nordic",
    "northern",
    "norwegian",
    "pakistani",
    "palestinian",
    "polish",
    "portuguese",
    "republican",
    "romanian",
    "russian",
    "saudi",
    "scottish",
    "serbian",
    "slovak",
    "slovenian",
    "southern",
    "soviet",
    "spanish",
    "swedish",
    "swiss",
    "syrian",
    "transatlantic",
    "turkish",
    "ukrainian",
    "western",
];

/// Capitalised words that make a name-like sequence a place or a thing, not a person.
const NON_PERSON: &[&str] = &[
    "africa",
    "america",
    "ankara",
    "arctic",
    "article",
    "asia",
    "avenue",
    "baltic",
    "beijing",
    "belarus",
    "belgium",
    "berlin",
    "black",
    "britain",
    "brussels",
    "china",
    "city",
    "congress",
    "crimea",
    "danube",
    "donbas",
    "east",
    "england",
    "estonia",
    "europe",
    "first",
    "florida",
    "france",
    "gaza",
    "geneva",
    "germany",
    "hague",
    "iran",
    "iraq",
    "island",
    "israel",
    "italy",
    "kaliningrad",
    "kiev",
    "kingdom",
    "kyiv",
    "latvia",
    "lithuania",
    "london",
    "miami",
    "middle",
    "minsk",
    "moscow",
    "north",
    "ocean",
    "operation",
    "pacific",
    "paris",
    "poland",
    "republic",
    "river",
    "romania",
    "rome",
    "russia",
    "sea",
    "senate",
    "south",
    "states",
    "street",
    "summit",
    "switzerland",
    "syria",
    "tokyo",
    "turkey",
    "ukraine",
    "united",
    "warsaw",
    "washington",
    "west",
];

/// Last words of organisation names (`Council`, `Department`, `News`).
const ORG_HEADS: &[&str] = &[
    "agency",
    "alliance",
    "archives",
    "army",
    "assembly",
    "association",
    "bank",
    "cabinet",
    "center",
    "centre",
    "command",
    "commission",
    "committee",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "federation",
    "forces",
    "foundation",
    "fund",
    "government",
    "group",
    "guard",
    "house",
    "institute",
    "institution",
    "journal",
    "ministry",
    "navy",
    "news",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "post",
    "relations",
    "service",
    "times",
    "union",
    "university",
];

/// Organisations known by one word or acronym.
const KNOWN_ORGS: &[&str] = &[
    "AFP",
    "ASEAN",
    "BBC",
    "CIA",
    "CNN",
    "E.U.",
    "EU",
    "FBI",
    "G7",
    "G20",
    "Hamas",
    "Hezbollah",
    "IAEA",
    "IMF",
    "Kremlin",
    "NATO",
    "OPEC",
    "OSCE",
    "Pentagon",
    "Reuters",
    "Taliban",
    "U.N.",
    "UN",
    "WTO",
];

/// Country acronyms: places, not organisations.
const COUNTRY_ACRONYMS: &[&str] = &["UAE", "UK", "US", "USA", "U.K.", "U.S.", "U.S.A."];

/// `(canonical, aliases)`: organisations with several names.
pub const ORG_ALIASES: &[(&str, &[&str])] = &[
    ("European Union", &["EU", "E.U."]),
    ("NATO", &["North Atlantic Treaty Organization", "Alliance", "the Alliance"]),
    ("State Department", &["Department of State", "U.S. State Department", "US State Department"]),
    ("United Nations", &["UN", "U.N."]),
];

/// Capitalised words that open sentences but are not names (beyond [`crate::text`] stop words).
const COMMON_INITIALS: &[&str] = &[
    "according",
    "across",
    "ahead",
    "almost",
    "already",
    "although",
    "amid",
    "among",
    "another",
    "asked",
    "before",
    "behind",
    "beyond",
    "despite",
    "during",
    "earlier",
    "even",
    "every",
    "following",
    "given",
    "including",
    "instead",
    "last",
    "later",
    "major",
    "many",
    "meanwhile",
    "much",
    "next",
    "recent",
    "recently",
    "several",
    "since",
    "some",
    "speaking",
    "still",
    "such",
    "today",
    "tomorrow",
    "toward",
    "towards",
    "unlike",
    "yesterday",
];

/// Speech verbs that attribute a quotation.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "adds",
    "announced",
    "argued",
    "asked",
    "asserted",
    "claimed",
    "commented",
    "concluded",
    "continued",
    "declared",
    "emphasised",
    "emphasized",
    "explained",
    "insisted",
    "noted",
    "posted",
    "remarked",
    "replied",
    "responded",
    "said",
    "says",
    "stated",
    "stressed",
    "tells",
    "told",
    "tweeted",
    "underlined",
    "warned",
    "wrote",
];

/// Lower-case membership in a list (lists are short; a linear scan is fine and order-free).
fn has(list: &[&str], word: &str) -> bool {
    list.contains(&word)
}

/// Role noun (`president`, `Secretary-General`, `then-Secretary`), any case.
pub fn is_role_head(word: &str) -> bool {
    let w = crate::text::lower(word);
    let w = w.strip_prefix("then-").or_else(|| w.strip_prefix("ex-")).unwrap_or(&w);
    has(ROLE_HEADS, w)
}

/// Role modifier (`deputy`, `foreign`, `State`), any case.
pub fn is_role_modifier(word: &str) -> bool {
    has(ROLE_MODIFIERS, &crate::text::lower(word))
}

/// `Mr.`, `Dr.` …
pub fn is_honorific(word: &str) -> bool {
    has(HONORIFICS, &crate::text::lower(word))
}

/// `Ukrainian`, `European`, `Europeans`, `Russian` …
pub fn is_nationality(word: &str) -> bool {
    let w = crate::text::lower(word);
    has(NATIONALITIES, &w) || w.strip_suffix('s').is_some_and(|s| has(NATIONALITIES, s))
}

/// A month name (`December`) or dotted abbreviation (`Dec.`); `Jan` alone may be a first name.
pub fn is_month(word: &str) -> bool {
    crate::date::month_number(word).is_some() && (word.len() > 3 || word.ends_with('.'))
}

/// A weekday name (`Wednesday`), also plural (`Wednesdays`).
pub fn is_weekday(word: &str) -> bool {
    crate::date::weekday_number(word).is_some()
        || word.strip_suffix('s').is_some_and(|w| crate::date::weekday_number(w).is_some())
}

/// A word that makes a capitalised sequence a place or thing.
pub fn is_non_person(word: &str) -> bool {
    has(NON_PERSON, &crate::text::lower(word))
}

/// The last word of an organisation name.
pub fn is_org_head(word: &str) -> bool {
    has(ORG_HEADS, &word.to_lowercase())
}

/// A one-word organisation (`NATO`, `Kremlin`).
pub fn is_known_org(word: &str) -> bool {
    has(KNOWN_ORGS, word)
}

/// `US`, `U.S.`, `UK` …
pub fn is_country_acronym(word: &str) -> bool {
    has(COUNTRY_ACRONYMS, word)
}

/// A sentence-opening word that is not a name.
pub fn is_common_initial(word: &str) -> bool {
    let w = word.to_lowercase();
    crate::text::is_stop_word(&w) || has(COMMON_INITIALS, &w)
}

/// A speech verb (`said`, `told`, `added`).
pub fn is_speech_verb(word: &str) -> bool {
    has(SPEECH_VERBS, &word.to_lowercase())
}

/// An all-capitals acronym of 2–5 letters without dots (`NATO`, `NBC`).
pub fn is_acronym(word: &str) -> bool {
    (2..=5).contains(&word.chars().count()) && word.chars().all(|c| c.is_ascii_uppercase())
}

/// The canonical name of an organisation alias (`E.U.` → `European Union`), if it has one.
pub fn org_canonical(name: &str) -> Option<&'static str> {
    ORG_ALIASES.iter().find(|(c, aliases)| *c == name || aliases.contains(&name)).map(|(c, _)| *c)
}

/// Whether a word is a person or non-person word of the calendar (months, weekdays).
pub fn is_calendar(word: &str) -> bool {
    is_month(word) || is_weekday(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_role_head("Secretary-General") && is_role_head("then-Secretary") && is_role_head("chief"));
        assert!(is_nationality("Ukrainian") && is_nationality("Europeans") && !is_nationality("Rubio"));
        assert!(is_calendar("Dec.") && is_calendar("Wednesday") && !is_calendar("Rutte"));
        assert_eq!(org_canonical("E.U."), Some("European Union"));
        assert!(is_acronym("NATO") && !is_acronym("ARCHIVE") && !is_acronym("U.S."));
        assert!(is_common_initial("Instead") && is_common_initial("The"));
    }
}
