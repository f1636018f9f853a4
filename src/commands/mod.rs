//! One module per subcommand: wiring, output and progress. The only place
//! (with `main.rs`) that prints.

pub mod eval;
mod output;
pub mod run;
pub mod search;

use crate::cli::{Cli, Command, EvalCommand};
pub use output::Outcome;

/// Runs a parsed command line and says how it went.
pub fn dispatch(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Search(args) => search::execute(args),
        Command::Eval(EvalCommand::Questions(args)) => eval::questions(args),
    }
}
