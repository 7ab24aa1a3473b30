//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Read a conflict as a timeline and see where the sources agree and where they contradict
/// each other.
///
/// With no PATH, fogline uses its bundled dataset: the last days of the battle of Raqqa, from a
/// report of 17 October 2017. A PATH is a RON file or a directory of them.
#[derive(Debug, Parser)]
#[command(name = "fogline", version, about, long_about)]
pub struct Cli {
    /// What to do; with none, open the interactive viewer.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Dataset files or directories (default: the bundled Raqqa dataset).
    #[arg(value_name = "PATH", global = false)]
    pub paths: Vec<PathBuf>,

    /// Do not follow edits to the data files (the viewer reloads them as they change).
    #[arg(long)]
    pub no_watch: bool,

    /// When to colour diagnostics.
    #[arg(long, value_enum, default_value_t = Color::Auto, global = true)]
    pub color: Color,

    /// Always parse the data files: neither use nor write the snapshot that makes opening large
    /// data again fast (kept in the user's cache directory; `FOGLINE_CACHE_DIR` moves it).
    #[arg(long, global = true)]
    pub no_cache: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate datasets: report every problem with file, line and column.
    ///
    /// Exits 0 when there are no errors (warnings are shown but allowed), 1 otherwise.
    Check {
        /// Dataset files or directories (default: the bundled dataset).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print the timeline: one line per event, sorted by date.
    ///
    /// Each line: the date (by its precision: `~` approximate, `?` uncertain), the kind, the
    /// title and the sources that report it. Filters combine: an event must pass all of them.
    List {
        /// Dataset files or directories (default: the bundled dataset).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,

        #[command(flatten)]
        filters: FilterArgs,

        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,

        /// With --format json: each event's other reports of the same happening (events of
        /// other sources with overlapping dates, corresponding kinds and matching places; the
        /// first 20), with their figures compared.
        #[arg(long)]
        other_reports: bool,
    },
    /// Write a realistic synthetic dataset of any size, the same for the same seed.
    ///
    /// Dates of every precision, approximate and vague quantities, several sources per event,
    /// claims that sometimes contradict each other: for benchmarks and trying fogline at scale.
    Generate {
        /// How many events.
        #[arg(long, value_name = "N")]
        events: usize,

        /// The seed: the same seed gives the same dataset.
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,

        /// The directory to write `generated.ron` into (made if missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,

        /// Replace `generated.ron` if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Import an ACLED or UCDP GED export (CSV) as a fogline dataset (RON).
    ///
    /// Columns are found by their header names, in any order. Rows with problems are described
    /// (line, column, value, what was expected) and skipped; the rest is imported and the counts
    /// are told. Writes `DIR/<name of the CSV>.ron` atomically, never over an existing file unless
    /// --force is given. The viewer, `list` and `brief` also open such CSV files directly.
    Import {
        /// Whose export it is.
        #[arg(value_enum)]
        provider: ProviderArg,

        /// The CSV file.
        #[arg(value_name = "FILE")]
        file: PathBuf,

        /// The directory to write the dataset into (made if missing).
        #[arg(short, long, value_name = "DIR", default_value = ".")]
        output: PathBuf,

        /// The file has no header row: read it with UCDP GED 23.1's 49 columns.
        #[arg(long)]
        no_header: bool,

        /// Stop at the first row with a problem: exit 1 and write nothing.
        #[arg(long)]
        strict: bool,

        /// Replace the dataset file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Write a briefing: the filtered timeline with citations, where sources disagree, and
    /// claims only one source makes.
    ///
    /// The same data and filters give the same bytes. With -o the file is written atomically and
    /// an existing file is never replaced unless --force is given.
    Brief {
        /// Dataset files or directories (default: the bundled dataset).
        #[arg(value_name = "PATH")]
        paths: Vec<PathBuf>,

        #[command(flatten)]
        filters: FilterArgs,

        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,

        /// Replace the -o file if it exists.
        #[arg(long, requires = "output")]
        force: bool,

        /// Output format.
        #[arg(long, value_enum, default_value_t = BriefFormat::Markdown)]
        format: BriefFormat,
    },
}

/// Export providers `fogline import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    /// ACLED (Armed Conflict Location & Event Data) exports.
    Acled,
    /// UCDP Georeferenced Event Dataset (GED) exports.
    Ucdp,
}

/// Briefing formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BriefFormat {
    /// Markdown: timeline, where sources disagree, unconfirmed claims, sources, citations.
    Markdown,
    /// The filtered events and claims, with their sources and subjects, as JSON.
    Json,
    /// A TimelineJS3 timeline (JSON).
    Timelinejs,
}

/// The filters shared by every command that shows events.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Only events reported by this source (by id); repeat for several.
    #[arg(long = "source", value_name = "ID")]
    pub sources: Vec<String>,

    /// Only events of this kind (e.g. airstrike, change-of-control); repeat for several.
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,

    /// Only events that may have happened on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,

    /// Only events that may have happened on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,

    /// Only events whose title, summary, quotes, place or actors contain this text (any case).
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
}

/// Output formats for events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Text,
    /// A JSON array of events for machines.
    Json,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When writing to a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}
