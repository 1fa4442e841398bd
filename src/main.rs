//! The `cailiang` binary: parses the command line and hands over to `cailiang::cli`.

/// mimalloc rather than the system allocator: a register import verifies and replays thousands of
/// logs, each a burst of small allocations freed at once (see docs/REGISTER.md, "Speed").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
