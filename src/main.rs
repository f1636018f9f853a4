use clap::Parser;
use notulen::cli::Cli;
use notulen::commands::{self, Outcome};
use std::process::ExitCode;

// See Cargo.toml: the system allocator kept freed writer memory resident.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match commands::dispatch(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::PartialFailure) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {}", commands::error_message(&e));
            ExitCode::from(2)
        }
    }
}
