//! `make publish-web` against a stand-in for the AWS CLI (a bucket on disk): versioned assets are
//! cached for a year, index.html, config.js and openapi.yaml are revalidated, a publish uploads only
//! what changed and invalidates only that, and old asset versions stay for tabs still using them.

use crate::common::root;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

/// Enough of `aws` for scripts/publish-web.sh: stack outputs, list/cp/rm on one bucket, invalidations.
/// In bash: a Python stand-in would pay an interpreter start per call.
const FAKE_AWS: &str = r#"#!/usr/bin/env bash
set -euo pipefail
state="$FAKE_AWS_STATE"
objects="$state/objects"
option() { local name=$1; shift; while [ $# -gt 0 ]; do if [ "$1" = "$name" ]; then echo "$2"; return; fi; shift; done; }
case "$1 $2" in
  "cloudformation describe-stacks")
    [ "$(option --stack-name "$@")" = cloudstore-dev ] || { echo "fake aws: wrong stack" >&2; exit 1; }
    query=$(option --query "$@"); key=${query#*\'}; key=${key%%\'*}
    case "$key" in
      WebBucketName) echo panel-bucket ;;
      WebDistributionId) echo E2EXAMPLE ;;
      WebUrl) echo https://d111.cloudfront.net ;;
    esac ;;
  "s3api list-objects-v2")
    printf '{"Contents": ['
    (cd "$objects" && find . -type f | sed 's#^\./##') | {
      sep=''
      while read -r key; do
        printf '%s{"Key": "%s", "ETag": "\\"%s\\""}' "$sep" "$key" "$(md5sum "$objects/$key" | cut -d' ' -f1)"
        sep=', '
      done
    }
    echo ']}' ;;
  "s3 cp")
    shift 2; files=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --cache-control) cache=$2; shift 2 ;;
        --content-type) type=$2; shift 2 ;;
        --*) shift ;;
        *) files+=("$1"); shift ;;
      esac
    done
    key=${files[1]#s3://*/}
    mkdir -p "$(dirname "$objects/$key")"
    cp "${files[0]}" "$objects/$key"
    echo "cp $key | $cache | $type" >> "$state/calls" ;;
  "s3 rm")
    key=${!#}; key=${key#s3://*/}
    rm "$objects/$key"
    echo "rm $key" >> "$state/calls" ;;
  "cloudfront create-invalidation")
    [ "$(option --distribution-id "$@")" = E2EXAMPLE ] || { echo "fake aws: wrong distribution" >&2; exit 1; }
    paths=(); collecting=0
    for word in "$@"; do
      case "$word" in
        --paths) collecting=1 ;;
        --*) collecting=0 ;;
        *) if [ "$collecting" = 1 ]; then paths+=("$word"); fi ;;
      esac
    done
    echo "invalidate $(printf '%s\n' "${paths[@]}" | sort | paste -sd' ')" >> "$state/calls"
    echo I2EXAMPLE ;;
  *) echo "fake aws: unexpected $*" >&2; exit 1 ;;
esac
"#;

struct Bucket {
    dir: PathBuf,
}

impl Bucket {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("cloudstore-publish-web-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        std::fs::create_dir_all(dir.join("objects")).unwrap();
        let aws = dir.join("bin/aws");
        std::fs::write(&aws, FAKE_AWS).unwrap();
        Command::new("chmod").arg("+x").arg(&aws).status().unwrap();
        Bucket { dir }
    }

    /// Runs `publish-web.sh`; returns the AWS calls it made.
    fn publish(&self, api_url: Option<&str>) -> Vec<String> {
        let _ = std::fs::remove_file(self.dir.join("calls"));
        let path = format!("{}:{}", self.dir.join("bin").display(), std::env::var("PATH").unwrap());
        let mut command = Command::new("bash");
        command.arg(root().join("scripts/publish-web.sh")).env("PATH", path).env("FAKE_AWS_STATE", &self.dir);
        command.env("ENV", "dev").env("OUT", self.dir.join("out")).env_remove("STACK").env_remove("DRY_RUN").env_remove("API_URL");
        if let Some(url) = api_url {
            command.env("API_URL", url);
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        std::fs::read_to_string(self.dir.join("calls")).unwrap_or_default().lines().map(String::from).collect()
    }

    fn object(&self, key: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.join("objects").join(key)).ok()
    }

    fn put(&self, key: &str, body: &str) {
        let path = self.dir.join("objects").join(key);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}

impl Drop for Bucket {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `key -> (cache-control, content-type)` of the uploads among `calls`.
fn uploads(calls: &[String]) -> BTreeMap<String, (String, String)> {
    calls
        .iter()
        .filter_map(|call| call.strip_prefix("cp "))
        .map(|rest| {
            let parts: Vec<&str> = rest.split(" | ").collect();
            (parts[0].to_string(), (parts[1].to_string(), parts[2].to_string()))
        })
        .collect()
}

fn asset_version(index_html: &str) -> String {
    let start = index_html.find("/assets/").expect("index.html loads versioned assets") + "/assets/".len();
    index_html[start..].split('/').next().unwrap().to_string()
}

#[test]
fn publishing_uploads_and_invalidates_only_what_changed_with_its_cache_control() {
    let bucket = Bucket::new();

    let first = bucket.publish(None);
    let sent = uploads(&first);
    let index = bucket.object("index.html").unwrap();
    let version = asset_version(&index);
    for key in ["index.html", "config.js", "openapi.yaml", "robots.txt"] {
        assert_eq!(sent[key].0, "no-cache", "{key}");
    }
    assert_eq!(sent["robots.txt"].1, "text/plain; charset=utf-8");
    let modules: Vec<&String> = sent.keys().filter(|k| k.starts_with(&format!("assets/{version}/js/"))).collect();
    assert!(modules.len() > 5, "{modules:?}");
    for key in sent.keys().filter(|k| k.starts_with("assets/")) {
        assert_eq!(sent[key].0, "public, max-age=31536000, immutable", "{key}");
    }
    assert_eq!(sent[&format!("assets/{version}/js/app.js")].1, "text/javascript; charset=utf-8", "modules need a JavaScript type");
    assert_eq!(sent["index.html"].1, "text/html; charset=utf-8");
    assert!(index.contains(&format!(r#"src="/assets/{version}/js/app.js""#)) && !index.contains(r#""/js/app.js""#));
    assert_eq!(bucket.object("config.js").unwrap(), "window.CLOUDSTORE_CONFIG = Object.freeze({ apiBaseUrl: \"/api\" });\n");
    assert_eq!(first.last().unwrap(), "invalidate /config.js /index.html /openapi.yaml /robots.txt");
    assert!(bucket.object("tests/app.test.mjs").is_none() && bucket.object("serve.mjs").is_none(), "only the panel's own files");

    // Nothing changed: nothing sent, nothing invalidated.
    assert_eq!(bucket.publish(None), Vec::<String>::new());

    // Another API address: config.js alone.
    bucket.put("old-page.html", "left over");
    bucket.put("assets/0123456789ab/js/app.js", "an older version an open tab may still load");
    let again = bucket.publish(Some("https://api.example.test/"));
    assert_eq!(uploads(&again).keys().collect::<Vec<_>>(), ["config.js"]);
    assert!(again.contains(&"rm old-page.html".to_string()), "{again:?}");
    assert_eq!(again.last().unwrap(), "invalidate /config.js /old-page.html");
    assert!(bucket.object("assets/0123456789ab/js/app.js").is_some(), "older asset versions stay");
    assert_eq!(asset_version(&bucket.object("index.html").unwrap()), version, "same files, same version");
}
