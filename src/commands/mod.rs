//! One module per subcommand: wiring, output and progress. The only place
//! (with `main.rs`) that prints.

pub mod entities;
pub mod eval;
pub mod export;
mod filters;
pub mod kwic;
mod outfile;
mod output;
pub mod report;
pub mod run;
pub mod search;
pub mod synth;
pub mod train;

use crate::cli::{Cli, Command, EvalCommand, TrainCommand};
pub use output::{error_message, Outcome};

/// Runs a parsed command line and says how it went.
pub fn dispatch(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Search(args) => search::execute(args),
        Command::Eval(EvalCommand::Questions(args)) => eval::questions(args),
        Command::Eval(EvalCommand::Ner(args)) => eval::ner(args),
        Command::Eval(EvalCommand::Turns(args)) => eval::turns(args),
        Command::Train(TrainCommand::Ner(args)) => train::ner(args),
        Command::Entities(args) => entities::execute(args),
        Command::Report(args) => report::execute(args),
        Command::Kwic(args) => kwic::execute(args),
        Command::Export(args) => export::execute(args),
        Command::Synth(args) => synth::execute(args),
    }
}
