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
#[derive(Clone, Copy)]
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
                let code = p["CodeUri"].as_str().unwrap_or_default();
                let name = code.trim_start_matches("../target/lambda/").trim_end_matches("/bootstrap.zip").to_string();
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
