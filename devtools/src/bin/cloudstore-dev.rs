//! `cloudstore-dev create-table NAME` and `cloudstore-dev seed NAME`: what `make dev` and
//! `make test` run against DynamoDB Local. Endpoint and credentials come from the environment.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(command), Some(table)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: cloudstore-dev create-table|seed TABLE_NAME");
        std::process::exit(2);
    };
    let sdk = cloudstore::app::sdk_config().await;
    let client = aws_sdk_dynamodb::Client::new(&sdk);
    match command.as_str() {
        "create-table" => cloudstore_dev::table::create_table(&client, table).await?,
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
