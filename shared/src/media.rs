//! Product media (icons, screenshots, manuals) live in an S3 bucket, uploaded straight from the
//! operator's browser with a presigned `PUT` (the function never carries the bytes) and served
//! from `MEDIA_BASE_URL` (CloudFront in AWS, the S3-compatible server locally) at URLs that never
//! expire. The presigned request signs the object's type, size and caching, so S3 refuses an
//! upload that is not what was declared and checked. Only the catalog function builds with this
//! module (feature `media`): no other function links the S3 client.

use crate::config::Config;
use crate::error::{AppError, AppResult};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How an object is cached once uploaded: its key is new for every upload, so forever.
pub const CACHE_CONTROL: &str = "public, max-age=31536000, immutable";

/// The media bucket and where its objects are served; the S3 client is built on first use.
pub struct MediaStore {
    bucket: String,
    base_url: String,
    path_style: bool,
    client: OnceCell<aws_sdk_s3::Client>,
}

/// A request the browser sends as is: the method, the URL and the headers it must carry.
#[derive(Debug, Clone)]
pub struct Presigned {
    pub url: String,
    pub headers: BTreeMap<String, String>,
}

impl MediaStore {
    /// The store of `MEDIA_BUCKET` (`None` when the function has no media bucket).
    pub fn from_config(config: &Config) -> Option<MediaStore> {
        let bucket = config.media_bucket.clone()?;
        let base_url = config.media_base_url.clone().unwrap_or_else(|| format!("https://{bucket}.s3.amazonaws.com"));
        Some(MediaStore {
            bucket,
            base_url: base_url.trim_end_matches('/').to_string(),
            path_style: config.s3_force_path_style,
            client: OnceCell::new(),
        })
    }

    async fn client(&self) -> &aws_sdk_s3::Client {
        self.client
            .get_or_init(|| async {
                let sdk = crate::app::sdk_config().await;
                let config = aws_sdk_s3::config::Builder::from(&sdk).force_path_style(self.path_style).build();
                aws_sdk_s3::Client::from_conf(config)
            })
            .await
    }

    /// Where the object `key` is served.
    pub fn public_url(&self, key: &str) -> String {
        format!("{}/{key}", self.base_url)
    }

    /// A presigned `PUT` of `key`, valid for `ttl`, that S3 accepts only with exactly this type
    /// and size (both signed).
    pub async fn presign_put(&self, key: &str, content_type: &str, size: u64, ttl: Duration) -> AppResult<Presigned> {
        let presigning = aws_sdk_s3::presigning::PresigningConfig::expires_in(ttl).map_err(AppError::internal)?;
        let size = i64::try_from(size).map_err(AppError::internal)?;
        let request = self
            .client()
            .await
            .put_object()
            .bucket(&self.bucket)
            .key(key)
            .content_type(content_type)
            .content_length(size)
            .cache_control(CACHE_CONTROL)
            .presigned(presigning)
            .await
            .map_err(AppError::internal)?;
        let headers = request
            .headers()
            .filter(|(name, _)| !name.eq_ignore_ascii_case("host"))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.to_string()))
            .collect();
        Ok(Presigned { url: request.uri().to_string(), headers })
    }
}
