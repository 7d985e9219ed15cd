//! `POST /media`: the operator asks to upload an icon, a screenshot or a manual. The kind, type
//! and size are checked here, then S3 is told (through the presigned request's signature) to
//! take exactly that object; the answer says where to `PUT` it and the URL it is then served at,
//! which the operator puts on the product sheet.

use crate::app::App;
use crate::error::{AppError, AppResult, FieldError};
use crate::identity::{Bearer, OPERATOR};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How long a presigned upload may wait to be used.
pub const UPLOAD_TTL_SECS: u64 = 600;

/// What is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MediaKind {
    Icon,
    Screenshot,
    Manual,
}

impl MediaKind {
    /// The types it may have (with the file extension each gets) and its largest size.
    fn accepts(self) -> (&'static [(&'static str, &'static str)], u64) {
        const IMAGES: &[(&str, &str)] = &[("image/png", "png"), ("image/jpeg", "jpg"), ("image/webp", "webp")];
        match self {
            MediaKind::Icon => (IMAGES, 512 * 1024),
            MediaKind::Screenshot => (IMAGES, 5 * 1024 * 1024),
            MediaKind::Manual => (&[("application/pdf", "pdf")], 20 * 1024 * 1024),
        }
    }

    fn folder(self) -> &'static str {
        match self {
            MediaKind::Icon => "icons",
            MediaKind::Screenshot => "screenshots",
            MediaKind::Manual => "manuals",
        }
    }
}

/// The body of `POST /media`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadRequest {
    pub kind: MediaKind,
    pub content_type: String,
    /// Bytes.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub size: u64,
}

impl UploadRequest {
    /// The object's key, once the type and size are ones this kind accepts.
    fn key(&self) -> AppResult<String> {
        let (types, max) = self.kind.accepts();
        let content_type = self.content_type.trim().to_ascii_lowercase();
        let mut errors = Vec::new();
        let ext = types.iter().find(|(t, _)| *t == content_type).map(|(_, ext)| *ext);
        if ext.is_none() {
            let names: Vec<&str> = types.iter().map(|(t, _)| *t).collect();
            errors.push(FieldError::new("content_type", format!("Para este archivo se aceptan: {}.", names.join(", "))));
        }
        if self.size == 0 || self.size > max {
            errors.push(FieldError::new("size", format!("El archivo puede pesar hasta {} KB.", max / 1024)));
        }
        match ext {
            Some(ext) if errors.is_empty() => Ok(format!("media/{}/{}.{ext}", self.kind.folder(), ulid::Ulid::new())),
            _ => Err(AppError::Validation(errors)),
        }
    }
}

/// The answer of `POST /media`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Upload {
    /// Where to send the file, with `method` and exactly these `headers`.
    pub upload_url: String,
    pub method: &'static str,
    pub headers: BTreeMap<String, String>,
    /// Where the file is served once uploaded (for `icon_url`, `screenshots`, `manual_url`).
    pub media_url: String,
    /// Seconds the upload URL works.
    pub expires_in: u64,
}

/// `POST /media` (operator).
pub async fn upload(app: &App, bearer: &Bearer, request: AppResult<UploadRequest>) -> AppResult<Upload> {
    let request = bearer.admit(app, OPERATOR, request).await?;
    bearer.caller_as(app, OPERATOR).await?;
    let key = request.key()?;
    let store = app.media.as_ref().ok_or_else(|| AppError::internal("MEDIA_BUCKET is not set for this function"))?;
    let content_type = request.content_type.trim().to_ascii_lowercase();
    let ttl = std::time::Duration::from_secs(UPLOAD_TTL_SECS);
    let presigned = store.presign_put(&key, &content_type, request.size, ttl).await?;
    Ok(Upload {
        upload_url: presigned.url,
        method: "PUT",
        headers: presigned.headers,
        media_url: store.public_url(&key),
        expires_in: UPLOAD_TTL_SECS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: MediaKind, content_type: &str, size: u64) -> UploadRequest {
        UploadRequest { kind, content_type: content_type.into(), size }
    }

    #[test]
    fn each_kind_takes_its_types_and_sizes() {
        let key = request(MediaKind::Screenshot, "Image/PNG", 300_000).key().unwrap();
        assert!(key.starts_with("media/screenshots/") && key.ends_with(".png"), "{key}");
        assert!(request(MediaKind::Manual, "application/pdf", 10 << 20).key().unwrap().ends_with(".pdf"));
        for bad in [
            request(MediaKind::Icon, "image/svg+xml", 1_000),
            request(MediaKind::Icon, "image/png", 600 * 1024),
            request(MediaKind::Screenshot, "image/png", 0),
            request(MediaKind::Manual, "image/png", 1_000),
        ] {
            assert!(matches!(bad.key(), Err(AppError::Validation(_))), "{bad:?}");
        }
    }
}
