//! The deploy rules of infra/template.yaml, samconfig.toml and CargoLambda.toml (docs/deploy.md):
//! how the functions are built, what each may read, one origin behind CloudFront with the panel's
//! security headers, and the logs, traces, metrics and alarms of production.

use crate::common::{functions, read, reference, referenced, sub_text, template, Function};
use serde_yaml_ng::Value;
use std::collections::BTreeSet;
use std::process::Command;

/// The functions that sign or verify access tokens (the rest never see the keys).
const TOKEN_FUNCTIONS: &[&str] = &["login", "users", "catalog", "checkout", "licences", "approvals", "operator", "help", "vendors"];

fn names(functions: &[Function], keep: impl Fn(&Function) -> bool) -> BTreeSet<String> {
    functions.iter().filter(|f| keep(f)).map(|f| f.krate.clone()).collect()
}

#[test]
fn every_function_is_built_by_sam_from_its_crate_for_one_architecture() {
    // `sam build` puts every binary in one target directory (scripts/sam-build.sh): one binary per
    // name, so no function's build overwrites another's.
    let crates: Vec<String> = functions().iter().map(|f| f.krate.clone()).collect();
    assert_eq!(crates.iter().collect::<BTreeSet<_>>().len(), crates.len(), "one function per crate: {crates:?}");
    for f in functions() {
        assert_eq!(f.properties["CodeUri"].as_str(), Some(format!("../functions/{}", f.krate).as_str()), "{}", f.logical_id);
        // sam build runs the root Makefile's build-<LogicalId> there (scripts/sam-function.sh):
        // one shared cargo-lambda build, then this function's binary.
        let metadata = &f.resource["Metadata"];
        assert_eq!(metadata["BuildMethod"].as_str(), Some("makefile"), "{}: built by sam build", f.logical_id);
        assert_eq!(metadata["ContextPath"].as_str(), Some(".."), "{}: the root Makefile", f.logical_id);
        assert_eq!(metadata["WorkingDirectory"].as_str(), Some(".."), "{}: run at the root", f.logical_id);
        assert!(["arm64", "x86_64"].contains(&f.architecture()), "{}", f.logical_id);
        assert_eq!(f.properties["Runtime"].as_str(), Some("provided.al2023"), "{}", f.logical_id);
        assert_eq!(f.properties["Handler"].as_str(), Some("bootstrap"), "{}", f.logical_id);
    }
}

#[test]
fn functions_are_given_only_the_variables_config_reads() {
    let allowed: BTreeSet<&str> = cloudstore::config::VARIABLES.iter().copied().chain(["RUST_LOG"]).collect();
    for f in functions() {
        for name in f.environment.keys() {
            assert!(allowed.contains(name.as_str()), "{}: {name} is not read by shared/src/config/mod.rs", f.logical_id);
        }
        for required in ["TABLE_NAME", "MAIL_FROM"] {
            assert!(f.environment.contains_key(required), "{}: no {required}", f.logical_id);
        }
        // In AWS the key comes from Secrets Manager and the link base from SSM, never inline.
        for local_only in ["JWT_SECRET", "APP_BASE_URL"] {
            assert!(!f.environment.contains_key(local_only), "{}: {local_only} is for local runs only", f.logical_id);
        }
    }
}

#[test]
fn only_the_functions_that_sign_or_verify_tokens_can_read_the_signing_keys() {
    let functions = functions();
    let expected: BTreeSet<String> = TOKEN_FUNCTIONS.iter().map(|s| s.to_string()).collect();
    assert_eq!(names(&functions, |f| f.environment.contains_key("JWT_KEYS_SECRET_ARN")), expected);
    let read_keys = serde_yaml_ng::from_str::<Value>("AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: JwtKeys } }").unwrap();
    for f in &functions {
        let mut mentions_secrets = f.policies().iter().any(|p| serde_yaml_ng::to_string(p).unwrap().contains("ecretsManager"));
        mentions_secrets |= f.inline_actions().iter().any(|a| a.starts_with("secretsmanager:"));
        if expected.contains(&f.krate) {
            assert_eq!(f.environment["JWT_KEYS_SECRET_ARN"], reference("JwtKeys"), "{}", f.logical_id);
            assert!(f.has_policy(&read_keys), "{}: may read the JwtKeys secret", f.logical_id);
        } else {
            assert!(!mentions_secrets, "{}: must not read any secret", f.logical_id);
        }
    }
    // The secret's own shape: `current` signs, every kid under `keys` verifies (docs/deploy.md).
    let secret = sub_text(&template()["Resources"]["JwtKeys"]["Properties"]["SecretString"]).unwrap().to_string();
    let shape: serde_json::Value = serde_json::from_str(&secret.replace("{{resolve:secretsmanager:${JwtKeySeed}}}", "seed")).unwrap();
    let current = shape["current"].as_str().unwrap();
    assert_eq!(shape["keys"][current], "seed");
}

/// The key the webhook endpoints' secrets are sealed with: only the vendor console reads it, and
/// the local-only settings (the key itself, plain http to loopback) never reach a deployed function.
#[test]
fn only_the_vendor_console_can_read_the_webhook_secrets_key() {
    let functions = functions();
    assert_eq!(names(&functions, |f| f.environment.contains_key("WEBHOOK_KEYS_SECRET_ARN")), BTreeSet::from(["vendors".to_string()]));
    let read_key = serde_yaml_ng::from_str::<Value>("AWSSecretsManagerGetSecretValuePolicy: { SecretArn: { Ref: WebhookKeys } }").unwrap();
    for f in &functions {
        assert_eq!(f.has_policy(&read_key), f.krate == "vendors", "{}: only the vendor console may read WebhookKeys", f.logical_id);
        if f.krate == "vendors" {
            assert_eq!(f.environment["WEBHOOK_KEYS_SECRET_ARN"], reference("WebhookKeys"), "{}", f.logical_id);
        }
        for local_only in ["WEBHOOK_SECRET_KEY", "WEBHOOK_ALLOW_LOOPBACK_HTTP"] {
            assert!(!f.environment.contains_key(local_only), "{}: {local_only} is for local runs only", f.logical_id);
        }
    }
    let generated = &template()["Resources"]["WebhookKeys"]["Properties"]["GenerateSecretString"];
    assert!(generated["PasswordLength"].as_u64() >= Some(32), "the sealing key's material is at least 32 characters");
}

#[test]
fn functions_that_write_emails_read_the_link_base_and_only_the_outbox_sender_calls_ses() {
    let template = template();
    let functions = functions();
    let writers = names(&functions, |f| f.has_policy(&reference("LinkBasePolicy")));
    assert_eq!(names(&functions, |f| f.environment.contains_key("APP_BASE_URL_PARAMETER")), writers);
    assert!(writers.contains("signup") && writers.contains("password-reset") && !writers.contains("login"), "{writers:?}");
    let senders = names(&functions, |f| f.has_policy(&reference("MailerPolicy")));
    assert_eq!(senders, BTreeSet::from(["send-email".to_string()]), "emails leave through the outbox only");

    let parameter = sub_text(&template["Resources"]["AppBaseUrlParameter"]["Properties"]["Name"]).unwrap();
    let policy = serde_yaml_ng::to_string(&template["Resources"]["LinkBasePolicy"]).unwrap();
    assert!(policy.contains(&format!(":parameter{parameter}")), "LinkBasePolicy may read {parameter}");
    assert!(!policy.contains("ses:"), "writing an email is not sending it");
    for f in &functions {
        assert!(!f.inline_actions().iter().any(|a| a.starts_with("ses:")), "{}: sends only through MailerPolicy", f.logical_id);
        if let Some(value) = f.environment.get("APP_BASE_URL_PARAMETER") {
            assert_eq!(sub_text(value), Some(parameter), "{}", f.logical_id);
        }
    }

    let alarm = &template["Resources"]["EmailsFailedAlarm"]["Properties"];
    let watched: BTreeSet<String> = alarm["Metrics"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|m| m["MetricStat"].is_mapping())
        .map(|m| {
            let metric = &m["MetricStat"]["Metric"];
            assert_eq!((metric["Namespace"].as_str(), metric["MetricName"].as_str()), (Some("CloudStore"), Some("EmailsFailed")));
            metric["Dimensions"][0]["Value"]["Ref"].as_str().unwrap().to_string()
        })
        .collect();
    let sender_ids: BTreeSet<String> = functions.iter().filter(|f| senders.contains(&f.krate)).map(|f| f.logical_id.clone()).collect();
    assert_eq!(watched, sender_ids, "EmailsFailedAlarm watches every function that sends email");
}

/// CloudFront's /api/* origin names the HTTP API, whose routes name the functions: a function that
/// referred to the distribution (or to something that does) would make a dependency cycle.
#[test]
fn no_function_depends_on_the_distribution() {
    let template = template();
    let resources = template["Resources"].as_mapping().unwrap();
    let depends_on_distribution = |name: &str| {
        let mut refs = BTreeSet::new();
        referenced(&resources[name]["Properties"], &mut refs);
        refs.contains("WebDistribution")
    };
    for f in functions() {
        let mut refs = BTreeSet::new();
        referenced(&f.properties, &mut refs);
        for name in refs.iter().filter(|name| resources.contains_key(name.as_str())) {
            assert!(name != "WebDistribution" && !depends_on_distribution(name), "{} refers to {name}", f.logical_id);
        }
    }
    assert!(depends_on_distribution("AppBaseUrlParameter"), "the link base is the distribution's URL by default");
}

#[test]
fn cloudfront_serves_the_panel_and_forwards_api_to_the_http_api_unchanged() {
    let template = template();
    let resources = &template["Resources"];
    let config = &resources["WebDistribution"]["Properties"]["DistributionConfig"];
    let behaviours = config["CacheBehaviors"].as_sequence().unwrap();
    let api = behaviours.iter().find(|b| b["PathPattern"] == "/api/*").expect("an /api/* behaviour");
    let origin = config["Origins"].as_sequence().unwrap().iter().find(|o| o["Id"] == api["TargetOriginId"]).unwrap();
    assert!(sub_text(&origin["DomainName"]).unwrap().starts_with("${HttpApi}.execute-api."), "{origin:?}");
    // Uncached in effect (a second at most, never a no-store answer), with Authorization.
    assert_eq!(api["CachePolicyId"]["Ref"], "ApiCachePolicy");
    let cache = &resources["ApiCachePolicy"]["Properties"]["CachePolicyConfig"];
    assert_eq!((cache["MinTTL"].as_u64(), cache["DefaultTTL"].as_u64(), cache["MaxTTL"].as_u64()), (Some(0), Some(0), Some(1)));
    assert_eq!(cache["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"][0], "Authorization");
    assert_eq!(api["OriginRequestPolicyId"]["Ref"], "ApiOriginRequestPolicy");
    assert_eq!(api["AllowedMethods"].as_sequence().map(Vec::len), Some(7));
    assert_eq!(api["FunctionAssociations"][0]["FunctionARN"]["Fn::GetAtt"][0], "ApiPathFunction");
    assert_eq!(config["DefaultCacheBehavior"]["FunctionAssociations"][0]["FunctionARN"]["Fn::GetAtt"][0], "WebPathFunction");
    // The API keeps the contract's paths at its root, as `cargo lambda watch` serves them locally.
    assert_eq!(resources["HttpApi"]["Properties"]["StageName"], "$default");
    // No CORS unless the panel is served from another origin.
    assert_eq!(resources["HttpApi"]["Properties"]["CorsConfiguration"]["Fn::If"][0], "HasOtherPanelOrigin");
    // A distribution-wide error page would turn the API's 403 and 404 problems into the panel.
    assert!(config["CustomErrorResponses"].is_null());
}

/// Issue 26: the API answers only through the distribution, which proves itself with a header
/// whose value the functions get at deploy, and names the viewer's address for them.
#[test]
fn the_api_is_reachable_only_through_cloudfront_which_names_the_viewer() {
    let template = template();
    let resources = &template["Resources"];
    assert_eq!(resources["HttpApi"]["Properties"]["DisableExecuteApiEndpoint"], true, "unconditionally, not behind a condition");
    let config = &resources["WebDistribution"]["Properties"]["DistributionConfig"];
    let origin = config["Origins"].as_sequence().unwrap().iter().find(|o| o["Id"] == "api").unwrap();
    let header = &origin["OriginCustomHeaders"][0];
    assert_eq!(header["HeaderName"], "x-origin-verify");
    let secret_value = "{{resolve:secretsmanager:${OriginVerifySecret}}}";
    assert_eq!(sub_text(&header["HeaderValue"]), Some(secret_value));
    // The same value reaches every function as configuration, never as a Secrets Manager read.
    let globals = &template["Globals"]["Function"]["Environment"]["Variables"];
    assert_eq!(sub_text(&globals["ORIGIN_VERIFY_SECRET"]), Some(secret_value));
    assert!(cloudstore::config::VARIABLES.contains(&"ORIGIN_VERIFY_SECRET"));
    for f in functions() {
        assert!(
            f.resource["Properties"]["Environment"]["Variables"]["ORIGIN_VERIFY_SECRET"].is_null(),
            "{}: no function overrides the global",
            f.logical_id
        );
        assert_eq!(sub_text(&f.properties["Environment"]["Variables"]["ORIGIN_VERIFY_SECRET"]), Some(secret_value), "{}", f.logical_id);
    }
    assert!(resources["OriginVerifySecret"]["Properties"]["GenerateSecretString"]["PasswordLength"].as_u64() >= Some(32));
    // The viewer's address is a CloudFront header that reaches the origin only when a policy names it.
    let headers = &resources["ApiOriginRequestPolicy"]["Properties"]["OriginRequestPolicyConfig"]["HeadersConfig"];
    assert_eq!(headers["HeaderBehavior"], "whitelist");
    let named: Vec<&str> = headers["Headers"].as_sequence().unwrap().iter().filter_map(|h| h.as_str()).collect();
    assert!(
        named.contains(&"CloudFront-Viewer-Address") && named.contains(&"Idempotency-Key") && named.contains(&"Content-Type"),
        "{named:?}"
    );
    assert!(!named.iter().any(|h| h.eq_ignore_ascii_case("host")), "API Gateway routes by its own host name");
    // No output hands out the endpoint that no longer answers.
    assert!(template["Outputs"]["ExecuteApiUrl"].is_null());
}

/// Runs a CloudFront Function's code in Node (its cloudfront-js-2.0 subset) on viewer requests.
fn rewrite(function: &str, uris: &[&str]) -> Vec<String> {
    let code = template()["Resources"][function]["Properties"]["FunctionCode"].as_str().unwrap().to_string();
    let script = format!(
        "{code}\nconst uris = JSON.parse(process.argv[1]);\n\
         console.log(JSON.stringify(uris.map((uri) => handler({{ request: {{ uri, method: 'GET', querystring: {{}}, headers: {{}} }} }}).uri)));"
    );
    let output =
        Command::new("node").args(["-e", &script, &serde_json::to_string(uris).unwrap()]).output().expect("node (the project needs it)");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn the_api_path_function_strips_the_api_prefix() {
    assert_eq!(
        rewrite("ApiPathFunction", &["/api/signup", "/api/users/01KMR00000000000000000AB12/password-reset", "/api/users/%FF", "/api/"]),
        ["/signup", "/users/01KMR00000000000000000AB12/password-reset", "/users/%FF", "/"]
    );
}

#[test]
fn the_web_path_function_answers_pages_with_the_shell_as_serve_mjs_does() {
    assert_eq!(
        rewrite(
            "WebPathFunction",
            &[
                "/",
                "/activate",
                "/reset-password",
                "/products/01KMR1CGMF3GWNFANHQBRYBPZJ",
                "/config.js",
                "/assets/0123abcd/js/app.js",
                "/favicon.svg",
                "/openapi.yaml"
            ]
        ),
        [
            "/index.html",
            "/index.html",
            "/index.html",
            "/index.html",
            "/config.js",
            "/assets/0123abcd/js/app.js",
            "/favicon.svg",
            "/openapi.yaml"
        ]
    );
}

/// `directive -> sources` of a CSP.
fn directives(csp: &str) -> Vec<(String, String)> {
    csp.split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.split_once(' ').map(|(n, s)| (n.to_string(), s.to_string())).unwrap())
        .collect()
}

#[test]
fn the_panel_gets_the_headers_of_serve_mjs_plus_hsts() {
    let serve = read("web/serve.mjs");
    let start = serve.find("'Content-Security-Policy': [").expect("serve.mjs's CSP");
    let end = start + serve[start..].find("].join").unwrap();
    let local: Vec<String> = serve[start..end]
        .lines()
        .skip(1)
        .filter_map(|line| {
            let line = line.trim();
            let item = line.trim_end_matches(',');
            // One JavaScript string per line: drop its quotes, whichever kind.
            (!line.starts_with("//") && !line.is_empty()).then(|| item[1..item.len() - 1].to_string())
        })
        .collect();
    let local = directives(&local.join("; "));

    let template = template();
    let config = &template["Resources"]["WebHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    let deployed = directives(sub_text(&config["ContentSecurityPolicy"]["ContentSecurityPolicy"]).unwrap());
    assert_eq!(deployed.len(), local.len(), "{deployed:?} against {local:?}");
    for ((name, sources), (local_name, local_sources)) in deployed.iter().zip(&local) {
        assert_eq!(name, local_name);
        if name == "connect-src" {
            // Locally the API is another port; in AWS it is /api on the panel's own origin. The
            // operator's browser uploads media straight to the bucket (presigned PUTs).
            assert_eq!(
                (sources.as_str(), local_sources.as_str()),
                ("'self' https://${MediaBucket.RegionalDomainName}", "'self' ${apiOrigin}${media}")
            );
        } else if name == "img-src" {
            // Product media: locally the S3-compatible server, in AWS the media distribution.
            assert_eq!(
                (sources.as_str(), local_sources.as_str()),
                ("'self' data: https://${MediaDistribution.DomainName}", "'self' data:${media}")
            );
        } else {
            assert_eq!(sources, local_sources, "{name}");
        }
    }
    assert!(serve.contains("'X-Content-Type-Options': 'nosniff'") && config["ContentTypeOptions"]["Override"] == true);
    assert!(serve.contains("'Referrer-Policy': 'no-referrer'") && config["ReferrerPolicy"]["ReferrerPolicy"] == "no-referrer");
    assert_eq!(config["FrameOptions"]["FrameOption"], "DENY");
    assert!(config["StrictTransportSecurity"]["AccessControlMaxAgeSec"].as_u64().unwrap() >= 31_536_000);
    let distribution = &template["Resources"]["WebDistribution"]["Properties"]["DistributionConfig"];
    assert_eq!(distribution["DefaultCacheBehavior"]["ResponseHeadersPolicyId"], reference("WebHeadersPolicy"));
    assert_eq!(distribution["CacheBehaviors"][0]["ResponseHeadersPolicyId"], reference("ApiHeadersPolicy"));
    let api = &template["Resources"]["ApiHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"];
    assert!(api["StrictTransportSecurity"]["AccessControlMaxAgeSec"].as_u64().unwrap() >= 31_536_000);
}

#[test]
fn production_has_json_logs_traces_access_logs_metrics_alarms_and_a_dashboard() {
    let template = template();
    let resources = &template["Resources"];
    for f in functions() {
        assert_eq!(f.properties["LoggingConfig"]["LogFormat"], "JSON", "{}", f.logical_id);
        assert_eq!(f.properties["Tracing"], "Active", "{}", f.logical_id);
        let group =
            f.properties["LoggingConfig"]["LogGroup"]["Ref"].as_str().unwrap_or_else(|| panic!("{}: its own log group", f.logical_id));
        let group_name = sub_text(&resources[group]["Properties"]["LogGroupName"]).unwrap();
        assert_eq!(Some(group_name.trim_start_matches("/aws/lambda/")), sub_text(&f.properties["FunctionName"]), "{}", f.logical_id);
        for metric in ["Errors", "Throttles"] {
            let alarmed = resources.as_mapping().unwrap().values().any(|r| {
                r["Type"] == "AWS::CloudWatch::Alarm"
                    && r["Properties"]["MetricName"] == metric
                    && r["Properties"]["Dimensions"][0]["Value"] == reference(&f.logical_id)
            });
            assert!(alarmed, "{}: no {metric} alarm", f.logical_id);
        }
    }

    let access = &resources["HttpApi"]["Properties"]["AccessLogSettings"];
    assert_eq!(access["DestinationArn"]["Fn::GetAtt"][0], "ApiAccessLogGroup");
    let format: serde_json::Value = serde_json::from_str(access["Format"].as_str().unwrap()).expect("the access log line is JSON");
    assert_eq!(format["requestId"], "$context.requestId", "support matches a problem's request_id to this line");
    assert_eq!(format["lambdaRequestId"], "$context.integration.requestId");

    let lockouts = &resources["LockoutsAlarm"]["Properties"]["Metrics"];
    assert!(lockouts.as_sequence().unwrap().iter().any(|m| m["MetricStat"]["Metric"]["MetricName"] == "Lockouts"));
    for alarm in ["EmailsFailedAlarm", "LockoutsAlarm", "ApiServerErrorAlarm", "TableThrottleAlarm", "ScheduledDeadLetterAlarm"] {
        assert_eq!(resources[alarm]["Properties"]["AlarmActions"][0], reference("AlarmTopic"), "{alarm}");
    }
    let dashboard = sub_text(&resources["Dashboard"]["Properties"]["DashboardBody"]).unwrap();
    for metric in [
        "Signups",
        "Activations",
        "Orders",
        "SeatsAdded",
        "LicencesAssigned",
        "LoginFailures",
        "Lockouts",
        "EmailsSent",
        "EmailsFailed",
        "ColdStarts",
    ] {
        assert!(dashboard.contains(&format!("MetricName=\\\"{metric}\\\"")), "the dashboard shows {metric}");
    }
    let body = dashboard.replace("${AWS::Region}", "r").replace("${Stage}", "dev");
    serde_json::from_str::<serde_json::Value>(&body).expect("the dashboard body is JSON");
}

#[test]
fn samconfig_builds_the_template_and_deploys_only_what_was_built() {
    let config: toml::Table = toml::from_str(&read("samconfig.toml")).unwrap();
    let environments: Vec<&String> = config.keys().filter(|k| *k != "version").collect();
    assert!(environments.contains(&&"default".to_string()) && environments.contains(&&"prod".to_string()));
    for env in environments {
        let section = |command: &str| {
            config[env.as_str()].get(command).and_then(|c| c.get("parameters")).unwrap_or_else(|| panic!("[{env}.{command}.parameters]"))
        };
        assert_eq!(section("global")["template_file"].as_str(), Some("infra/template.yaml"), "{env}");
        // Given the source template, deploy and package would upload each crate's source folder.
        for command in ["deploy", "package"] {
            assert_eq!(section(command)["template_file"].as_str(), Some(".aws-sam/build/template.yaml"), "{env}.{command}");
        }
        // SAM's cache keys on functions/<name> only: it would keep a build whose shared/ changed.
        assert_eq!(section("build")["cached"].as_bool(), Some(false), "{env}");
        assert_eq!(section("validate")["lint"].as_bool(), Some(true), "{env}");
        assert_eq!(section("deploy")["capabilities"].as_str(), Some("CAPABILITY_IAM"), "{env}");
    }
}

#[test]
fn cargo_lambda_applies_the_release_flags_to_the_lambda_targets_only() {
    let config: toml::Table = toml::from_str(&read("CargoLambda.toml")).unwrap();
    let build = &config["build"];
    assert_eq!(build["x86_64"].as_bool(), Some(true), "a function SAM builds without --arm64 is x86_64 on any machine");
    let flags: Vec<&str> = build["config"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for triple in ["x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"] {
        assert!(flags.contains(&format!(r#"target.{triple}.rustflags = ["-C", "relocation-model=static"]"#).as_str()), "{flags:?}");
    }
    // A [target] table in a cargo config would reach the host's own x86_64 builds (tests, proc macros).
    for path in [".cargo/config.toml", ".cargo/config"] {
        if let Ok(text) = std::fs::read_to_string(crate::common::root().join(path)) {
            assert!(!text.contains("relocation-model"), "{path}");
        }
    }
}

/// A new stack's first content (docs/deploy.md, "A first deploy"): the custom resource runs once
/// the emailed links' URL is in SSM, with the parameters as its properties, and its function may
/// only read and write the table and put the demo media.
#[test]
fn the_first_content_runs_after_the_link_base_and_its_function_may_only_add() {
    let template = template();
    let resource = &template["Resources"]["FirstContent"];
    assert_eq!(resource["Type"], "Custom::FirstContent");
    assert_eq!(resource["Properties"]["ServiceToken"]["Fn::GetAtt"][0], "SetupFunction");
    assert!(resource["DependsOn"].as_sequence().unwrap().contains(&"AppBaseUrlParameter".into()), "the activation link reads it");
    for parameter in ["FirstOperatorEmail", "SeedDemoCatalog"] {
        assert_eq!(resource["Properties"][parameter], reference(parameter), "{parameter}");
    }
    let seed = &template["Parameters"]["SeedDemoCatalog"];
    assert_eq!((seed["Default"].as_str(), seed["AllowedValues"].as_sequence().map(Vec::len)), (Some("false"), Some(2)));

    let setup = functions().into_iter().find(|f| f.krate == "setup").expect("the setup function");
    let actions: Vec<String> = setup.inline_actions().into_iter().collect();
    assert_eq!(actions, ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "s3:PutObject"], "it adds, never deletes");
    assert!(setup.properties["Timeout"].as_u64().unwrap() >= 60, "time for the demo media's upload");
    assert!(setup.has_policy(&reference("LinkBasePolicy")), "it writes the first operator's activation email");
}
