//! One module per subcommand: wiring, output and progress. The only place
//! (with `main.rs`) that prints.

mod output;
pub mod run;
pub mod search;

use crate::cli::{Cli, Command};
pub use output::Outcome;

/// Runs a parsed command line and says how it went.
pub fn dispatch(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Search(args) => search::execute(args),
    }
}
