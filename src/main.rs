//! The `briefly` binary: parse the command line, run the library, print errors once.
//!
//! On Unix it is entered from the C runtime (`#![no_main]`): Rust's usual entry first reads
//! `/proc/self/maps` to locate the main thread's stack guard and installs a stack-overflow
//! handler on an alternate signal stack: 0.18 ms of CPU per process, 8% of a whole
//! `briefly summarize` run on a DUC cluster (`perf stat -r 100`). What of it the tool needs is
//! done here: the arguments taken from C's `argv` (`std::env::args` is empty without Rust's
//! entry on musl and the BSDs), `SIGPIPE` ignored (so a closed pipe is an error that
//! `summarize` handles, not a kill), standard streams that exist (a closed one is reopened on
//! `/dev/null`, so no file we open takes its number), stdout flushed on exit, and a panic
//! reported with exit status 101. What is given up: a stack overflow of the main thread ends
//! in a plain `SIGSEGV` instead of Rust's "has overflowed its stack" message (deeply nested
//! YAML is refused by the parser's depth limit and recursive templates before rendering, see
//! `tests/bad_input.rs`), and a panic message names the thread `<unnamed>` instead of `main`.
//! Elsewhere (and in test builds) it is an ordinary `main`.
//!
//! Template rendering runs in a child process ([`briefly::render::sandbox`], switched on here):
//! this same program started with the single argument `__render`, which is checked before the
//! command line is parsed, so it appears in neither the help nor the completions.

#![cfg_attr(all(unix, not(test)), no_main)]

use briefly::cli::{Cli, Command};
use clap::Parser;
use std::ffi::OsString;

/// Runs the command line `args` (the program name first); the process exit status.
fn run(args: Vec<OsString>) -> u8 {
    use briefly::render::sandbox;
    if args.len() == 2 && args[1] == sandbox::SUBCOMMAND {
        return sandbox::child_main();
    }
    sandbox::enable();
    let cli = Cli::parse_from(args);
    let result = match &cli.command {
        Command::Build(args) => briefly::cmd::build(args, cli.quiet, cli.verbose),
        Command::Summarize(args) => briefly::cmd::summarize(args),
        Command::Init(args) => briefly::cmd::init(args, cli.quiet),
        Command::Templates(args) => briefly::cmd::templates(args, cli.quiet),
        Command::Completions(args) => briefly::cmd::completions(args),
        Command::Diff(args) => briefly::cmd::diff(args),
        Command::Stories(args) => briefly::cmd::stories(args),
        Command::Fetch(args) => briefly::cmd::fetch(args, cli.quiet, cli.verbose),
    };
    match result {
        Ok(()) => 0,
        Err(err) => {
            // One line, quoting at most one short line of any file (see `text::clip_message`).
            eprintln!("error: {}", briefly::text::clip_message(&format!("{err:#}"), 1000));
            // Usage errors exit 2, as clap's do; failures 1.
            if err.downcast_ref::<briefly::cmd::Usage>().is_some() { 2 } else { 1 }
        }
    }
}

#[cfg(not(all(unix, not(test))))]
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run(std::env::args_os().collect()))
}

#[cfg(all(unix, not(test)))]
mod entry {
    use std::ffi::{CStr, OsStr, OsString};
    use std::io::Write;
    use std::os::unix::ffi::OsStrExt;

    #[unsafe(no_mangle)]
    extern "C" fn main(argc: libc::c_int, argv: *const *const libc::c_char) -> libc::c_int {
        prepare_process();
        let args: Vec<OsString> = (0..usize::try_from(argc).unwrap_or(0))
            // SAFETY: the C runtime passes `argc` pointers to NUL-terminated strings in `argv`,
            // valid for the whole process.
            .map(|i| unsafe { CStr::from_ptr(*argv.add(i)) })
            .map(|arg| OsStr::from_bytes(arg.to_bytes()).to_os_string())
            .collect();
        let code = std::panic::catch_unwind(|| super::run(args)).unwrap_or(101);
        let _ = std::io::stdout().flush();
        code.into()
    }

    /// What Rust's runtime start does that matters here: standard streams open, `SIGPIPE`
    /// ignored.
    fn prepare_process() {
        for fd in 0..3 {
            // SAFETY: `fcntl(F_GETFD)` only queries a descriptor; `open` returns a new one (the
            // lowest free number, i.e. `fd`, which is closed).
            unsafe {
                if libc::fcntl(fd, libc::F_GETFD) == -1 {
                    libc::open(c"/dev/null".as_ptr(), if fd == 0 { libc::O_RDONLY } else { libc::O_WRONLY });
                }
            }
        }
        // SAFETY: setting a signal's disposition to "ignore" has no preconditions.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_IGN);
        }
    }
}
