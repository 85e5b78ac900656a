//! The `mdbook-paxos` command, as mdBook runs a preprocessor (see the library's docs):
//!
//! - `mdbook-paxos supports <renderer>`: exits 0, every renderer takes the widgets' HTML;
//! - `mdbook-paxos`: reads `[context, book]` as JSON on standard input and writes the book
//!   back; with a mistake in any block, prints each one (`file:line[:column]: ...`) on
//!   standard error and exits 1, which fails the build.

use std::io::{Read, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("supports") {
        return ExitCode::SUCCESS;
    }
    let mut input = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("mdbook-paxos: reading standard input: {e}");
        return ExitCode::FAILURE;
    }
    match mdbook_paxos::preprocess(&input) {
        Ok(book) => {
            if let Err(e) = std::io::stdout().write_all(book.as_bytes()) {
                eprintln!("mdbook-paxos: writing the book: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            for line in report.lines() {
                eprintln!("mdbook-paxos: error: {line}");
            }
            ExitCode::FAILURE
        }
    }
}
