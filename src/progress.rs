//! Progress reports of the long commands (`build`, `fetch`): the [`Progress`] trait the
//! library reports to and the binary draws a bar from.
//!
//! In: stage names, step counts, warnings. Out: nothing here; the implementor decides.

use std::path::Path;

/// Progress of a build, reported stage by stage: the CLI draws a bar from it, the library
/// default (`()`) draws nothing. Called from several threads.
pub trait Progress: Sync {
    /// A stage starts; `total` is its number of steps when known.
    fn stage(&self, _name: &str, _total: Option<u64>) {}
    /// One step of the current stage is done.
    fn step(&self) {}
    /// A problem that does not stop the build, reported as soon as it is found (it is also in
    /// the [`crate::BuildReport`], which a failed build never returns).
    fn warn(&self, _message: &str) {}
    /// Another build is writing to the output folder `output`; this one waits for it to finish
    /// ([`crate::fs::lock_output`]). Called at most once per build.
    fn waiting(&self, _output: &Path) {}
}

/// No progress reports.
impl Progress for () {}
