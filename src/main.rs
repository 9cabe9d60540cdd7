//! The `briefly` binary: parse the command line, run the library, print errors once.

use briefly::cli::{Cli, Command};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
