//! The shared tier over TLS (`rediss://`, `valkeys://`) against a real redis-server serving a
//! certificate signed by the test CA (tests/fixtures): the fleet mints once when the CA is
//! trusted; an untrusted certificate is a shared-tier error that fails no `get`. Alone in its
//! test binary: it sets `SSL_CERT_FILE` (read by the system-roots loader redis-rs uses) for
//! the whole process.

mod support;

use std::time::Duration;

use databrain::{CacheOptions, Client, GuestTokenCache, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, MockServer};
use support::redis_server::{self, RedisServer};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

fn process(mock: &MockServer, url: &str) -> GuestTokenCache {
    let client = Client::builder().base_url(mock.url()).api_key(DEFAULT_API_KEY).max_retries(0).build().unwrap();
    GuestTokenCache::with_options(client, CacheOptions { shared_cache_url: Some(url.to_owned()), ..Default::default() }).unwrap()
}

fn request(user: &str) -> GuestTokenRequest {
    GuestTokenRequest::new(user, "sales-dashboard").expiry(Duration::from_secs(600))
}

fn mints(mock: &MockServer, user: &str) -> usize {
    mock.guest_tokens().iter().filter(|t| t.client_id == user).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rediss_and_valkeys_share_one_mint_and_an_untrusted_certificate_fails_no_get() {
    if !redis_server::available() {
        return;
    }
    let redis = RedisServer::start_tls(&fixture("test-ca-leaf-cert.pem"), &fixture("test-ca-leaf-key.pem"), &fixture("test-ca.pem"));
    let port = redis.tls_port.unwrap();
    let mock = MockServer::start().await.unwrap();

    // Untrusted: the system roots are only an unrelated self-signed certificate.
    // SAFETY: set before any thread of this test binary reads the environment for TLS roots.
    unsafe { std::env::set_var("SSL_CERT_FILE", fixture("localhost-cert.pem")) };
    let untrusted = process(&mock, &format!("rediss://localhost:{port}"));
    assert!(untrusted.get(&request("untrusted")).await.is_ok(), "a TLS failure fails no get");
    let stats = untrusted.stats();
    assert!(stats.shared_errors >= 1, "{stats:?}");
    assert_eq!(mints(&mock, "untrusted"), 1);
    assert!(redis.keys().is_empty(), "nothing reached Redis over an untrusted connection");

    // Trusted: the test CA signed the server's certificate.
    // SAFETY: as above; the untrusted cache's connections are done.
    unsafe { std::env::set_var("SSL_CERT_FILE", fixture("test-ca.pem")) };
    let first = process(&mock, &format!("rediss://localhost:{port}"));
    let second = process(&mock, &format!("valkeys://localhost:{port}"));
    let a = first.get(&request("tls-user")).await.unwrap().into_token();
    let b = second.get(&request("tls-user")).await.unwrap().into_token();
    assert_eq!(a, b, "the second process took the first one's token from Redis");
    assert_eq!(mints(&mock, "tls-user"), 1, "one mint for both");
    let (s1, s2) = (first.stats(), second.stats());
    assert_eq!((s1.shared_misses, s2.shared_hits), (1, 1), "{s1:?} {s2:?}");
    assert_eq!(s1.shared_errors + s2.shared_errors, 0, "{s1:?} {s2:?}");
    assert!(!redis.keys().is_empty(), "the entry is in Redis");
}
