//! Key shapes of the single table. `docs/data-model.md` lists the access pattern behind each.

pub const META: &str = "META";
pub const CLAIM: &str = "CLAIM";
pub const THROTTLE: &str = "THROTTLE";
pub const SESSION: &str = "SESSION";
pub const REFRESH: &str = "REFRESH";
pub const TOKEN: &str = "TOKEN";

pub fn company(company_id: &str) -> String {
    format!("COMPANY#{company_id}")
}
pub fn user(user_id: &str) -> String {
    format!("USER#{user_id}")
}
pub fn email(normalised: &str) -> String {
    format!("EMAIL#{normalised}")
}
pub fn session(session_id: &str) -> String {
    format!("SESSION#{session_id}")
}
pub fn refresh(hash: &str) -> String {
    format!("REFRESH#{hash}")
}
pub fn token(hash: &str) -> String {
    format!("TOKEN#{hash}")
}
/// GSI1 partition of activation links, sorted by expiry, for the scheduled sweep.
pub const ACTIVATION_EXPIRY: &str = "LINKEXP#activation";
