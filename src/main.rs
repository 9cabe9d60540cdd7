//! The `briefly` binary: parse the command line, run the library, print errors once.
//!
//! An ordinary program, with one change to Rust's start-up: on Unix `SIGPIPE` is restored to
//! its default, so `briefly diff … | head -1` ends quietly when `head` stops reading, as other
//! command-line tools do (Rust ignores the signal, which turns a closed pipe into an error on
//! every later write). The one place that writes into a pipe whose reader may die first, the
//! render child's request, blocks the signal in its own thread ([`briefly::render::sandbox`]).
//!
//! Template rendering runs in a child process ([`briefly::render::sandbox`], switched on here):
//! this same program started with the single argument `__render`, which is checked before the
//! command line is parsed, so it appears in neither the help nor the completions.

mod cli;
mod cmd;

use clap::Parser;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default has no preconditions; no other
    // thread exists yet.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    ExitCode::from(run())
}

/// Runs the command line; the process exit status.
fn run() -> u8 {
    use briefly::render::sandbox;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() == 2 && args[1] == sandbox::SUBCOMMAND {
        return sandbox::child_main();
    }
    sandbox::enable();
    let cli = Cli::parse_from(args);
    let result = match &cli.command {
        Command::Build(args) => cmd::build(args, cli.quiet, cli.verbose),
        Command::Summarize(args) => cmd::summarize(args),
        Command::Init(args) => cmd::init(args, cli.quiet),
        Command::Templates(args) => cmd::templates(args, cli.quiet),
        Command::Completions(args) => cmd::completions(args),
        Command::Diff(args) => cmd::diff(args),
        Command::Stories(args) => cmd::stories(args),
        Command::Prepare(args) => cmd::prepare(args),
        Command::Fetch(args) => cmd::fetch(args, cli.quiet, cli.verbose),
    };
    match result {
        Ok(()) => 0,
        Err(err) => {
            // One line, quoting at most one short line of any file (see `text::clip_message`).
            eprintln!("error: {}", briefly::text::clip_message(&format!("{err:#}"), 1000));
            // Usage errors exit 2, as clap's do; failures 1.
            if err.downcast_ref::<cmd::Usage>().is_some() { 2 } else { 1 }
        }
    }
}
