//! The people slice's answers.

use crate::identity::{User, UserRecord};
use crate::ids::{SubscriptionId, TerminationId};
use serde::Serialize;

/// `GET /users/{id}`: the user and the subscriptions they hold a licence of.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDetail {
    #[serde(flatten)]
    pub user: User,
    pub licences: Vec<SubscriptionId>,
}

impl From<&UserRecord> for UserDetail {
    fn from(u: &UserRecord) -> Self {
        UserDetail { user: u.into(), licences: u.licences.keys().cloned().collect() }
    }
}

/// What `DELETE /users/{id}` did.
pub enum Deletion {
    /// The user is gone (204).
    Deleted,
    /// The last admin asked to terminate the account (202).
    TerminationRequested(TerminationRequested),
}

/// `DELETE /users/{id}?terminate_account=true`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = TerminationAccepted))]
pub struct TerminationRequested {
    pub termination_request_id: TerminationId,
}
