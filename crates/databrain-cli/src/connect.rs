//! The client a command talks through: credentials and base URL from the environment (or
//! `--base-url`), or, with `--mock`, an in-process mock server with the default seed.

use databrain::Client;
use databrain_mock::MockServer;

use crate::args::Common;
use crate::output::Failure;

/// The client and, with `--mock`, the in-process mock it talks to (kept alive with it).
pub async fn client(common: &Common) -> Result<(Client, Option<MockServer>), Failure> {
    let mut builder = Client::builder().language("cli").env_defaults();
    let mut mock = None;
    if common.mock {
        let server = MockServer::start().await.map_err(|e| Failure::other(format!("could not start the mock: {e}")))?;
        builder = builder.base_url(server.url()).api_key(server.api_key()).service_token(server.service_token());
        mock = Some(server);
    } else if let Some(url) = &common.base_url {
        builder = builder.base_url(url);
    }
    Ok((builder.build()?, mock))
}
