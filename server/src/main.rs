//! The `legeting` binary: parse the command line, set up logging, hand over to the library.

use std::process::ExitCode;

use clap::Parser;
use legeting::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    legeting::telemetry::init(&cli.config.log);
    match legeting::cli::run(cli.command.unwrap_or_default(), cli.config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line a person can act on; the chain of causes follows on the same line.
            eprintln!("legeting: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
