//! The `cailiang` binary: parses the command line and hands over to `cailiang::cli`.

fn main() -> std::process::ExitCode {
    // Rust ignores SIGPIPE, which turns `cailiang … | head` into a panic on the next print.
    // Command-line tools conventionally die quietly instead.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to its default before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cailiang::cli::main()
}
