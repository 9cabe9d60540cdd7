//! `BriefWorld`: the minimal typst [`World`] the PDF renderer compiles in.
//!
//! In: Typst source text (the filled `brief.typ` template) and the brief date. Out: a world
//! with one in-memory main file, the fonts embedded by `typst-assets` (no system fonts, so the
//! PDF looks the same on every machine), no file or network access, and `today()` fixed to the
//! brief date.

use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// Fonts and the standard library, parsed once per process and shared by all compiles.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts().flat_map(|data| Font::iter(Bytes::new(data))).collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// A compilation environment holding one Typst source.
pub struct BriefWorld {
    main: Source,
    today: Option<Datetime>,
}

impl BriefWorld {
    /// A world whose main file is `source`, with `today()` = `date`.
    pub fn new(source: String, date: crate::date::Date) -> BriefWorld {
        let path = VirtualPath::new("/brief.typ").expect("static path is valid");
        let id = RootedPath::new(VirtualRoot::Project, path).intern();
        let today = Datetime::from_ymd(date.year, date.month as u8, date.day as u8);
        BriefWorld { main: Source::new(id, source), today }
    }

    /// The main source (for diagnostics).
    pub fn source_text(&self) -> &Source {
        &self.main
    }
}

impl World for BriefWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(std::path::PathBuf::from(id.vpath().get_without_slash())))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            Err(FileError::NotFound(std::path::PathBuf::from(id.vpath().get_without_slash())))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
