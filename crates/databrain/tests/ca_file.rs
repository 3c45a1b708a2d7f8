//! `ca_file`: a PEM bundle trusted beside the system's roots, for a TLS-inspecting proxy's CA.
//! A loopback HTTPS server whose certificate a test CA signed (tests/fixtures/test-ca*.pem)
//! terminates TLS in front of databrain-mock: refused without the CA, accepted with it.

use std::sync::Arc;

use databrain::{Client, ErrorKind, GuestTokenRequest};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_DATA_APP, MockServer};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer};

const LEAF: &[u8] = include_bytes!("fixtures/test-ca-leaf-cert.pem");
const LEAF_KEY: &[u8] = include_bytes!("fixtures/test-ca-leaf-key.pem");
const CA_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/test-ca.pem");

/// `https://localhost:PORT`, forwarding each connection to the mock.
async fn https_in_front_of(mock: &MockServer) -> String {
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(LEAF).collect::<Result<_, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_slice(LEAF_KEY).unwrap();
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://localhost:{}", listener.local_addr().unwrap().port());
    let upstream = mock.addr();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(socket).await else { return };
                let Ok(mut plain) = TcpStream::connect(upstream).await else { return };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    url
}

#[tokio::test]
async fn a_private_ca_is_refused_without_ca_file_and_trusted_with_it() {
    let mock = MockServer::start().await.unwrap();
    let url = https_in_front_of(&mock).await;
    let request = GuestTokenRequest::new("u1", DEFAULT_DATA_APP);
    let builder = || Client::builder().without_env().base_url(&url).api_key(DEFAULT_API_KEY).max_retries(0);

    let e = builder().build().unwrap().create_guest_token(&request).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Connection, "{e}");
    assert!(e.to_string().to_lowercase().contains("certificate"), "{e}");
    assert!(mock.requests().is_empty(), "nothing got through the refused handshake");

    let trusted = builder().ca_file(CA_FILE).build().unwrap();
    assert!(!trusted.create_guest_token(&request).await.unwrap().is_empty());
    assert_eq!(mock.requests().len(), 1);

    // A file that cannot be read, or holds no certificate: a configuration error naming it.
    let e = builder().ca_file("/nonexistent/ca.pem").build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Configuration);
    assert!(e.to_string().contains("caFile /nonexistent/ca.pem: cannot read it"), "{e}");
    let e = builder().ca_file(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/README.md")).build().unwrap_err();
    assert!(e.to_string().contains("holds no PEM certificate"), "{e}");
}
