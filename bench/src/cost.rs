//! What an operation costs on AWS per million requests, and the model that sizes each function's
//! memory and picks its architecture from the measured figures.

/// Prices used (us-east-1, USD, read 2026-11): Lambda per GB-second on arm64 and on x86_64, per
/// request; HTTP API per request (first 300 M a month); DynamoDB on-demand per write and read
/// request unit.
pub const LAMBDA_ARM64_GB_SECOND: f64 = 0.000_013_333_4;
pub const LAMBDA_X86_GB_SECOND: f64 = 0.000_016_666_7;
pub const LAMBDA_REQUEST: f64 = 0.20 / 1e6;
pub const HTTP_API_REQUEST: f64 = 1.00 / 1e6;
pub const DYNAMODB_WRITE_UNIT: f64 = 0.625 / 1e6;
pub const DYNAMODB_READ_UNIT: f64 = 0.125 / 1e6;

/// Cognito user pools, per monthly active user above the free tier: Essentials and Lite.
pub const COGNITO_ESSENTIALS_MAU: f64 = 0.015;
pub const COGNITO_LITE_MAU: f64 = 0.0055;

/// SES outbound email, $0.10 per 1,000 (public list price, read 2026-12).
pub const SES_EMAIL: f64 = 0.10 / 1000.0;
/// CloudFront HTTPS requests in the United States and Europe, $0.01 per 10,000 (public list
/// price, read 2026-12), for the API calls the panel makes through the distribution.
pub const CLOUDFRONT_REQUEST: f64 = 0.01 / 10_000.0;
/// CloudWatch Logs ingestion (standard class, us-east-1), $0.50 per GB (public list price, read
/// 2026-12).
pub const CLOUDWATCH_LOGS_GB: f64 = 0.50;
/// Log bytes one invocation writes, estimated (not measured): the platform's `platform.start`
/// (about 200 bytes) and `platform.report` (about 500 bytes, JSON with the durations) kept by
/// `SystemLogLevel: INFO`, and about 300 bytes of the function's own JSON lines at `INFO`.
pub const LOG_BYTES_PER_INVOCATION: f64 = 1000.0;

/// Lambda gives a function one full vCPU at 1,769 MB, and CPU in proportion below that.
pub const FULL_VCPU_MB: u32 = 1769;
/// The memory sizes the model chooses from.
pub const CANDIDATE_MB: [u32; 5] = [128, 256, 512, 1024, FULL_VCPU_MB];
/// How much slower than on a full vCPU an operation may get for a smaller, cheaper size.
pub const ADDED_MS_BUDGET: f64 = 15.0;

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Arch {
    Arm64,
    X86_64,
}

impl Arch {
    pub fn gb_second(self) -> f64 {
        match self {
            Arch::Arm64 => LAMBDA_ARM64_GB_SECOND,
            Arch::X86_64 => LAMBDA_X86_GB_SECOND,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Arch::Arm64 => "arm64",
            Arch::X86_64 => "x86_64",
        }
    }
}

/// A function's configuration in the template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Deployed {
    pub memory_mb: u32,
    pub arch: Arch,
}

/// An operation's modelled duration at `memory_mb`: the waiting (wall minus CPU) stays, the CPU
/// time stretches by the share of a vCPU that size gets.
pub fn duration_ms(wall_ms: f64, cpu_ms: f64, memory_mb: u32) -> f64 {
    let cpu = cpu_ms.min(wall_ms);
    (wall_ms - cpu) + cpu * (FULL_VCPU_MB as f64 / memory_mb as f64).max(1.0)
}

/// USD per million requests of an operation billed `billed_ms` at `memory_mb` on `arch`,
/// consuming the given request units.
pub fn per_million(billed_ms: f64, d: Deployed, read_units: f64, write_units: f64) -> f64 {
    let gb_seconds = (d.memory_mb as f64 / 1024.0) * (billed_ms.ceil() / 1000.0);
    1e6 * (gb_seconds * d.arch.gb_second()
        + LAMBDA_REQUEST
        + HTTP_API_REQUEST
        + read_units * DYNAMODB_READ_UNIT
        + write_units * DYNAMODB_WRITE_UNIT)
}

/// Each function's memory and architecture in the template (its own, or the global one).
pub fn deployed() -> std::collections::HashMap<String, Deployed> {
    let template: serde_yaml_ng::Value = serde_yaml_ng::from_str(cloudstore_dev::table::TEMPLATE).unwrap_or_default();
    let globals = &template["Globals"]["Function"];
    let arch_of = |v: &serde_yaml_ng::Value| match v[0].as_str() {
        Some("x86_64") => Some(Arch::X86_64),
        Some("arm64") => Some(Arch::Arm64),
        _ => None,
    };
    let global = Deployed {
        memory_mb: globals["MemorySize"].as_u64().unwrap_or(128) as u32,
        arch: arch_of(&globals["Architectures"]).unwrap_or(Arch::X86_64),
    };
    let mut out = std::collections::HashMap::new();
    if let Some(resources) = template["Resources"].as_mapping() {
        for (_, r) in resources {
            if r["Type"].as_str() == Some("AWS::Serverless::Function") {
                let p = &r["Properties"];
                let name = function_name(r);
                out.insert(
                    name,
                    Deployed {
                        memory_mb: p["MemorySize"].as_u64().map(|m| m as u32).unwrap_or(global.memory_mb),
                        arch: arch_of(&p["Architectures"]).unwrap_or(global.arch),
                    },
                );
            }
        }
    }
    out
}

/// The access and refresh tokens' lifetimes the functions run with, in seconds: the configuration's
/// defaults (the template sets neither `ACCESS_TTL_SECONDS` nor `REFRESH_TTL_SECONDS`).
pub fn token_lifetimes() -> (u64, u64) {
    let vars = [("TABLE_NAME", "t"), ("MAIL_FROM", "bench@cloudstore.test")].map(|(k, v)| (k.to_string(), v.to_string()));
    cloudstore::config::Config::from_vars(vars).map(|c| (c.access_ttl_seconds, c.refresh_ttl_seconds)).unwrap_or((0, 0))
}

/// A function resource's name as the bench knows it: its code's folder (`../functions/<name>` or
/// `../target/lambda/<name>/bootstrap.zip`), the crate whose binary it runs.
fn function_name(r: &serde_yaml_ng::Value) -> String {
    let code = r["Properties"]["CodeUri"].as_str().unwrap_or_default().trim_end_matches("/bootstrap.zip");
    code.rsplit('/').next().unwrap_or_default().to_string()
}

/// Each function's network reads at init and its schedules, from the template: the variables
/// that make `App::from_env` read Secrets Manager (`JWT_KEYS_SECRET_ARN`), SSM
/// (`APP_BASE_URL_PARAMETER`) and warm the DynamoDB connection (`WARM_UP`, global or its own),
/// and its `Schedule` events' expressions.
pub fn init_reads_and_schedules() -> std::collections::HashMap<String, (crate::company::InitReads, Vec<String>)> {
    let template: serde_yaml_ng::Value = serde_yaml_ng::from_str(cloudstore_dev::table::TEMPLATE).unwrap_or_default();
    let global_env = &template["Globals"]["Function"]["Environment"]["Variables"];
    let mut out = std::collections::HashMap::new();
    if let Some(resources) = template["Resources"].as_mapping() {
        for (_, r) in resources {
            if r["Type"].as_str() != Some("AWS::Serverless::Function") {
                continue;
            }
            let env = &r["Properties"]["Environment"]["Variables"];
            let has = |k: &str| !env[k].is_null() || !global_env[k].is_null();
            let warm = env["WARM_UP"].as_str().or(global_env["WARM_UP"].as_str()) == Some("true");
            let reads =
                crate::company::InitReads { secret: has("JWT_KEYS_SECRET_ARN"), parameter: has("APP_BASE_URL_PARAMETER"), warm_up: warm };
            let schedules = r["Properties"]["Events"]
                .as_mapping()
                .map(|events| {
                    events
                        .values()
                        .filter(|e| e["Type"].as_str() == Some("Schedule"))
                        .filter_map(|e| e["Properties"]["Schedule"].as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default();
            out.insert(function_name(r), (reads, schedules));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_gives_every_function_its_size_reads_and_schedules() {
        let deployed = deployed();
        let login = deployed["login"];
        assert_eq!((login.memory_mb, login.arch), (1769, Arch::X86_64));
        let catalog = deployed["catalog"];
        assert_eq!((catalog.memory_mb, catalog.arch), (256, Arch::Arm64));
        let reads = init_reads_and_schedules();
        let (login, _) = reads["login"];
        assert!(login.secret && !login.parameter && login.warm_up);
        let (signup, _) = reads["signup"];
        assert!(!signup.secret && signup.parameter);
        assert_eq!(reads["expire-activations"].1, ["rate(15 minutes)"]);
        assert_eq!(reads["send-email"].1, ["rate(10 minutes)"]);
        assert!(reads["users"].1.is_empty());
        assert_eq!(token_lifetimes(), (15 * 60, 30 * 86_400));
    }
}
