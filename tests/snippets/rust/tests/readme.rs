//! Runs every ```rust block of the READMEs (generated into `$OUT_DIR` by `build.rs`), each as
//! the body of an `async fn` returning `Result<(), Box<dyn Error>>`, against one bundled mock
//! (reset before each block) named by the `DATABRAIN_*` variables. A block that does not compile
//! fails the build with an error in `<id>.rs`, whose first line names the README and line.

use std::future::Future;
use std::pin::Pin;
use std::process::ExitCode;

type BlockFuture = Pin<Box<dyn Future<Output = Result<(), Box<dyn std::error::Error>>>>>;

include!(concat!(env!("OUT_DIR"), "/blocks.rs"));

fn main() -> ExitCode {
    let mock = databrain_mock::MockServer::start_in_background(databrain_mock::Seed::default(), 0).expect("start the mock");
    // SAFETY: no other thread exists yet (the runtime starts below).
    unsafe {
        std::env::set_var("DATABRAIN_BASE_URL", mock.url());
        std::env::set_var("DATABRAIN_API_KEY", mock.api_key());
        std::env::set_var("DATABRAIN_SERVICE_TOKEN", mock.service_token());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let mut failed = 0;
    for (place, run) in BLOCKS {
        mock.reset();
        match runtime.block_on(run()) {
            Ok(()) => println!("ok   {place}"),
            Err(e) => {
                failed += 1;
                eprintln!("FAIL {place}: {e}");
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} README Rust block(s) failed");
        return ExitCode::FAILURE;
    }
    println!("all {} README Rust blocks pass", BLOCKS.len());
    ExitCode::SUCCESS
}
