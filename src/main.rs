//! The `cailiang` binary: parses the command line and hands over to `cailiang::cli`.

fn main() -> std::process::ExitCode {
    cailiang::cli::main()
}
