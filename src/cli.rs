//! Command-line interface: clap types only (flags as the user typed them).
//!
//! In: `argv`. Out: [`Cli`]. Merging flags with `brief.yaml` happens in `main.rs`'s call to
//! [`briefly::Settings`] resolution; nothing here touches the disk.

use briefly::output::Format;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// briefly — turn a folder of news articles into a cited policy brief (Markdown, HTML, PDF, JSON).
#[derive(Debug, Parser)]
#[command(name = "briefly", version, about, propagate_version = true)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also report what was left out (dropped captions, bylines and other non-article lines).
    #[arg(short, long, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// The subcommand.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the brief from the input folder into `<out>/<number>/brief.{md,html,pdf,json}`.
    #[command(
        after_help = "Examples:\n  briefly build\n  briefly build --config brief.yaml --input seeds --out briefs\n  briefly build --formats md,html --templates my-templates\n  briefly build --week 2025-W49\n  briefly build --from 2025-12-01 --to 2025-12-07 --strict-dates"
    )]
    Build(BuildArgs),
    /// Start a new brief project: a commented `brief.yaml` and an empty `seeds/` folder.
    #[command(
        after_help = "Examples:\n  briefly init\n  briefly init weekly-nato\n\nRefuses to overwrite existing files."
    )]
    Init(InitArgs),
    /// Write the embedded default templates out for customisation.
    #[command(
        after_help = "Examples:\n  briefly templates\n  briefly templates --out my-templates\n\nThen set `templates: my-templates` in brief.yaml (or pass --templates). Refuses to overwrite."
    )]
    Templates(TemplatesArgs),
    /// Compare two versions of a brief: points added, removed and kept per topic.
    #[command(
        after_help = "OLD and NEW are brief folders, brief.json files, or REV:PATH git revisions.\n\nExamples:\n  briefly diff briefs/2025-11-27 briefs/2025-12-04\n  briefly diff HEAD~1:briefs/2025-12-04 briefs/2025-12-04 --format md"
    )]
    Diff(DiffArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  briefly completions bash > /etc/bash_completion.d/briefly\n  briefly completions zsh > ~/.zfunc/_briefly\n  briefly completions fish > ~/.config/fish/completions/briefly.fish"
    )]
    Completions(CompletionsArgs),
    /// Summarize articles (files or folders) as one cluster; print the sentences, one per line,
    /// in reading order (source date, then position). With `--words N` (default 100) the last
    /// line is the start of one more sentence cut at exactly N words; `--whole` never cuts.
    #[command(
        after_help = "Examples:\n  briefly summarize --words 100 seeds/\n  briefly summarize --sentences 5 --format md a.txt b.md"
    )]
    Summarize(SummarizeArgs),
    /// Group articles (files or folders) into stories and list them, most important first:
    /// label, articles, outlets, dates and files — the grouping `build` makes sections of.
    #[command(
        after_help = "Examples:\n  briefly stories seeds/\n  briefly stories --format json ~/week/*.md\n\nA story is a set of articles about the same event or development; an article that covers\nseveral (a roundup) is listed under each story it has paragraphs about."
    )]
    Stories(StoriesArgs),
    /// Run the per-article stage alone: print each article (files or folders) as one JSON
    /// line — metadata, language, and its sentences with byte spans and content terms — for an
    /// engine that pre-reduces a corpus too large for one machine (docs/scale.md).
    #[command(after_help = "Examples:
  briefly prepare seeds/ > seeds.jsonl
  briefly prepare ~/week/ | head -1 | jq '.sentences[0].terms'")]
    Prepare(PrepareArgs),
    /// Download this week's articles from the config's `feeds:` and `urls:` into the input
    /// folder, one Markdown file per article (the only command that uses the network).
    #[command(
        after_help = "Examples:\n  briefly fetch --week 2025-W49\n  briefly fetch --since 2025-12-01 --dry-run\n  briefly fetch --allow-host intranet.example --allow-host 10.20.0.0/16\n\nA second run downloads only what is new; an existing file is never overwritten.\nOnly public addresses are fetched unless --allow-host (or BRIEFLY_ALLOW_HOSTS=a,b) opens more;\neach request has 30 s in all, the whole run --deadline."
    )]
    Fetch(FetchArgs),
}

/// `briefly fetch` flags.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Config file (default: `brief.yaml` here or in a folder above).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder to save articles into [default: the config's `input:`, else `seeds` beside the
    /// config].
    #[arg(long, value_name = "DIR")]
    pub input: Option<PathBuf>,
    /// Only feed items dated on or after this day (`YYYY-MM-DD`).
    #[arg(long, value_name = "DATE", conflicts_with = "week")]
    pub since: Option<String>,
    /// Only feed items dated in this ISO week (`2025-W49`).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Read the feeds and list the articles that would be downloaded; save nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Parallel downloads (default 4; never more than 2 at a time to one host).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Also fetch from this internal host name or address range (`intranet.example`,
    /// `10.0.0.0/8`, `fd00::/8`); repeatable, added to `BRIEFLY_ALLOW_HOSTS` (comma-separated).
    /// Without it, loopback, private, link-local and other non-public addresses are refused.
    #[arg(long = "allow-host", value_name = "HOST|CIDR", value_parser = allow_entry)]
    pub allow_host: Vec<String>,
    /// Stop the whole run after SECS seconds, naming the slow downloads [default: 600].
    #[arg(long, env = "BRIEFLY_FETCH_DEADLINE", value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..))]
    pub deadline: Option<u64>,
    /// Timeout in milliseconds of a connect, of a read, and of a whole request (default 10 s,
    /// 20 s, 30 s); for tests.
    #[arg(long, env = "BRIEFLY_FETCH_TIMEOUT_MS", value_name = "MS", hide = true)]
    pub timeout_ms: Option<u64>,
}

/// A `--allow-host` value, checked.
fn allow_entry(s: &str) -> Result<String, String> {
    briefly::fetch::guard::AllowList::default().add(s).map(|()| s.trim().to_string())
}

/// `briefly build` flags.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Config file (default: `brief.yaml` in the current folder, if present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Folder of input articles [default: the config's `input:`, else `seeds` beside the
    /// config].
    #[arg(long, value_name = "DIR")]
    pub input: Option<PathBuf>,
    /// Root output folder; the brief goes into a sub-folder named after its number and
    /// version (`2025-W49`, `2025-W49-v2`) [default: the config's `output:`, else `briefs`
    /// beside the config].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write (comma-separated); default: the config's `formats`, else all.
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub formats: Option<Vec<FormatArg>>,
    /// Folder of templates overriding the embedded ones (same file names win).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Only articles dated in this ISO week (`2025-W49`); the week's Sunday is the default
    /// brief date.
    #[arg(long, value_name = "YYYY-Www", conflicts_with_all = ["from", "to"])]
    pub week: Option<String>,
    /// Only articles dated on or after this day (`YYYY-MM-DD`).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only articles dated on or before this day (`YYYY-MM-DD`); the default brief date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// With a window, leave out articles without a date (default: include them, with a warning).
    #[arg(long)]
    pub strict_dates: bool,
    /// Worker threads (default: one per CPU core). The output is the same for any number.
    #[arg(short = 'j', long, value_name = "N", env = "BRIEFLY_JOBS", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Brief date when the config has none (Unix seconds; reproducible-builds convention).
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS", hide = true)]
    pub source_date_epoch: Option<i64>,
}

/// `briefly init` arguments.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Project folder (created if missing; default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// `briefly templates` arguments.
#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Folder to write the templates into.
    #[arg(long, value_name = "DIR", default_value = "templates")]
    pub out: PathBuf,
}

/// `briefly diff` arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older brief.
    pub old: String,
    /// The newer brief.
    pub new: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
}

/// `briefly completions` arguments.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `briefly summarize` flags.
#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// Word budget (default 100).
    #[arg(long, conflicts_with = "sentences")]
    pub words: Option<usize>,
    /// Sentence budget instead of a word budget.
    #[arg(long)]
    pub sentences: Option<usize>,
    /// Never cut a sentence: stop at the last whole sentence that fits. By default, with a word
    /// budget, the words left after the last whole sentence are filled with the beginning of
    /// one more sentence, cut at exactly the budget (as DUC systems were); it is printed last
    /// (JSON marks it `"cut": true`).
    #[arg(long)]
    pub whole: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Text)]
    pub format: SummaryFormat,
    /// Article files or folders of articles.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `briefly stories` flags.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Article files or folders of articles.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// `briefly prepare` flags.
#[derive(Debug, Args)]
pub struct PrepareArgs {
    /// Article files or folders of articles.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Output of `briefly stories`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// One block per story.
    Text,
    /// JSON: the article count and the stories.
    Json,
}

/// Output of `briefly summarize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// One sentence per line.
    Text,
    /// A Markdown list with the source file of each sentence.
    Md,
    /// JSON array of sentences with file, date, position and score.
    Json,
}

/// `--formats md,html`: the command line's names for [`Format`] (clap stays in this module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Markdown (`brief.md`).
    Md,
    /// Self-contained HTML page (`brief.html`).
    Html,
    /// PDF via embedded Typst (`brief.pdf`).
    Pdf,
    /// The `Brief` model as JSON (`brief.json`).
    Json,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Md => Format::Md,
            FormatArg::Html => Format::Html,
            FormatArg::Pdf => Format::Pdf,
            FormatArg::Json => Format::Json,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_valid() {
        Cli::command().debug_assert();
    }
}
