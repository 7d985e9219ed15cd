//! Product media (icons, screenshots, manuals) live in an S3 bucket, uploaded straight from the
//! operator's browser with a presigned `PUT` (the function never carries the bytes) and served
//! from `MEDIA_BASE_URL` (CloudFront in AWS, the S3-compatible server locally) at URLs that never
//! expire. The presigned request signs the object's type, size and caching, so S3 refuses an
//! upload that is not what was declared and checked. Only the catalog function builds with this
//! module (feature `media`).
//!
//! Presigning is SigV4 query signing (`aws-sigv4`, the signer the SDK clients use), not the S3
//! client: the client's checksums bring `crc-fast`, whose `cdylib` target can't be linked with the
//! deployed position-dependent flags (CargoLambda.toml), and presigning needs no client at all:
//! it is a local computation over the credentials Lambda puts in the environment.

use crate::config::Config;
use crate::error::{AppError, AppResult};
use aws_credential_types::provider::ProvideCredentials;
use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PercentEncodingMode, SignableBody, SignableRequest, SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};
use tokio::sync::OnceCell;

/// How an object is cached once uploaded: its key is new for every upload, so forever.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The media bucket and where its objects are served; the SDK's region, credentials and endpoint
/// settings are read on first use.
pub struct MediaStore {
    bucket: String,
    base_url: String,
    path_style: bool,
    sdk: OnceCell<aws_config::SdkConfig>,
}

/// A request the browser sends as is: the method, the URL and the headers it must carry.
#[derive(Debug, Clone)]
pub struct Presigned {
    pub url: String,
    pub headers: BTreeMap<String, String>,
}

/// Where a bucket's objects are addressed: S3 in the region, or an endpoint set for S3 in the
/// environment (`AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`: the local S3-compatible server).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct S3Endpoint {
    pub(crate) region: String,
    pub(crate) endpoint: Option<String>,
    pub(crate) path_style: bool,
}

impl S3Endpoint {
    /// The object's URL, its key percent-encoded segment by segment as S3 expects.
    fn object_url(&self, bucket: &str, key: &str) -> AppResult<String> {
        let key: Vec<String> =
            key.split('/').map(|segment| percent_encoding::utf8_percent_encode(segment, KEY_SEGMENT).to_string()).collect();
        let key = key.join("/");
        let (scheme, host) = match &self.endpoint {
            Some(endpoint) => {
                let url = url::Url::parse(endpoint).map_err(|e| AppError::internal_at("the S3 endpoint", e))?;
                let host = url.host_str().ok_or_else(|| AppError::internal_at("the S3 endpoint", "it has no host"))?;
                let host = match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_string(),
                };
                (url.scheme().to_string(), host)
            }
            None => ("https".to_string(), format!("s3.{}.amazonaws.com", self.region)),
        };
        Ok(if self.path_style { format!("{scheme}://{host}/{bucket}/{key}") } else { format!("{scheme}://{bucket}.{host}/{key}") })
    }
}

/// What a key segment keeps as is: RFC 3986's unreserved characters.
const KEY_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// S3's presigning rules: the signature in the query string, valid for `expires_in`, the path
/// encoded once and never normalised.
fn s3_query_signing(expires_in: Duration) -> SigningSettings {
    let mut settings = SigningSettings::default();
    settings.signature_location = SignatureLocation::QueryParams;
    settings.expires_in = Some(expires_in);
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings
}

/// A `PUT` of `key` that S3 accepts until `expires_in` after `now`, only with exactly these
/// headers: SigV4 in the query string, the body unsigned (the browser streams the file), the key
/// encoded once and never normalised (S3's rules).
pub(crate) fn presigned_put(
    endpoint: &S3Endpoint,
    bucket: &str,
    key: &str,
    headers: &[(&str, String)],
    credentials: Credentials,
    now: SystemTime,
    expires_in: Duration,
) -> AppResult<Presigned> {
    let url = endpoint.object_url(bucket, key)?;
    let identity = Identity::from(credentials);
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&endpoint.region)
        .name("s3")
        .time(now)
        .settings(s3_query_signing(expires_in))
        .build()
        .map_err(|e| AppError::internal_at("presigning an upload", e))?
        .into();
    let request = SignableRequest::new(
        "PUT",
        url.as_str(),
        headers.iter().map(|(name, value)| (*name, value.as_str())),
        SignableBody::UnsignedPayload,
    )
    .map_err(|e| AppError::internal_at("presigning an upload", e))?;
    let (instructions, _) = sign(request, &params).map_err(|e| AppError::internal_at("presigning an upload", e))?.into_parts();
    let mut url = url::Url::parse(&url).map_err(|e| AppError::internal_at("presigning an upload", e))?;
    {
        let mut query = url.query_pairs_mut();
        for (name, value) in instructions.params() {
            query.append_pair(name, value);
        }
    }
    let headers = headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.clone())).collect();
    Ok(Presigned { url: url.to_string(), headers })
}

impl MediaStore {
    /// The store of `MEDIA_BUCKET` (`None` when the function has no media bucket), signing with
    /// `sdk`'s credentials (loaded on the first upload when not given).
    pub fn from_config(config: &Config, sdk: Option<&aws_config::SdkConfig>) -> Option<MediaStore> {
        let bucket = config.media_bucket.clone()?;
        let base_url = config.media_base_url.clone().unwrap_or_else(|| format!("https://{bucket}.s3.amazonaws.com"));
        Some(MediaStore {
            bucket,
            base_url: base_url.trim_end_matches('/').to_string(),
            path_style: config.s3_force_path_style,
            sdk: OnceCell::new_with(sdk.cloned()),
        })
    }

    async fn sdk(&self) -> &aws_config::SdkConfig {
        self.sdk.get_or_init(crate::aws::sdk_config).await
    }

    /// Where the object `key` is served.
    pub fn public_url(&self, key: &str) -> String {
        format!("{}/{key}", self.base_url)
    }

    /// A presigned `PUT` of `key`, valid for `ttl`, that S3 accepts only with exactly this type
    /// and size (both signed).
    pub async fn presign_put(&self, key: &str, content_type: &str, size: u64, ttl: Duration) -> AppResult<Presigned> {
        let sdk = self.sdk().await;
        let region = sdk.region().ok_or_else(|| AppError::internal_at("presigning an upload", "no AWS region is set"))?;
        let endpoint = S3Endpoint { region: region.to_string(), endpoint: s3_endpoint_override(sdk), path_style: self.path_style };
        let provider =
            sdk.credentials_provider().ok_or_else(|| AppError::internal_at("presigning an upload", "no credentials provider"))?;
        let credentials =
            provider.provide_credentials().await.map_err(|e| AppError::internal_at("reading the credentials to presign", e))?;
        let headers = [
            ("content-type", content_type.to_string()),
            ("content-length", size.to_string()),
            ("cache-control", CACHE_CONTROL.to_string()),
        ];
        presigned_put(&endpoint, &self.bucket, key, &headers, credentials, SystemTime::now(), ttl)
    }
}

/// The endpoint the environment sets for S3, as the SDK clients read it (`AWS_ENDPOINT_URL_S3`,
/// then `AWS_ENDPOINT_URL`).
fn s3_endpoint_override(sdk: &aws_config::SdkConfig) -> Option<String> {
    let key = aws_types::service_config::ServiceConfigKey::builder()
        .service_id("S3")
        .env("AWS_ENDPOINT_URL")
        .profile("endpoint_url")
        .build()
        .ok()?;
    sdk.service_config().and_then(|config| config.load_config(key)).or_else(|| sdk.endpoint_url().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_credentials() -> Credentials {
        Credentials::new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None, None, "test")
    }

    fn at(rfc3339: &str) -> SystemTime {
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).unwrap().into()
    }

    #[test]
    fn a_presigned_request_signs_its_headers_in_the_query_and_leaves_the_body_unsigned() {
        let endpoint = S3Endpoint { region: "us-east-1".into(), endpoint: None, path_style: false };
        let headers = [
            ("content-type", "image/png".to_string()),
            ("content-length", "1234".to_string()),
            ("cache-control", CACHE_CONTROL.to_string()),
        ];
        let signed = presigned_put(
            &endpoint,
            "media-bucket",
            "media/icons/01ABC.png",
            &headers,
            example_credentials(),
            at("2026-12-07T12:00:00Z"),
            Duration::from_secs(600),
        )
        .unwrap();
        let url = url::Url::parse(&signed.url).unwrap();
        assert_eq!(url.host_str(), Some("media-bucket.s3.us-east-1.amazonaws.com"));
        assert_eq!(url.path(), "/media/icons/01ABC.png");
        let query: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
        assert_eq!(query["X-Amz-Algorithm"], "AWS4-HMAC-SHA256");
        assert_eq!(query["X-Amz-Credential"], "AKIAIOSFODNN7EXAMPLE/20261207/us-east-1/s3/aws4_request");
        assert_eq!(query["X-Amz-Date"], "20261207T120000Z");
        assert_eq!(query["X-Amz-Expires"], "600");
        assert_eq!(query["X-Amz-SignedHeaders"], "cache-control;content-length;content-type;host");
        assert_eq!(query["X-Amz-Signature"].len(), 64);
        assert_eq!(signed.headers["content-type"], "image/png");
        assert_eq!(signed.headers["content-length"], "1234");
    }

    /// The presigned-URL example of S3's SigV4 documentation ("Authenticating Requests: Using Query
    /// Parameters"): the same settings give its published signature, so S3 accepts what we sign.
    #[test]
    fn the_settings_reproduce_the_s3_documentation_example() {
        // The example addresses the bucket at the global endpoint, examplebucket.s3.amazonaws.com.
        let endpoint = S3Endpoint { region: "us-east-1".into(), endpoint: Some("https://s3.amazonaws.com".into()), path_style: false };
        let url = endpoint.object_url("examplebucket", "test.txt").unwrap();
        let settings = s3_query_signing(Duration::from_secs(86400));
        let identity = Identity::from(example_credentials());
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region("us-east-1")
            .name("s3")
            .time(at("2013-05-24T00:00:00Z"))
            .settings(settings)
            .build()
            .unwrap()
            .into();
        let request = SignableRequest::new("GET", url.as_str(), std::iter::empty(), SignableBody::UnsignedPayload).unwrap();
        let (_, signature) = sign(request, &params).unwrap().into_parts();
        assert_eq!(signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    #[test]
    fn a_local_endpoint_is_addressed_path_style_with_its_port() {
        let endpoint = S3Endpoint { region: "us-east-1".into(), endpoint: Some("http://127.0.0.1:4566".into()), path_style: true };
        assert_eq!(endpoint.object_url("media", "media/icons/a b.png").unwrap(), "http://127.0.0.1:4566/media/media/icons/a%20b.png");
    }
}
