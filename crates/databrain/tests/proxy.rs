//! The proxy environment variables reqwest honours by default, honoured by the core's own
//! connector: `HTTP_PROXY` forwards plain-HTTP requests (absolute form, `Proxy-Authorization`
//! from the proxy URL's user info), `HTTPS_PROXY` tunnels with CONNECT, `NO_PROXY` bypasses.
//! One test in its own binary: the variables are process-wide and read when a client is built.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use databrain::{Client, ErrorKind, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, MockServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const PROXY_VARS: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

fn clear_proxy_env() {
    for var in PROXY_VARS {
        // SAFETY: this binary's only test sets the variables before it builds each client, and
        // nothing else in the process reads or writes the environment meanwhile.
        unsafe { std::env::remove_var(var) };
    }
}

fn set_env(var: &str, value: &str) {
    // SAFETY: as in `clear_proxy_env`.
    unsafe { std::env::set_var(var, value) };
}

/// A loopback CONNECT proxy that records the head of each request, answers 200 and then
/// relays the bytes to `upstream`.
async fn connect_proxy(upstream: std::net::SocketAddr) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                    if client.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                seen.lock().unwrap().push(String::from_utf8_lossy(&head).into_owned());
                let Ok(mut server) = tokio::net::TcpStream::connect(upstream).await else { return };
                let _ = client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await;
                let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
            });
        }
    });
    (url, heads)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .allow_insecure_http(true)
        .api_key(DEFAULT_API_KEY)
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxy_environment_variables_are_honoured() {
    let mock = MockServer::start().await.unwrap();
    let request = GuestTokenRequest::new("u", "sales-dashboard");

    // HTTP_PROXY: the mock plays the proxy and answers the forwarded request itself; the
    // Databrain host is never resolved.
    clear_proxy_env();
    let proxy = mock.url().replace("http://", "http://proxy-user:proxy-pw@");
    set_env("HTTP_PROXY", &proxy);
    client("http://databrain.invalid").create_guest_token(&request).await.expect("forwarded through HTTP_PROXY");
    let seen = mock.requests().pop().expect("the proxy got the request");
    assert_eq!(seen.path, databrain::GUEST_TOKEN_PATH);
    assert_eq!(seen.headers.get("host").map(String::as_str), Some("databrain.invalid"), "{seen:?}");
    assert!(seen.headers.contains_key("proxy-authorization"), "the proxy URL's user info is sent: {seen:?}");

    // NO_PROXY: the same proxy setting, bypassed for the mock's host.
    set_env("HTTP_PROXY", "http://127.0.0.1:9");
    set_env("NO_PROXY", "127.0.0.1");
    client(&mock.url()).create_guest_token(&request).await.expect("NO_PROXY bypasses the proxy");

    // HTTPS_PROXY: a CONNECT tunnel to the Databrain host's port 443, then TLS inside it. The
    // tunnel leads to the plain-HTTP mock, so the handshake fails: a connection error.
    clear_proxy_env();
    let (proxy_url, heads) = connect_proxy(mock.addr()).await;
    set_env("HTTPS_PROXY", &proxy_url.replace("http://", "http://tunnel-user:tunnel-pw@"));
    let error = client("https://databrain.invalid").create_guest_token(&request).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Connection, "{error}");
    let heads = heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(heads[0].starts_with("CONNECT databrain.invalid:443 HTTP/1.1\r\n"), "{heads:?}");
    assert!(heads[0].to_lowercase().contains("proxy-authorization: basic "), "{heads:?}");
    assert!(heads[0].contains("databrain-sdk/"), "the user agent goes to the proxy: {heads:?}");
    clear_proxy_env();
}
