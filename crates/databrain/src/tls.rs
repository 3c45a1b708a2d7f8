//! The rustls configuration, built the way reqwest 0.13 builds it: the process's default
//! crypto provider if one is installed (else aws-lc-rs), TLS 1.2 and 1.3, the platform
//! verifier (the OS trust store), and no verification at all only when the caller asked for
//! `danger_accept_invalid_certs`.

use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};

use crate::error::{Error, Result};

/// A client config with these ALPN protocols (most preferred first).
pub(crate) fn client_config(accept_invalid_certs: bool, alpn: &[&[u8]]) -> Result<ClientConfig> {
    let provider = CryptoProvider::get_default().cloned().unwrap_or_else(fallback_provider);
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| tls_error(&e))?
        .dangerous();
    let builder = if accept_invalid_certs {
        builder.with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
    } else {
        builder.with_custom_certificate_verifier(platform_verifier(&provider)?)
    };
    let mut config = builder.with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Ok(config)
}

/// aws-lc-rs's provider, one per process (so the verifier below can be shared).
fn fallback_provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER.get_or_init(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider())).clone()
}

/// The platform verifier, built once per crypto provider and shared by every client: on Linux
/// building one reads and parses the whole OS trust store, which made each new client cost
/// ~10 ms (twice: the direct and the proxy config). The lock is held only to read or store the
/// pointer, never while building, so a `fork()` cannot inherit it locked for long.
fn platform_verifier(provider: &Arc<CryptoProvider>) -> Result<Arc<rustls_platform_verifier::Verifier>> {
    type Shared = (Arc<CryptoProvider>, Arc<rustls_platform_verifier::Verifier>);
    static SHARED: Mutex<Option<Shared>> = Mutex::new(None);
    let cached = SHARED.lock().unwrap_or_else(PoisonError::into_inner).clone();
    if let Some((p, verifier)) = cached
        && Arc::ptr_eq(&p, provider)
    {
        return Ok(verifier);
    }
    let verifier = Arc::new(rustls_platform_verifier::Verifier::new(provider.clone()).map_err(|e| tls_error(&e))?);
    *SHARED.lock().unwrap_or_else(PoisonError::into_inner) = Some((provider.clone(), verifier.clone()));
    Ok(verifier)
}

fn tls_error(e: &dyn std::fmt::Display) -> Error {
    Error::Configuration(format!("could not set up TLS: {e}"))
}

/// `danger_accept_invalid_certs`: any certificate, any signature (as reqwest's `NoVerifier`).
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn verify_tls13_signature(
        &self,
        _message: &[u8],
        _cert: &CertificateDer<'_>,
        _dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_share_one_platform_verifier_per_provider() {
        let provider = fallback_provider();
        assert!(Arc::ptr_eq(&provider, &fallback_provider()));
        let first = platform_verifier(&provider).expect("the OS trust store loads");
        assert!(Arc::ptr_eq(&first, &platform_verifier(&provider).unwrap()), "built once, then shared");
        // Another provider gets its own verifier (it verifies with that provider's algorithms).
        let other = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let second = platform_verifier(&other).unwrap();
        assert!(!Arc::ptr_eq(&first, &second));
        // And a client config still builds on the shared verifier.
        client_config(false, &[b"h2"]).expect("a TLS config");
    }
}
