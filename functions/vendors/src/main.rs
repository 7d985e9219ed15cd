//! The `vendors` Lambda: builds its clients once, then serves its routes (see `handler.rs`).

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_http::Error> {
    cloudstore::observe::init_tracing();
    let state = cloudstore::App::from_env(cloudstore::Needs::Tokens).await;
    lambda_http::run(vendors::router(state)).await
}
