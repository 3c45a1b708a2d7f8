//! `databrain-mock [--port N] [--seed FILE]`: serve the mock Databrain API until SIGINT or
//! SIGTERM. The first line of stdout is the base URL, so scripts can start it on port 0 and
//! read where it listens.

use std::process::ExitCode;

use databrain_mock::Seed;

const USAGE: &str = "usage: databrain-mock [--port N] [--seed FILE]
  --port N     port on 127.0.0.1 (default 0: pick a free one)
  --seed FILE  JSON seed: {\"serviceTokens\": [..], \"dataApps\": [{\"name\", \"apiKeys\": [..], \"embeds\"?}],
               \"datasources\"?, \"datamarts\"?, \"workspaces\"?, \"rateLimit\"?}
               (without one: the default seed, with a full management catalog)
The base URL is printed as the first line of stdout.";

struct Args {
    port: u16,
    seed: Option<String>,
}

/// Hand-rolled: two flags do not justify a parser dependency.
fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut args = Args {
        port: 0,
        seed: None,
    };
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" | "-p" => {
                let v = value("--port")?;
                args.port = v
                    .parse()
                    .map_err(|_| format!("--port: not a port number: {v:?}"))?;
            }
            "--seed" => args.seed = Some(value("--seed")?),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(a)) => a,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("databrain-mock: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let seed = match &args.seed {
        None => Seed::default(),
        Some(path) => match Seed::from_file(path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("databrain-mock: {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("databrain-mock: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(databrain_mock::serve_forever(seed, args.port)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("databrain-mock: {e}");
            ExitCode::FAILURE
        }
    }
}
