//! `cloudstore-dev create-table NAME`, `cloudstore-dev seed NAME` and `cloudstore-dev send-email
//! NAME` (delivers the table's outbox from its stream until stopped, with the functions'
//! configuration from the environment): what `make dev` and `make test` run against DynamoDB
//! Local. Endpoint and credentials come from the environment.
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
    let sdk = cloudstore::app::sdk_config().await;
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
            cloudstore_dev::seed::seed_staff(&app).await?;
            cloudstore_dev::catalog::seed_catalog(&app).await?;
        }
        other => {
            eprintln!("unknown command {other}");
            std::process::exit(2);
        }
    }
    Ok(())
}
