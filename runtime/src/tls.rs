//! The default HTTP client and its TLS backend, chosen by this crate's features.
//!
//! - `rustls` (default): rustls with the ring crypto provider (or the provider installed
//!   process-wide, when there is one), certificates checked by the platform verifier;
//! - `rustls-aws-lc-rs`: rustls as reqwest configures it, with aws-lc-rs;
//! - `native-tls`: the platform's TLS library.
//!
//! When several are enabled, `rustls-aws-lc-rs` wins over `rustls`, and either over
//! `native-tls`. With none, the client speaks plain HTTP only.

use crate::error::Error;
use std::time::Duration;

/// The transport used when the caller passes no `reqwest::Client` of their own: the given
/// time-outs, no redirects.
pub(crate) fn default_http_client(
    connect_timeout: Duration,
    timeout: Duration,
) -> Result<reqwest::Client, Error> {
    let builder = reqwest::Client::builder()
        .connect_timeout(connect_timeout)
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none());
    with_tls(builder)?
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

#[cfg(all(feature = "rustls", not(feature = "rustls-aws-lc-rs")))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    use std::sync::Arc;
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|e| Error::Config(format!("cannot load the TLS root certificates: {e}")))?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Config(format!("cannot configure TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    // What reqwest offers: HTTP/2 first when it is enabled.
    config.alpn_protocols = if cfg!(feature = "http2") {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(builder.tls_backend_preconfigured(config))
}

#[cfg(feature = "rustls-aws-lc-rs")]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    // reqwest would prefer native-tls when that is enabled too.
    Ok(builder.tls_backend_rustls())
}

#[cfg(not(any(feature = "rustls", feature = "rustls-aws-lc-rs")))]
fn with_tls(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_default_client_builds_with_the_enabled_tls_backend() {
        let client = super::default_http_client(
            std::time::Duration::from_secs(1),
            std::time::Duration::from_secs(1),
        );
        assert!(client.is_ok(), "{:?}", client.err());
    }
}
