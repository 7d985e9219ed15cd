//! The local media bucket: created in the S3-compatible server (`make dev`, `make test`) with the
//! CORS rule the template gives the real one (the panel's origin may `PUT` presigned uploads and
//! read) and a policy that lets anyone read `media/*` (in AWS, CloudFront reads it), and filled
//! with the demo products' media (`shared/data/media/<slug>/`, compiled into
//! `cloudstore::setup::demo`, as a new stack's first deploy uploads them), each object cached
//! forever like an upload.

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CorsConfiguration, CorsRule};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An S3 client for the local server (path-style addresses, endpoint from the environment).
pub fn client(sdk: &aws_config::SdkConfig) -> aws_sdk_s3::Client {
    aws_sdk_s3::Client::from_conf(aws_sdk_s3::config::Builder::from(sdk).force_path_style(true).build())
}

/// Creates `bucket` unless it exists, with a CORS rule for `origin`.
pub async fn create_bucket(s3: &aws_sdk_s3::Client, bucket: &str, origin: &str) -> Result<(), BoxError> {
    if s3.head_bucket().bucket(bucket).send().await.is_err() {
        if let Err(err) = s3.create_bucket().bucket(bucket).send().await {
            // Another process may have created it meanwhile.
            s3.head_bucket().bucket(bucket).send().await.map_err(|_| err)?;
        }
    }
    let rule = CorsRule::builder()
        .allowed_origins(origin)
        .allowed_methods("GET")
        .allowed_methods("PUT")
        .allowed_headers("*")
        .max_age_seconds(600)
        .build()?;
    s3.put_bucket_cors().bucket(bucket).cors_configuration(CorsConfiguration::builder().cors_rules(rule).build()?).send().await?;
    let read = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::{bucket}/media/*") }]
    });
    s3.put_bucket_policy().bucket(bucket).policy(read.to_string()).send().await?;
    Ok(())
}

/// Uploads every demo product's media to `media/demo/<slug>/<file>`.
pub async fn upload_demo_media(s3: &aws_sdk_s3::Client, bucket: &str) -> Result<usize, BoxError> {
    let mut uploaded = 0;
    for file in cloudstore::setup::demo::media_files() {
        s3.put_object()
            .bucket(bucket)
            .key(&file.key)
            .content_type(file.content_type)
            .cache_control(cloudstore::media::CACHE_CONTROL)
            .body(ByteStream::from_static(file.bytes))
            .send()
            .await?;
        uploaded += 1;
    }
    Ok(uploaded)
}
