//! `signup`: a company signs up with its first administrator (`POST /signup`), and anyone with an
//! activation link chooses their password (`POST /activation`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cloudstore::domain::{ids, Company, CompanyName, Email, PersonName, Role, TaxId, UserRecord, UserStatus};
use cloudstore::flows;
use cloudstore::http::{json, ApiJson};
use cloudstore::mail::ActivationReason;
use cloudstore::store::LinkKind;
use cloudstore::{auth::SecretToken, AppError, AppState, FieldError};
use serde::Deserialize;
use serde_json::json as j;
use time::OffsetDateTime;

pub fn router(state: AppState) -> Router {
    let routes = Router::new().route("/signup", post(signup)).route("/activation", post(activate));
    cloudstore::http::finish(routes, state)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignupBody {
    company: CompanyBody,
    admin: AdminBody,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompanyBody {
    name: String,
    #[serde(default)]
    tax_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdminBody {
    name: String,
    email: String,
}

struct Signup {
    company: CompanyName,
    tax_id: Option<TaxId>,
    admin_name: PersonName,
    admin_email: Email,
}

impl TryFrom<SignupBody> for Signup {
    type Error = AppError;

    fn try_from(body: SignupBody) -> Result<Self, AppError> {
        let mut errors: Vec<FieldError> = Vec::new();
        let company = CompanyName::parse(&body.company.name, "company.name").map_err(|e| errors.push(e)).ok();
        let tax_id = match body.company.tax_id.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => TaxId::parse(raw, "company.tax_id").map_err(|e| errors.push(e)).ok().map(Some),
        };
        let admin_name = PersonName::parse(&body.admin.name, "admin.name").map_err(|e| errors.push(e)).ok();
        let admin_email = Email::parse(&body.admin.email, "admin.email").map_err(|e| errors.push(e)).ok();
        match (company, tax_id, admin_name, admin_email) {
            (Some(company), Some(tax_id), Some(admin_name), Some(admin_email)) if errors.is_empty() => {
                Ok(Signup { company, tax_id, admin_name, admin_email })
            }
            _ => Err(AppError::Validation(errors)),
        }
    }
}

async fn signup(State(app): State<AppState>, ApiJson(body): ApiJson<SignupBody>) -> Result<Response, AppError> {
    let input = Signup::try_from(body)?;
    let now = OffsetDateTime::now_utc();
    let company = Company::new(ids::new_id(), input.company.into_inner(), input.tax_id.map(TaxId::into_inner), 1, now);
    let secret = SecretToken::generate()?;
    let admin = UserRecord {
        id: ids::new_id(),
        company_id: company.id.clone(),
        email: input.admin_email.as_str().to_string(),
        name: input.admin_name.into_inner(),
        role: Role::Admin,
        status: UserStatus::PendingActivation,
        password_hash: None,
        session_epoch: 0,
        version: 1,
        activation_token: Some(secret.hash.clone()),
        created_at: now,
    };
    let activation = flows::activation_link(&app, &admin, &secret.hash);
    app.store.create_company(&company, std::slice::from_ref(&admin), &[activation]).await?;
    let mail = app.mailer.activation(&admin.name, &secret.plain, ActivationReason::NewAccount, app.config.activation_ttl_seconds / 3600)?;
    app.mailer.send_logged(&admin.email, &mail).await;
    tracing::info!(company_id = %admin.company_id, user_id = %admin.id, "company signed up");
    Ok(json(StatusCode::CREATED, &j!({ "company_id": admin.company_id, "user_id": admin.id })))
}

async fn activate(State(app): State<AppState>, ApiJson(body): ApiJson<flows::LinkPasswordBody>) -> Result<Response, AppError> {
    let user = body.redeem(&app, LinkKind::Activation).await?;
    tracing::info!(user_id = %user.id, "user activated");
    Ok(json(StatusCode::OK, &j!({ "user_id": user.id, "email": user.email })))
}
