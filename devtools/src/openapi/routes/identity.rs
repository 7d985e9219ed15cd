//! The identity slice's public routes: sign-up, activation, sessions, password resets.

use crate::openapi::Op;
use cloudstore::identity::requests::{LinkPasswordRequest, LoginRequest, RefreshRequest, ResetRequest, SignupRequest};
use cloudstore::identity::views::{LinkFollowed, SignedUp, Tokens};
use cloudstore::views::Message;

pub fn operations() -> Vec<Op> {
    vec![
        Op::post("/signup")
            .id("signup")
            .tag("identity")
            .summary("Sign up a company with its first administrator")
            .description("The admin is `pending_activation` and gets the activation email.")
            .public()
            .body::<SignupRequest>()
            .created::<SignedUp>("Company and admin created.")
            .problems([400, 409]),
        Op::post("/activation")
            .id("activate")
            .tag("identity")
            .summary("Choose a password through an activation link")
            .description(
                "Every activation-type link (new user, email change, admin-requested password change) lands \
                 here. An unknown or spent token is 400 `token_invalid`; an expired one 410 `token_expired`.",
            )
            .public()
            .body::<LinkPasswordRequest>()
            .ok::<LinkFollowed>("The user is `active`.")
            .problems([400, 409, 410]),
        Op::post("/login")
            .id("login")
            .tag("identity")
            .summary("Start a session")
            .public()
            .body::<LoginRequest>()
            .ok::<Tokens>("Signed in.")
            .problems([400, 409, 429])
            .problem(401, "`invalid_credentials`: the same answer for an unknown email and a wrong password.")
            .problem(403, "`account_not_active`: right password, but the account waits for (re)activation."),
        Op::post("/token/refresh")
            .id("refreshToken")
            .tag("identity")
            .summary("Rotate a refresh token")
            .description("Refresh tokens rotate; presenting a spent one revokes that session.")
            .public()
            .body::<RefreshRequest>()
            .ok::<Tokens>("A new access token and refresh token.")
            .problems([400, 401, 409]),
        Op::post("/logout")
            .id("logout")
            .tag("identity")
            .summary("End the current session")
            .description("Ends the caller's session (and the one of `refresh_token`, if it is the caller's).")
            .body::<RefreshRequest>()
            .no_content("Signed out.")
            .problems([400]),
        Op::post("/password-reset")
            .id("requestPasswordReset")
            .tag("identity")
            .summary("Ask for a password reset link")
            .description(
                "202 always, whether or not the email has an account. An active user gets a reset link \
                 (1 h); a not-yet-active user gets a fresh activation link.",
            )
            .public()
            .body::<ResetRequest>()
            .accepted::<Message>("Accepted.")
            .problems([400, 409]),
        Op::post("/password-reset/confirm")
            .id("confirmPasswordReset")
            .tag("identity")
            .summary("Set a new password with a reset link")
            .description("Every session of that user is revoked.")
            .public()
            .body::<LinkPasswordRequest>()
            .ok::<LinkFollowed>("Password changed.")
            .problems([400, 409, 410]),
    ]
}
