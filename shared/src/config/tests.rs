//! The configuration's checks.

use super::*;

fn vars(extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [("TABLE_NAME", "t"), ("APP_BASE_URL", "https://app.test/"), ("MAIL_FROM", "a@b.test")]
        .iter()
        .chain(extra)
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    v.push(("UNRELATED".into(), "ignored".into()));
    v
}

#[test]
fn the_base_url_loses_its_slash_and_short_secrets_are_refused() {
    let config = Config::from_vars(vars(&[])).unwrap();
    assert_eq!(config.app_base_url, "https://app.test");
    assert!(config.local_keys().unwrap().is_none());
    let short = Config::from_vars(vars(&[("JWT_SECRET", "short")])).unwrap();
    assert!(short.local_keys().is_err());
    assert!(Config::from_vars(vars(&[("APP_BASE_URL", "ftp://x")])).is_err());
    let deployed = [("TABLE_NAME", "t"), ("MAIL_FROM", "a@b.test"), ("APP_BASE_URL_PARAMETER", "/cloudstore/prod/app-base-url")];
    let deployed = Config::from_vars(deployed.map(|(k, v)| (k.to_string(), v.to_string()))).unwrap();
    assert_eq!(deployed.app_base_url, "");
    assert_eq!(deployed.app_base_url_parameter.as_deref(), Some("/cloudstore/prod/app-base-url"));
}

#[test]
fn limits_default_to_production_values_and_zero_is_refused() {
    let config = Config::from_vars(vars(&[])).unwrap();
    assert_eq!((config.emails_per_recipient_per_hour, config.signups_per_ip_per_hour), (5, 20));
    assert_eq!(Config::from_vars(vars(&[("LOGINS_PER_IP_PER_HOUR", "5000")])).unwrap().logins_per_ip_per_hour, 5000);
    assert!(Config::from_vars(vars(&[("USERS_PER_COMPANY_PER_HOUR", "0")])).is_err());
    assert!(Config::from_vars(vars(&[("SES_TIMEOUT_MS", "5")])).is_err());
}

#[test]
fn every_field_is_a_listed_variable() {
    let names = [
        "table_name",
        "app_base_url",
        "mail_from",
        "jwt_issuer",
        "access_ttl_seconds",
        "warm_up",
        "jwt_keys_secret_arn",
        "emails_per_recipient_per_hour",
        "signups_per_ip_per_hour",
        "logins_per_ip_per_hour",
        "resets_per_ip_per_hour",
        "users_per_company_per_hour",
        "connect_timeout_ms",
        "dynamodb_timeout_ms",
        "ses_timeout_ms",
        "app_base_url_parameter",
        "jwt_keys",
        "origin_verify_secret",
        "webhook_secret_key",
        "webhook_keys_secret_arn",
        "webhook_allow_loopback_http",
        "webhook_timeout_ms",
    ];
    for name in names {
        assert!(VARIABLES.contains(&name.to_uppercase().as_str()), "{name}");
    }
}

#[test]
fn an_origin_secret_is_optional_and_never_short() {
    assert_eq!(Config::from_vars(vars(&[])).unwrap().origin_verify_secret, None);
    assert!(Config::from_vars(vars(&[("ORIGIN_VERIFY_SECRET", "too-short")])).is_err());
    let long = "x".repeat(40);
    assert_eq!(Config::from_vars(vars(&[("ORIGIN_VERIFY_SECRET", &long)])).unwrap().origin_verify_secret.as_deref(), Some(long.as_str()));
}
