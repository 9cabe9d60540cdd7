//! Word lists: the one lexicon of the extractors, the claim reader, story labels and candidate
//! cleaning.
//!
//! In: a word (any case). Out: whether it belongs to a class (role noun, nationality, place,
//! organisation head, speech verb, month, …). The words about time (future tense, plans,
//! relative days, what-to-watch markers) are one table, `TIME_PHRASES`; given a sentence, it
//! tells whether the sentence states a plan or names a day relative to when it was written.
//! Lists are small, English, news-oriented and sorted by hand where binary search is used; a
//! gazetteer corrects what they get wrong.

use std::sync::OnceLock;

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
    "kong",
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
    "airlines",
    "alliance",
    "archives",
    "army",
    "assembly",
    "association",
    "authority",
    "bank",
    "board",
    "bureau",
    "cabinet",
    "campaign",
    "center",
    "centre",
    "command",
    "commission",
    "committee",
    "communications",
    "company",
    "corporation",
    "council",
    "court",
    "department",
    "federation",
    "forces",
    "foundation",
    "front",
    "fund",
    "government",
    "group",
    "guard",
    "holdings",
    "house",
    "industries",
    "institute",
    "institution",
    "journal",
    "laboratories",
    "labs",
    "microsystems",
    "ministry",
    "movement",
    "navy",
    "network",
    "news",
    "office",
    "online",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "post",
    "program",
    "programme",
    "relations",
    "secretariat",
    "service",
    "systems",
    "technologies",
    "times",
    "tribunal",
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

/// Nouns that name a participant, a group, a place, a document, a quantity or a span of time,
/// never an event: a story label's head noun is not one of these ("Velan officials" names no
/// event; "Velan strike" does). Lower case.
const NON_EVENT_NOUNS: &[&str] = &[
    "administration",
    "agency",
    "amount",
    "area",
    "authorities",
    "authority",
    "capital",
    "case",
    "cases",
    "center",
    "centre",
    "chief",
    "children",
    "citizens",
    "city",
    "company",
    "country",
    "countries",
    "court",
    "deal",
    "family",
    "families",
    "force",
    "forces",
    "friends",
    "government",
    "group",
    "groups",
    "home",
    "house",
    "issue",
    "issues",
    "kind",
    "leader",
    "leaders",
    "level",
    "life",
    "lives",
    "lot",
    "man",
    "matter",
    "media",
    "members",
    "men",
    "minister",
    "ministry",
    "months",
    "nation",
    "nations",
    "news",
    "number",
    "numbers",
    "office",
    "officials",
    "part",
    "party",
    "people",
    "percent",
    "person",
    "place",
    "plan",
    "point",
    "police",
    "position",
    "president",
    "problem",
    "program",
    "programme",
    "question",
    "region",
    "report",
    "reports",
    "residents",
    "result",
    "results",
    "side",
    "sides",
    "situation",
    "source",
    "sources",
    "spokesman",
    "spokeswoman",
    "state",
    "statement",
    "states",
    "story",
    "system",
    "thing",
    "things",
    "today",
    "town",
    "village",
    "way",
    "ways",
    "week",
    "weeks",
    "woman",
    "women",
    "word",
    "words",
    "work",
    "world",
    "year",
    "years",
    "activist",
    "activists",
    "dictator",
    "dissident",
    "dissidents",
    "fans",
    "players",
    "victims",
];

/// Nouns a figure of casualties is attached to ("40 dead", "killing 12 people", "300 injured"):
/// counted towards a story's significance. Lower case.
const CASUALTY_NOUNS: &[&str] = &[
    "bodies",
    "casualties",
    "dead",
    "deaths",
    "died",
    "fatalities",
    "hostages",
    "hurt",
    "injured",
    "killed",
    "killing",
    "missing",
    "victims",
    "wounded",
];

/// Words of sport, entertainment and lifestyle features: a story whose leads are made of them
/// does not lead a policy brief while anything else happened. Lower case.
const FEATURE_WORDS: &[&str] = &[
    "actor",
    "actress",
    "album",
    "athletes",
    "baseball",
    "basketball",
    "champion",
    "championship",
    "championships",
    "coach",
    "concert",
    "cricket",
    "cup",
    "fans",
    "fashion",
    "festival",
    "film",
    "football",
    "game",
    "games",
    "goal",
    "golf",
    "hockey",
    "league",
    "match",
    "medal",
    "movie",
    "olympic",
    "olympics",
    "players",
    "race",
    "recipe",
    "season",
    "singer",
    "soccer",
    "stadium",
    "team",
    "teams",
    "tennis",
    "tournament",
    "yacht",
];

/// Words of the state and of security: governments, armed forces, attacks and the courts. A
/// story whose leads speak of them weighs more. Lower case.
const SECURITY_WORDS: &[&str] = &[
    "army",
    "arrest",
    "arrested",
    "assassination",
    "attack",
    "attacks",
    "bomb",
    "bombing",
    "cabinet",
    "ceasefire",
    "coup",
    "election",
    "extradition",
    "government",
    "guerrillas",
    "invasion",
    "military",
    "minister",
    "missile",
    "nuclear",
    "parliament",
    "president",
    "rebels",
    "sanctions",
    "security",
    "soldiers",
    "terrorism",
    "terrorist",
    "treaty",
    "troops",
    "war",
];

/// Whether `word` (any case) is a noun that never names an event ([`NON_EVENT_NOUNS`]).
pub fn is_non_event_noun(word: &str) -> bool {
    has(NON_EVENT_NOUNS, &crate::text::lower(word))
}

/// Whether `word` (any case) is a casualty noun or verb ([`CASUALTY_NOUNS`]).
pub fn is_casualty_word(word: &str) -> bool {
    has(CASUALTY_NOUNS, &crate::text::lower(word))
}

/// Whether `word` (any case) is a word of sport or lifestyle features ([`FEATURE_WORDS`]).
pub fn is_feature_word(word: &str) -> bool {
    has(FEATURE_WORDS, &crate::text::lower(word))
}

/// Whether `word` (any case) is a word of the state and security ([`SECURITY_WORDS`]).
pub fn is_security_word(word: &str) -> bool {
    has(SECURITY_WORDS, &crate::text::lower(word))
}

/// Countries, territories and regions by their usual English names (from ISO 3166 and common
/// usage), lower case, sorted: places, never actors.
const PLACES: &[&str] = &[
    "afghanistan",
    "africa",
    "albania",
    "algeria",
    "america",
    "american samoa",
    "andorra",
    "angola",
    "anguilla",
    "antarctica",
    "antigua and barbuda",
    "argentina",
    "armenia",
    "aruba",
    "asia",
    "australia",
    "austria",
    "azerbaijan",
    "bahamas",
    "bahrain",
    "balkans",
    "bangladesh",
    "barbados",
    "belarus",
    "belgium",
    "belize",
    "benin",
    "bermuda",
    "bhutan",
    "bolivia",
    "bosnia and herzegovina",
    "botswana",
    "bouvet island",
    "brazil",
    "britain",
    "british indian ocean territory",
    "brunei darussalam",
    "bulgaria",
    "burkina faso",
    "burma",
    "burundi",
    "cabo verde",
    "cambodia",
    "cameroon",
    "canada",
    "caribbean",
    "cayman islands",
    "central african republic",
    "chad",
    "chechnya",
    "chile",
    "china",
    "christmas island",
    "colombia",
    "comoros",
    "congo",
    "cook islands",
    "costa rica",
    "crimea",
    "croatia",
    "cuba",
    "curaçao",
    "cyprus",
    "czech republic",
    "czechia",
    "côte d'ivoire",
    "denmark",
    "djibouti",
    "dominica",
    "dominican republic",
    "donbas",
    "east timor",
    "ecuador",
    "egypt",
    "el salvador",
    "england",
    "equatorial guinea",
    "eritrea",
    "estonia",
    "eswatini",
    "ethiopia",
    "europe",
    "faroe islands",
    "fiji",
    "finland",
    "france",
    "french guiana",
    "french polynesia",
    "french southern territories",
    "gabon",
    "gambia",
    "gaza",
    "gaza strip",
    "georgia",
    "germany",
    "ghana",
    "gibraltar",
    "great britain",
    "greece",
    "greenland",
    "grenada",
    "guadeloupe",
    "guam",
    "guatemala",
    "guernsey",
    "guinea",
    "guinea-bissau",
    "guyana",
    "haiti",
    "honduras",
    "hong kong",
    "hungary",
    "iceland",
    "india",
    "indonesia",
    "iran",
    "iraq",
    "ireland",
    "isle of man",
    "israel",
    "italy",
    "ivory coast",
    "jamaica",
    "japan",
    "jersey",
    "jordan",
    "kashmir",
    "kazakhstan",
    "kenya",
    "kiribati",
    "korea",
    "kosovo",
    "kurdistan",
    "kuwait",
    "kyrgyzstan",
    "laos",
    "latin america",
    "latvia",
    "lebanon",
    "lesotho",
    "liberia",
    "libya",
    "liechtenstein",
    "lithuania",
    "luxembourg",
    "macao",
    "macau",
    "macedonia",
    "madagascar",
    "malawi",
    "malaysia",
    "maldives",
    "mali",
    "malta",
    "marshall islands",
    "martinique",
    "mauritania",
    "mauritius",
    "mayotte",
    "mexico",
    "middle east",
    "moldova",
    "monaco",
    "mongolia",
    "montenegro",
    "montserrat",
    "morocco",
    "mozambique",
    "myanmar",
    "namibia",
    "nauru",
    "nepal",
    "netherlands",
    "new caledonia",
    "new zealand",
    "nicaragua",
    "niger",
    "nigeria",
    "niue",
    "norfolk island",
    "north korea",
    "north macedonia",
    "northern ireland",
    "northern mariana islands",
    "norway",
    "oman",
    "pakistan",
    "palau",
    "palestine",
    "panama",
    "papua new guinea",
    "paraguay",
    "peru",
    "philippines",
    "pitcairn",
    "poland",
    "portugal",
    "puerto rico",
    "qatar",
    "romania",
    "russia",
    "russian federation",
    "rwanda",
    "réunion",
    "saint barthélemy",
    "saint kitts and nevis",
    "saint lucia",
    "saint pierre and miquelon",
    "samoa",
    "san marino",
    "sao tome and principe",
    "saudi arabia",
    "scandinavia",
    "scotland",
    "senegal",
    "serbia",
    "seychelles",
    "sierra leone",
    "singapore",
    "slovakia",
    "slovenia",
    "solomon islands",
    "somalia",
    "south africa",
    "south korea",
    "south sudan",
    "soviet union",
    "spain",
    "sri lanka",
    "sudan",
    "suriname",
    "svalbard and jan mayen",
    "sweden",
    "switzerland",
    "syria",
    "syrian arab republic",
    "taiwan",
    "tajikistan",
    "tanzania",
    "thailand",
    "tibet",
    "timor-leste",
    "togo",
    "tokelau",
    "tonga",
    "trinidad and tobago",
    "tunisia",
    "turkmenistan",
    "turks and caicos islands",
    "tuvalu",
    "türkiye",
    "u.s.",
    "uganda",
    "uk",
    "ukraine",
    "united arab emirates",
    "united kingdom",
    "united states",
    "uruguay",
    "usa",
    "uzbekistan",
    "vanuatu",
    "venezuela",
    "viet nam",
    "vietnam",
    "wales",
    "wallis and futuna",
    "west bank",
    "western sahara",
    "yemen",
    "yugoslavia",
    "zambia",
    "zimbabwe",
    "åland islands",
];

/// Whether `name` (any case) is a country, territory or region: "Malaysia", "North Korea",
/// "West Bank".
pub fn is_place(name: &str) -> bool {
    PLACES.binary_search(&name.to_lowercase().as_str()).is_ok()
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

/// A [`TIME_PHRASES`] entry that, on its own, puts its clause in the future: one word
/// ([`is_future_word`], the timeline's tense of a day or weekday named without a year).
const FUTURE: u8 = 1;
/// A [`TIME_PHRASES`] entry that states a plan or an expectation ([`is_plan`]).
const PLAN: u8 = 2;
/// A [`TIME_PHRASES`] entry that names a time relative to the day of writing
/// ([`has_relative_day`]).
const RELATIVE: u8 = 4;

/// Words about time, each listed once, read by the timeline (future tense), the plan and
/// relative-time tests and what to watch. An entry: a lower-case phrase (words separated by one
/// space, matched as whole words); what it is ([`FUTURE`], [`PLAN`], [`RELATIVE`], combined
/// with `|`); its weight as a what-to-watch marker (0: not a marker; markers are tried in this
/// order).
const TIME_PHRASES: &[(&str, u8, f64)] = &[
    // What to watch, strongest first.
    ("is scheduled to", 0, 3.0),
    ("are scheduled to", 0, 3.0),
    ("scheduled for", PLAN, 3.0),
    ("is expected to", 0, 2.5),
    ("are expected to", 0, 2.5),
    ("is set to", PLAN, 2.5),
    ("are set to", PLAN, 2.5),
    ("plans to", PLAN, 2.5),
    ("is planning to", 0, 2.5),
    ("are planning to", 0, 2.5),
    ("is due to", PLAN, 2.5),
    ("will", FUTURE | PLAN, 2.0),
    ("next week", RELATIVE, 2.0),
    ("next month", RELATIVE, 2.0),
    ("coming days", RELATIVE, 2.0),
    ("coming weeks", RELATIVE, 2.0),
    ("near future", 0, 2.0),
    ("upcoming", FUTURE | RELATIVE, 1.5),
    // An invitation is to something ahead ("invited the delegation to continue the talks");
    // a named past date still rules it out.
    ("invited", 0, 1.5),
    ("ahead of", 0, 1.0),
    // The future tense of the timeline.
    ("shall", FUTURE, 0.0),
    ("expected", FUTURE, 0.0),
    ("scheduled", FUTURE, 0.0),
    ("planning", FUTURE, 0.0),
    ("plans", FUTURE, 0.0),
    ("next", FUTURE, 0.0),
    ("tomorrow", FUTURE | RELATIVE, 0.0),
    // Plans and expectations: what was to happen, as seen on the day of writing.
    ("won't", PLAN, 0.0),
    ("expected to", PLAN, 0.0),
    ("plan to", PLAN, 0.0),
    ("planning to", PLAN, 0.0),
    ("intends to", PLAN, 0.0),
    ("are due to", PLAN, 0.0),
    ("scheduled to", PLAN, 0.0),
    ("is to", PLAN, 0.0),
    ("are to", PLAN, 0.0),
    ("was to", PLAN, 0.0),
    ("were to", PLAN, 0.0),
    // Relative days and periods: their meaning depends on the day a sentence was written.
    ("today", RELATIVE, 0.0),
    ("tonight", RELATIVE, 0.0),
    ("yesterday", RELATIVE, 0.0),
    ("recently", RELATIVE, 0.0),
    ("this week", RELATIVE, 0.0),
    ("last week", RELATIVE, 0.0),
    ("this weekend", RELATIVE, 0.0),
    ("next weekend", RELATIVE, 0.0),
    ("last weekend", RELATIVE, 0.0),
    ("this month", RELATIVE, 0.0),
    ("last month", RELATIVE, 0.0),
    ("coming months", RELATIVE, 0.0),
    ("earlier this", RELATIVE, 0.0),
    ("later this", RELATIVE, 0.0),
];

/// Whether a lower-case word puts its clause in the future on its own (`will`, `expected`,
/// `next`, `tomorrow`, a contraction in `’ll`).
pub fn is_future_word(word: &str) -> bool {
    // Called on every token of every sentence: the future words, picked out once.
    static WORDS: OnceLock<Vec<&str>> = OnceLock::new();
    let words =
        WORDS.get_or_init(|| TIME_PHRASES.iter().filter(|e| e.1 & FUTURE != 0).map(|e| e.0).collect());
    words.contains(&word) || word.ends_with("’ll") || word.ends_with("'ll")
}

/// The markers of what to watch (`is scheduled to`, `will`, `next week`, …) with their
/// weights, strongest first.
pub fn watch_markers() -> &'static [(&'static str, f64)] {
    static MARKERS: OnceLock<Vec<(&str, f64)>> = OnceLock::new();
    MARKERS.get_or_init(|| TIME_PHRASES.iter().filter(|e| e.2 > 0.0).map(|e| (e.0, e.2)).collect())
}

/// Whether `text` has a phrase of `kind` ([`PLAN`], [`RELATIVE`]) as whole words.
fn has_time_phrase(text: &str, kind: u8) -> bool {
    // Each phrase with a space at each end, made once.
    static PADDED: OnceLock<Vec<(String, u8)>> = OnceLock::new();
    let padded = PADDED.get_or_init(|| TIME_PHRASES.iter().map(|e| (format!(" {} ", e.0), e.1)).collect());
    let joined = format!(" {} ", crate::text::words(text).join(" "));
    padded.iter().any(|(p, k)| k & kind != 0 && joined.contains(p.as_str()))
}

/// Whether a sentence's time is relative to the day it was written (a weekday, "today",
/// "next week") or it states a plan ("will", "is expected to"): read on a later day, it needs
/// the date it was written on.
pub fn is_relative_time(text: &str) -> bool {
    has_relative_day(text) || is_plan(text)
}

/// Whether a text names a time relative to the day it was said ("last weekend", "Monday",
/// "yesterday").
pub fn has_relative_day(text: &str) -> bool {
    crate::text::words(text).iter().any(|w| crate::date::weekday_number(w).is_some())
        || has_time_phrase(text, RELATIVE)
}

/// Whether a sentence states a plan or an expectation ("will", "is expected to", "plans to"):
/// a forecast, never a dated event.
pub fn is_plan(text: &str) -> bool {
    has_time_phrase(text, PLAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_time_and_plans() {
        assert!(is_relative_time("The ministers met on Wednesday in Brussels."));
        assert!(is_relative_time("Rubio is planning to skip a meeting next week."));
        assert!(is_relative_time("Talks will continue in Florida."));
        assert!(!is_relative_time("The ministers met on 3 December 2025 in Brussels."));
        assert!(has_relative_day("including last weekend in Geneva"));
        assert!(!has_relative_day("Talks will continue in Florida."));
        assert!(is_plan("The ministers are also expected to review the plan."));
        assert!(is_plan("Rubio won't attend.") && is_plan("Rubio won’t attend."));
        assert!(!is_plan("The ministers met on Wednesday and reviewed the plan."));
        assert!(!is_plan("Officials willingly agreed."));
    }

    #[test]
    fn time_phrases_are_listed_once_and_future_words_are_single_words() {
        for (i, (p, kind, w)) in TIME_PHRASES.iter().enumerate() {
            assert!(!TIME_PHRASES[..i].iter().any(|(q, _, _)| q == p), "{p} listed twice");
            assert!(*kind != 0 || *w > 0.0, "{p} is read by no one");
            assert!(kind & FUTURE == 0 || !p.contains(' '), "{p}: a future word is one word");
            assert_eq!(*p, p.to_lowercase(), "{p}");
        }
        assert!(is_future_word("will") && is_future_word("they’ll") && !is_future_word("said"));
        let markers: Vec<&str> = watch_markers().iter().map(|(m, _)| *m).collect();
        assert_eq!(markers.first(), Some(&"is scheduled to"));
        assert!(markers.contains(&"will") && !markers.contains(&"shall"));
    }

    #[test]
    fn classes() {
        assert!(is_role_head("Secretary-General") && is_role_head("then-Secretary") && is_role_head("chief"));
        assert!(is_nationality("Ukrainian") && is_nationality("Europeans") && !is_nationality("Rubio"));
        assert!(is_calendar("Dec.") && is_calendar("Wednesday") && !is_calendar("Rutte"));
        assert_eq!(org_canonical("E.U."), Some("European Union"));
        assert!(is_acronym("NATO") && !is_acronym("ARCHIVE") && !is_acronym("U.S."));
        assert!(is_common_initial("Instead") && is_common_initial("The"));
    }

    #[test]
    fn places_are_sorted_and_found_in_any_case() {
        assert!(PLACES.windows(2).all(|w| w[0] < w[1]), "PLACES must stay sorted for binary search");
        for place in ["Malaysia", "North Korea", "WEST BANK", "Chile", "Hong Kong"] {
            assert!(is_place(place), "{place}");
        }
        for actor in ["European Union", "NATO", "Bill Clinton", "Korea Electric"] {
            assert!(!is_place(actor), "{actor}");
        }
    }
}
