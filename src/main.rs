//! The `briefly` binary: parse the command line, run the library, print errors once.
//!
//! On Unix it is entered from the C runtime (`#![no_main]`): Rust's usual entry first reads
//! `/proc/self/maps` to locate the main thread's stack guard and installs a stack-overflow
//! handler on an alternate signal stack: 0.18 ms of CPU per process, 8% of a whole
//! `briefly summarize` run on a DUC cluster (`perf stat -r 100`). What of it the tool needs is
//! done here: `SIGPIPE` ignored (so a closed pipe is an error that `summarize` handles, not a
//! kill), standard streams that exist (a closed one is reopened on `/dev/null`, so no file we
//! open takes its number), stdout flushed on exit, and a panic reported with exit status 101.
//! Elsewhere (and in test builds) it is an ordinary `main`.

#![cfg_attr(all(unix, not(test)), no_main)]

use briefly::cli::{Cli, Command};
use clap::Parser;

/// Runs the command line; the process exit status.
fn run() -> u8 {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => briefly::cmd::build(args, cli.quiet, cli.verbose),
        Command::Summarize(args) => briefly::cmd::summarize(args),
        Command::Init(args) => briefly::cmd::init(args, cli.quiet),
        Command::Templates(args) => briefly::cmd::templates(args, cli.quiet),
        Command::Completions(args) => briefly::cmd::completions(args),
        Command::Diff(args) => briefly::cmd::diff(args),
    };
    match result {
        Ok(()) => 0,
        Err(err) => {
            eprintln!("error: {err:#}");
            1
        }
    }
}

#[cfg(not(all(unix, not(test))))]
fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(run())
}

#[cfg(all(unix, not(test)))]
mod entry {
    use std::io::Write;

    #[unsafe(no_mangle)]
    extern "C" fn main(_argc: libc::c_int, _argv: *const *const libc::c_char) -> libc::c_int {
        prepare_process();
        let code = std::panic::catch_unwind(super::run).unwrap_or(101);
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
