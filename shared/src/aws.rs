//! The AWS SDK's configuration, shared by every client a function, a tool or a test builds: the
//! region and credentials from the environment, and one HTTPS client that trusts only the roots
//! AWS's endpoints are signed by. Depends on nothing else of the crate.

/// The roots the HTTPS client trusts: Amazon Trust Services', which sign every AWS endpoint the
/// functions call. Loading the operating system's store instead reads and parses some 150
/// certificates on every cold start, most of the init time of a function.
pub(crate) const AWS_TRUST_ROOTS_PEM: &[u8] = include_bytes!("../certs/amazon-trust-services.pem");

/// The AWS SDK configuration of every function, tool and test: the default chain for region and
/// credentials (in Lambda, the environment), and one HTTPS client on rustls with ring that trusts
/// only `AWS_TRUST_ROOTS_PEM`.
pub async fn sdk_config() -> aws_config::SdkConfig {
    use aws_smithy_http_client::tls::{rustls_provider::CryptoMode, Provider, TlsContext, TrustStore};
    let roots = TrustStore::empty().with_native_roots(false).with_pem_certificate(AWS_TRUST_ROOTS_PEM);
    let tls = TlsContext::builder().with_trust_store(roots).build().expect("a TLS context from static roots");
    let https = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).tls_context(tls).build_https();
    // Region and credentials from the environment, as Lambda (and the local stack) set them: the
    // default chains would also build an STS client and read profile files at every cold start.
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::environment::EnvironmentVariableRegionProvider::new())
        .credentials_provider(aws_config::environment::EnvironmentVariableCredentialsProvider::new())
        .http_client(https)
        .load()
        .await
}

#[cfg(test)]
mod tests {
    use super::AWS_TRUST_ROOTS_PEM;
    use rustls_pki_types::{pem::PemObject, CertificateDer};

    #[test]
    fn the_bundled_roots_are_the_five_amazon_trust_services_certificates() {
        let certs: Vec<_> = CertificateDer::pem_slice_iter(AWS_TRUST_ROOTS_PEM).collect::<Result<_, _>>().unwrap();
        assert_eq!(certs.len(), 5);
        // Each certificate's DER carries its subject's common name as plain ASCII.
        let names = ["Amazon Root CA 1", "Amazon Root CA 2", "Amazon Root CA 3", "Amazon Root CA 4", "Starfield Services Root"];
        for (cert, name) in certs.iter().zip(names) {
            assert!(cert.as_ref().windows(name.len()).any(|w| w == name.as_bytes()), "{name}");
        }
    }
}
