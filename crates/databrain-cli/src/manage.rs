//! Running a generated management command: check the request (exit 2 with field paths before
//! anything is started or sent), connect, call the row by name, print.

use std::process::ExitCode;

use clap::ArgMatches;
use databrain::ListOptions;
use databrain::management::Operation;

use crate::args::Common;
use crate::catalog;
use crate::output::{self, Failure};
use crate::render::{self, ListWriter, Mode};

/// The shared flags of a generated command, as the hand-written commands hold them.
pub fn common(m: &ArgMatches) -> Common {
    Common { mock: m.get_flag("mock"), base_url: m.get_one::<String>("base-url").cloned(), json: m.get_flag("json") }
}

/// Runs row `op` with the flags in `m`.
pub async fn run(op: &'static Operation, m: &ArgMatches) -> ExitCode {
    let common = common(m);
    let mode = Mode::pick(common.json, m.get_flag("table"));
    match call(op, m, &common, mode).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => output::fail(failure, common.json),
    }
}

async fn call(op: &'static Operation, m: &ArgMatches, common: &Common, mode: Mode) -> Result<(), Failure> {
    let inv = catalog::invocation(op, m)?;
    // Every problem with the request, before a mock is started or a credential looked up.
    op.parse(&&inv.input, &inv.options)?;
    let (client, _mock) = crate::connect::client(common).await?;
    if !op.paginated {
        let value = client.call_json(op.name(), &&inv.input, &inv.options, &ListOptions::all()).await?;
        render::value(&value, mode);
        return Ok(());
    }
    let mut pages = client.paginate_json(op.name(), &&inv.input, &inv.options, &inv.list)?;
    let mut out = ListWriter::new(mode);
    loop {
        match pages.next_page().await {
            Ok(Some(items)) => out.page(items),
            Ok(None) => break,
            Err(e) => {
                // What was printed stays a complete document; the error follows it.
                if out.started() {
                    out.finish();
                }
                return Err(e.into());
            }
        }
    }
    out.finish();
    Ok(())
}
