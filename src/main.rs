use clap::Parser;

use taskforce::cli::{self, Args, Context};

fn main() {
    let args = Args::parse();
    let code = match run(args) {
        Ok(()) => 0,
        Err(f) => {
            eprintln!(
                "taskforce: {}",
                cli::table::printable(&f.message).replace('⏎', "\n")
            );
            f.code
        }
    };
    std::process::exit(code);
}

fn run(args: Args) -> cli::CliResult {
    let ctx = Context {
        lang: args.lang.into(),
        repo_flag: args.repo,
        today: cli::today()?,
    };
    match args.command {
        Some(command) => cli::run(command, &ctx),
        None => cli::open_tui(&ctx),
    }
}
