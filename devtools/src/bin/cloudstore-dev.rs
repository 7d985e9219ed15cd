//! `cloudstore-dev create-table NAME`, `cloudstore-dev seed NAME` and `cloudstore-dev send-email
//! NAME` (delivers the table's outbox from its stream until stopped, with the functions'
//! configuration from the environment): what `make dev` and `make test` run against DynamoDB
//! Local and the local S3-compatible server. Endpoints and credentials come from the environment;
//! with `MEDIA_BUCKET` set, `seed` also creates that bucket and uploads the demo products' media,
//! served from `MEDIA_BASE_URL`.
//! `cloudstore-dev openapi [PATH]`: writes the OpenAPI document generated from the request and
//! response types (`make openapi`; by default to `openapi/openapi.yaml` of the workspace).

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("openapi") {
        let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("devtools sits in the workspace");
        let default = workspace.join(cloudstore_dev::openapi::PATH);
        let path = args.get(2).map(std::path::PathBuf::from).unwrap_or(default);
        std::fs::write(&path, cloudstore_dev::openapi::yaml())?;
        println!("wrote {}", path.display());
        return Ok(());
    }
    let (Some(command), Some(table)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cloudstore-dev create-table|seed|send-email TABLE_NAME | cloudstore-dev openapi [PATH]");
        std::process::exit(2);
    };
    let sdk = cloudstore::aws::sdk_config().await;
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    match command.as_str() {
        "create-table" => cloudstore_dev::table::create_table(&client, table).await?,
        "send-email" => {
            cloudstore::observe::init_tracing();
            let app = cloudstore::App::from_env(cloudstore::Needs::NoTokens).await;
            if app.config().table_name != *table {
                return Err(format!("TABLE_NAME is {}, not {table}", app.config().table_name).into());
            }
            let arn = cloudstore_dev::stream::stream_arn(&client, table).await?;
            cloudstore_dev::stream::deliver_forever(app, cloudstore_dev::stream::streams_client(&sdk), arn).await;
        }
        "seed" => {
            let app = cloudstore::App::for_tools(&sdk, table);
            let media_base = std::env::var("MEDIA_BASE_URL").unwrap_or_else(|_| "https://media.cloudstore.test".into());
            if let Ok(bucket) = std::env::var("MEDIA_BUCKET") {
                let s3 = cloudstore_dev::media::client(&sdk);
                let origin = std::env::var("APP_BASE_URL").unwrap_or_else(|_| "*".into());
                cloudstore_dev::media::create_bucket(&s3, &bucket, &origin).await?;
                let files = cloudstore_dev::media::upload_demo_media(&s3, &bucket).await?;
                eprintln!("uploaded {files} demo media files to {bucket}, served from {media_base}");
            }
            cloudstore_dev::seed::seed_staff(&app).await?;
            cloudstore_dev::catalog::seed_catalog(&app, &media_base).await?;
            cloudstore_dev::help::seed_help(&app).await?;
        }
        other => {
            eprintln!("unknown command {other}");
            std::process::exit(2);
        }
    }
    Ok(())
}
