//! WASI fixture in Rust (std for wasm32-wasi): prints a greeting, its arguments, an environment
//! variable and the wall-clock time to stdout, a line to stderr, and exits with the code given
//! as the first argument (default 0) through `std::process::exit` (WASI `proc_exit`). Built by
//! scripts/build-wasi-examples.sh with Debian's rustc; tests run the committed hello-rust.wasm.
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    println!("hello from Rust");
    println!("args={:?}", args);
    match std::env::var("GREETING") {
        Ok(v) => println!("GREETING={}", v),
        Err(_) => println!("GREETING unset"),
    }
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    println!("unix seconds={}", now);
    let sum: u64 = (1..=100u64).sum();
    println!("sum 1..=100 = {}", sum);
    eprintln!("to stderr");
    std::io::stdout().flush().unwrap();
    let code = args.get(1).and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    if code != 0 {
        std::process::exit(code);
    }
}
