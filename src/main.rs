use taskforce::cli::{self, Args, Context};

fn main() {
    let args = cli::parse_args();
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
        None => {
            cli::set_ui_lang(ctx.lang);
            taskforce::tui::open(ctx.repo_flag.as_deref(), ctx.lang, ctx.today).map_err(|e| match e
            {
                taskforce::tui::OpenError::Store(e) => cli::Failure::from_store(e, ctx.lang),
                taskforce::tui::OpenError::Terminal(e) => cli::Failure {
                    code: 1,
                    message: format!("{e:#}"),
                },
            })
        }
    }
}
