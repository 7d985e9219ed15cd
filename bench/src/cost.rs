//! What an operation costs on AWS per million requests, from the measured figures.

/// Prices used (us-east-1, USD, read 2026-11): Lambda arm64 per GB-second and per request, HTTP API
/// per request (first 300 M a month), DynamoDB on-demand per write and read request unit.
pub const LAMBDA_ARM64_GB_SECOND: f64 = 0.000_013_333_4;
pub const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
pub const HTTP_API_REQUEST: f64 = 1.00 / 1e6;
pub const DYNAMODB_WRITE_UNIT: f64 = 0.625 / 1e6;
pub const DYNAMODB_READ_UNIT: f64 = 0.125 / 1e6;

/// Cognito user pools, per monthly active user above the free tier (Essentials; Lite is 0.0055).
pub const COGNITO_ESSENTIALS_MAU: f64 = 0.015;

/// USD per million requests of an operation taking `billed_ms` at `memory_mb`, consuming the
/// given request units.
pub fn per_million(billed_ms: f64, memory_mb: u32, read_units: f64, write_units: f64) -> f64 {
    let gb_seconds = (memory_mb as f64 / 1024.0) * (billed_ms.ceil() / 1000.0);
    1e6 * (gb_seconds * LAMBDA_ARM64_GB_SECOND + LAMBDA_REQUEST + HTTP_API_REQUEST + read_units * DYNAMODB_READ_UNIT + write_units * DYNAMODB_WRITE_UNIT)
}

/// Each function's memory in the template (its own `MemorySize`, or the global one).
pub fn memory_sizes() -> std::collections::HashMap<String, u32> {
    let template: serde_yaml_ng::Value = serde_yaml_ng::from_str(cloudstore_dev::table::TEMPLATE).unwrap_or_default();
    let global = template["Globals"]["Function"]["MemorySize"].as_u64().unwrap_or(128) as u32;
    let mut sizes = std::collections::HashMap::new();
    if let Some(resources) = template["Resources"].as_mapping() {
        for (_, r) in resources {
            if r["Type"].as_str() == Some("AWS::Serverless::Function") {
                let code = r["Properties"]["CodeUri"].as_str().unwrap_or_default();
                let name = code.trim_start_matches("../target/lambda/").trim_end_matches("/bootstrap.zip").to_string();
                let memory = r["Properties"]["MemorySize"].as_u64().map(|m| m as u32).unwrap_or(global);
                sizes.insert(name, memory);
            }
        }
    }
    sizes
}
