//! What one customer company costs the store a month, built from the measured operations, and the
//! modelled cold request on AWS, per function. Pure computation: `report.rs` feeds it the run's
//! figures and the template's sizes; the tests below feed it fixed ones.

use crate::cost::{self, Deployed};

/// The modelled company and store. Every figure here is an assumption the report states.
#[derive(Clone, Debug)]
pub struct Company {
    pub people: f64,
    pub sign_ins_per_person: f64,
    /// Session refreshes per sign-in: the panel refreshes only when a call answers 401, so at most
    /// one per access-token lifetime (15 minutes) of use; see [`REFRESHES_PER_SIGN_IN`].
    pub refreshes_per_sign_in: f64,
    /// Authenticated reads per sign-in, by the operation that stands for each.
    pub reads_per_sign_in: Vec<(&'static str, &'static str, f64)>,
    pub orders: f64,
    /// Live quotes per order (the checkout page quotes the cart before it is ordered).
    pub quotes_per_order: f64,
    /// Licence changes a month, half assigned, half released.
    pub licence_changes: f64,
    /// The company's admins: each gets the purchase email of every order.
    pub admins: f64,
    /// Companies in the store, which share the scheduled functions' runs.
    pub companies_in_store: f64,
}

/// Refreshes per sign-in: a working day (8 h) on which the person comes back to the panel four
/// times after the 15-minute access token lapsed (each return's first call answers 401 and the
/// panel trades the 30-day refresh token once).
pub const REFRESHES_PER_SIGN_IN: f64 = 4.0;

impl Company {
    /// Issue 26's company: 25 people, 20 sign-ins each a month, 2 orders, 10 licence changes, in a
    /// store of 1,000 companies.
    pub fn issue_26() -> Company {
        Company {
            people: 25.0,
            sign_ins_per_person: 20.0,
            refreshes_per_sign_in: REFRESHES_PER_SIGN_IN,
            reads_per_sign_in: vec![("GET /me", "me", 1.0), ("GET /me/apps", "my apps", 5.0), ("GET /products", "list products", 4.0)],
            orders: 2.0,
            quotes_per_order: 1.0,
            licence_changes: 10.0,
            admins: 2.0,
            companies_in_store: 1000.0,
        }
    }

    pub fn sign_ins(&self) -> f64 {
        self.people * self.sign_ins_per_person
    }

    pub fn reads_per_sign_in(&self) -> f64 {
        self.reads_per_sign_in.iter().map(|(_, _, n)| n).sum()
    }

    /// Emails a month: every order's purchase email to each admin, one per licence assigned
    /// (a release sends none).
    pub fn emails(&self) -> f64 {
        self.orders * self.admins + self.licence_changes / 2.0
    }
}

/// One operation's figures, as measured (or as stood in for).
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// The measured operation these come from (the report says when it stands in for another).
    pub measured_as: String,
    pub wall_ms: f64,
    pub cpu_ms: f64,
    pub read_units: f64,
    pub write_units: f64,
    pub round_trips: usize,
}

/// One line of the company's month: what is done, how often, and what each time costs.
#[derive(Clone, Debug)]
pub struct Activity {
    pub what: String,
    pub per_month: f64,
    pub figures: Figures,
    pub function: String,
    pub at: Deployed,
    /// Reaches the API (HTTP API and CloudFront requests) rather than a stream or a schedule.
    pub via_api: bool,
    /// SES emails per invocation.
    pub emails: f64,
    /// Grows with sign-ins.
    pub per_sign_in: bool,
}

/// The cost lines, in USD.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Lines {
    pub lambda_compute: f64,
    pub lambda_requests: f64,
    pub http_api: f64,
    pub dynamodb_reads: f64,
    pub dynamodb_writes: f64,
    pub ses: f64,
    pub cloudfront: f64,
    pub logs: f64,
}

impl Lines {
    pub fn total(&self) -> f64 {
        self.parts().iter().map(|(_, v)| v).sum()
    }

    /// Each line with its name, in the report's column order.
    pub fn parts(&self) -> [(&'static str, f64); 8] {
        [
            ("Lambda compute", self.lambda_compute),
            ("Lambda requests", self.lambda_requests),
            ("HTTP API", self.http_api),
            ("DynamoDB reads", self.dynamodb_reads),
            ("DynamoDB writes", self.dynamodb_writes),
            ("SES", self.ses),
            ("CloudFront", self.cloudfront),
            ("CloudWatch Logs", self.logs),
        ]
    }

    pub fn add(&self, o: &Lines) -> Lines {
        Lines {
            lambda_compute: self.lambda_compute + o.lambda_compute,
            lambda_requests: self.lambda_requests + o.lambda_requests,
            http_api: self.http_api + o.http_api,
            dynamodb_reads: self.dynamodb_reads + o.dynamodb_reads,
            dynamodb_writes: self.dynamodb_writes + o.dynamodb_writes,
            ses: self.ses + o.ses,
            cloudfront: self.cloudfront + o.cloudfront,
            logs: self.logs + o.logs,
        }
    }

    /// The largest line and its amount.
    pub fn largest(&self) -> (&'static str, f64) {
        self.parts().into_iter().fold(("", f64::MIN), |best, p| if p.1 > best.1 { p } else { best })
    }
}

/// An invocation's billed duration at its memory: the waiting stays, the CPU stretches
/// ([`cost::duration_ms`]), rounded up to the millisecond as Lambda bills.
pub fn billed_ms(f: &Figures, at: Deployed) -> f64 {
    cost::duration_ms(f.wall_ms, f.cpu_ms, at.memory_mb).ceil()
}

/// What `a` costs a month.
pub fn cost_of(a: &Activity) -> Lines {
    let n = a.per_month;
    let api = if a.via_api { n } else { 0.0 };
    Lines {
        lambda_compute: n * (a.at.memory_mb as f64 / 1024.0) * (billed_ms(&a.figures, a.at) / 1000.0) * a.at.arch.gb_second(),
        lambda_requests: n * cost::LAMBDA_REQUEST,
        http_api: api * cost::HTTP_API_REQUEST,
        dynamodb_reads: n * a.figures.read_units * cost::DYNAMODB_READ_UNIT,
        dynamodb_writes: n * a.figures.write_units * cost::DYNAMODB_WRITE_UNIT,
        ses: n * a.emails * cost::SES_EMAIL,
        cloudfront: api * cost::CLOUDFRONT_REQUEST,
        logs: n * cost::LOG_BYTES_PER_INVOCATION / 1e9 * cost::CLOUDWATCH_LOGS_GB,
    }
}

/// Where the model finds an operation's figures and a function's size.
pub trait Inputs {
    /// The figures of operation `op` (the model's name for it), or of the closest measured one.
    fn figures(&self, op: &str) -> Figures;
    /// The function `op` runs in.
    fn function_of(&self, op: &str) -> String;
    /// The function's memory and architecture (the template's).
    fn deployed(&self, function: &str) -> Deployed;
    /// The scheduled runs: (function, what, invocations a month, figures of one run).
    fn scheduled(&self) -> Vec<(String, String, f64, Figures)>;
}

/// The company's month, activity by activity.
pub fn company_month(c: &Company, inputs: &dyn Inputs) -> Vec<(Activity, Lines)> {
    let activity = |what: String, op: &str, per_month: f64, via_api: bool, emails: f64, per_sign_in: bool| {
        let function = inputs.function_of(op);
        Activity { what, per_month, figures: inputs.figures(op), at: inputs.deployed(&function), function, via_api, emails, per_sign_in }
    };
    let sign_ins = c.sign_ins();
    let mut out = vec![
        activity("sign-ins (`POST /login`)".into(), "login", sign_ins, true, 0.0, true),
        activity("session refreshes (`POST /token/refresh`)".into(), "refresh", sign_ins * c.refreshes_per_sign_in, true, 0.0, true),
    ];
    for (route, op, n) in &c.reads_per_sign_in {
        out.push(activity(format!("page reads (`{route}`, {n} per sign-in)"), op, sign_ins * n, true, 0.0, true));
    }
    out.push(activity("quotes (`POST /checkout/quote`)".into(), "quote", c.orders * c.quotes_per_order, true, 0.0, false));
    out.push(activity("orders (`POST /orders`)".into(), "order", c.orders, true, 0.0, false));
    out.push(activity("licences assigned".into(), "assign licence", c.licence_changes / 2.0, true, 0.0, false));
    out.push(activity("licences released".into(), "release licence", c.licence_changes / 2.0, true, 0.0, false));
    out.push(activity("emails sent (one `send-email` run each, from the stream)".into(), "send email", c.emails(), false, 1.0, false));
    for (function, what, per_month, figures) in inputs.scheduled() {
        let at = inputs.deployed(&function);
        out.push(Activity {
            what: format!("{what}, 1/{:.0} of {per_month:.0} runs", c.companies_in_store),
            per_month: per_month / c.companies_in_store,
            figures,
            function,
            at,
            via_api: false,
            emails: 0.0,
            per_sign_in: false,
        });
    }
    out.into_iter()
        .map(|a| {
            let lines = cost_of(&a);
            (a, lines)
        })
        .collect()
}

/// The sum of every activity's lines.
pub fn total(month: &[(Activity, Lines)]) -> Lines {
    month.iter().fold(Lines::default(), |sum, (_, l)| sum.add(l))
}

/// Invocations a 30-day month of an EventBridge schedule expression: `rate(n unit)`, or a
/// `cron(m h * * ? *)` that runs once a day; `None` for anything else.
pub fn runs_a_month(expression: &str) -> Option<f64> {
    let minutes_a_month = 30.0 * 24.0 * 60.0;
    if let Some(rate) = expression.strip_prefix("rate(").and_then(|r| r.strip_suffix(')')) {
        let mut parts = rate.split_whitespace();
        let n: f64 = parts.next()?.parse().ok()?;
        let unit = match parts.next()?.trim_end_matches('s') {
            "minute" => 1.0,
            "hour" => 60.0,
            "day" => 1440.0,
            _ => return None,
        };
        return Some(minutes_a_month / (n * unit));
    }
    let cron = expression.strip_prefix("cron(")?.strip_suffix(')')?;
    let fields: Vec<&str> = cron.split_whitespace().collect();
    let numeric = |f: &str| f.parse::<u32>().is_ok();
    match fields.as_slice() {
        [m, h, "*", "*", "?", "*"] if numeric(m) && numeric(h) => Some(30.0),
        _ => None,
    }
}

/// Assumed latencies of AWS calls made from a function in the same region, in milliseconds.
/// Assumptions, not measurements: typical figures for small requests over an open connection.
pub const DYNAMODB_CALL_MS: f64 = 5.0;
pub const SECRETS_MANAGER_CALL_MS: f64 = 20.0;
pub const SSM_CALL_MS: f64 = 15.0;
/// Opening a new HTTPS connection to an AWS endpoint (TCP and TLS 1.3), each service once.
pub const TLS_HANDSHAKE_MS: f64 = 10.0;

/// An assumed SES `SendEmail` call from the region, in milliseconds (an assumption, as above).
pub const SES_CALL_MS: f64 = 25.0;

/// One email's run of `send-email` from the code (`outbox::sender::deliver`), for a run that did
/// not measure it: three DynamoDB round trips (the lease's `UpdateItem`, the suppression
/// `GetItem`, the `UpdateItem` that marks it sent) and one SES call at the assumed latencies; the
/// two updates of an item of about 3 KB (its text and HTML bodies) at 3 write units each, the
/// strongly consistent read of an absent item 1 read unit; 1 ms of CPU.
pub fn send_email_from_code() -> Figures {
    Figures {
        measured_as: "not measured: modelled from `outbox::sender::deliver`".into(),
        wall_ms: 3.0 * DYNAMODB_CALL_MS + SES_CALL_MS,
        cpu_ms: 1.0,
        read_units: 1.0,
        write_units: 6.0,
        round_trips: 3,
    }
}

/// What a function's init reads over the network (from the template's environment).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct InitReads {
    /// `JWT_KEYS_SECRET_ARN`: the signing keys from Secrets Manager.
    pub secret: bool,
    /// `APP_BASE_URL_PARAMETER`: the links' origin from SSM Parameter Store.
    pub parameter: bool,
    /// `WARM_UP=true`: one DynamoDB read that opens the connection.
    pub warm_up: bool,
}

/// The modelled cold request of one function.
#[derive(Clone, Debug, PartialEq)]
pub struct ColdRequest {
    pub init_local_ms: f64,
    /// The init's AWS calls, each with its handshake.
    pub init_calls_ms: f64,
    /// The first request: its DynamoDB round trips over the open connection and its CPU at the
    /// function's memory (plus a handshake when init did not open the connection).
    pub first_request_ms: f64,
}

impl ColdRequest {
    pub fn total_ms(&self) -> f64 {
        self.init_local_ms + self.init_calls_ms + self.first_request_ms
    }
}

/// The cold request on AWS, modelled: the locally measured init, the init's calls at the assumed
/// latencies (a handshake per service), then the first request's round trips at
/// [`DYNAMODB_CALL_MS`] and its CPU stretched to the function's memory.
pub fn cold_request(init_local_ms: f64, reads: InitReads, round_trips: usize, cpu_ms: f64, at: Deployed) -> ColdRequest {
    let mut init_calls_ms = 0.0;
    if reads.secret {
        init_calls_ms += TLS_HANDSHAKE_MS + SECRETS_MANAGER_CALL_MS;
    }
    if reads.parameter {
        init_calls_ms += TLS_HANDSHAKE_MS + SSM_CALL_MS;
    }
    if reads.warm_up {
        init_calls_ms += TLS_HANDSHAKE_MS + DYNAMODB_CALL_MS;
    }
    let handshake = if reads.warm_up { 0.0 } else { TLS_HANDSHAKE_MS };
    let first_request_ms = handshake + round_trips as f64 * DYNAMODB_CALL_MS + cost::duration_ms(cpu_ms, cpu_ms, at.memory_mb);
    ColdRequest { init_local_ms, init_calls_ms, first_request_ms }
}

/// The init's calls in words, for the report.
pub fn describe(reads: InitReads) -> String {
    let mut calls = Vec::new();
    if reads.secret {
        calls.push("Secrets Manager");
    }
    if reads.parameter {
        calls.push("SSM");
    }
    if reads.warm_up {
        calls.push("DynamoDB warm-up");
    }
    if calls.is_empty() {
        "none".into()
    } else {
        calls.join(" + ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::Arch;
    use std::collections::HashMap;

    /// The figures of docs/benchmarks.md's last run, and the template's sizes.
    struct Fixed;

    fn f(name: &str, wall_ms: f64, cpu_ms: f64, read_units: f64, write_units: f64, round_trips: usize) -> Figures {
        Figures { measured_as: name.into(), wall_ms, cpu_ms, read_units, write_units, round_trips }
    }

    impl Inputs for Fixed {
        fn figures(&self, op: &str) -> Figures {
            match op {
                "login" => f("login", 37.5, 22.6, 1.0, 3.0, 2),
                "refresh" => f("refresh", 13.8, 1.4, 3.0, 2.0, 3),
                "me" | "my apps" => f("list users", 5.0, 1.1, 3.0, 0.0, 1),
                "list products" => f("list products", 3.8, 0.9, 1.0, 0.0, 1),
                "quote" => f("quote", 4.0, 0.9, 5.0, 0.0, 1),
                "order" => f("order", 21.5, 2.7, 6.0, 6.0, 2),
                "assign licence" | "release licence" => f("assign licence", 14.6, 2.3, 5.0, 2.0, 2),
                _ => f("send email", 40.0, 1.0, 1.0, 6.0, 3),
            }
        }
        fn function_of(&self, op: &str) -> String {
            match op {
                "login" | "refresh" => "login",
                "me" => "users",
                "list products" => "catalog",
                "quote" | "order" => "checkout",
                "send email" => "send-email",
                _ => "licences",
            }
            .into()
        }
        fn deployed(&self, function: &str) -> Deployed {
            let sizes: HashMap<&str, Deployed> = HashMap::from([
                ("login", Deployed { memory_mb: 1769, arch: Arch::X86_64 }),
                ("users", Deployed { memory_mb: 256, arch: Arch::Arm64 }),
                ("licences", Deployed { memory_mb: 256, arch: Arch::Arm64 }),
                ("checkout", Deployed { memory_mb: 512, arch: Arch::Arm64 }),
            ]);
            sizes.get(function).copied().unwrap_or(Deployed { memory_mb: 128, arch: Arch::Arm64 })
        }
        fn scheduled(&self) -> Vec<(String, String, f64, Figures)> {
            vec![("expire-activations".into(), "expire-activations".into(), 2880.0, f("first request", 3.03, 0.0, 0.5, 0.0, 1))]
        }
    }

    #[test]
    fn the_month_is_the_sum_of_its_lines() {
        let month = company_month(&Company::issue_26(), &Fixed);
        let sum = total(&month);
        let by_activity: f64 = month.iter().map(|(_, l)| l.total()).sum();
        assert!((sum.total() - by_activity).abs() < 1e-12);
        // 500 sign-ins; 2,000 refreshes; 500 + 2,500 + 2,000 reads; 2 quotes and 2 orders;
        // 5 + 5 licence changes: 7,514 API requests, each $1 per million (HTTP API).
        assert!((sum.http_api - 7514.0 * 1e-6).abs() < 1e-12, "{}", sum.http_api);
        assert!((sum.cloudfront - 7514.0 * 1e-6).abs() < 1e-12);
        // 2 orders × 2 admins + 5 assigned licences: 9 emails at $0.10 per thousand.
        assert!((sum.ses - 0.0009).abs() < 1e-12);
        // Login: 500 × 1769/1024 GB × 0.038 s × $0.0000166667.
        let login = &month[0].1;
        assert!((login.lambda_compute - 500.0 * 1769.0 / 1024.0 * 0.038 * 0.000_016_666_7).abs() < 1e-12);
        assert!((login.dynamodb_writes - 500.0 * 3.0 * 0.625e-6).abs() < 1e-12);
        // The scheduled share: 2,880 runs / 1,000 companies.
        assert!((month.last().unwrap().0.per_month - 2.88).abs() < 1e-12);
        // The model's total for these figures, to the cent's hundredth.
        assert!((sum.total() - 0.028414).abs() < 0.000001, "{}", sum.total());
    }

    #[test]
    fn doubling_sign_ins_raises_only_what_sign_ins_cause() {
        let once = company_month(&Company::issue_26(), &Fixed);
        let twice = company_month(&Company { sign_ins_per_person: 40.0, ..Company::issue_26() }, &Fixed);
        for ((a, once), (_, twice)) in once.iter().zip(&twice) {
            if a.per_sign_in {
                assert!((twice.total() - 2.0 * once.total()).abs() < 1e-12, "{}", a.what);
            } else {
                assert_eq!(once, twice, "{}", a.what);
            }
        }
        assert_eq!(once.iter().filter(|(a, _)| a.per_sign_in).count(), 5);
    }

    #[test]
    fn schedules_become_runs_a_month() {
        assert_eq!(runs_a_month("rate(15 minutes)"), Some(2880.0));
        assert_eq!(runs_a_month("rate(10 minutes)"), Some(4320.0));
        assert_eq!(runs_a_month("rate(1 day)"), Some(30.0));
        assert_eq!(runs_a_month("cron(0 12 * * ? *)"), Some(30.0));
        assert_eq!(runs_a_month("cron(0 12 ? * MON-FRI *)"), None);
    }

    #[test]
    fn a_cold_request_adds_what_init_reads_and_the_first_round_trips() {
        let login = Deployed { memory_mb: 1769, arch: Arch::X86_64 };
        let all = InitReads { secret: true, parameter: false, warm_up: true };
        // 2.76 ms init + (10 + 20) Secrets Manager + (10 + 5) warm-up + 2 × 5 ms + 22.6 ms CPU.
        let cold = cold_request(2.76, all, 2, 22.6, login);
        assert!((cold.init_calls_ms - 45.0).abs() < 1e-9);
        assert!((cold.total_ms() - (2.76 + 45.0 + 10.0 + 22.6)).abs() < 1e-9);
        // At 128 MB the CPU stretches 1769/128 times; without the warm-up the request pays the handshake.
        let small = cold_request(2.7, InitReads::default(), 1, 1.0, Deployed { memory_mb: 128, arch: Arch::Arm64 });
        assert!((small.first_request_ms - (10.0 + 5.0 + 1769.0 / 128.0)).abs() < 1e-9);
        assert_eq!(describe(all), "Secrets Manager + DynamoDB warm-up");
    }
}
