//! `licences`: an admin assigns the seats of a subscription to the company's users, who are
//! emailed and see an "Abrir aplicación" icon per application (`GET /me/apps`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get};
use axum::Router;
use cloudstore::domain::{ids, Product, Subscription, UserRecord, UserStatus};
use cloudstore::http::{json, no_content, ApiJson, ApiPath, ApiQuery, Bearer, Caller, PageParams};
use cloudstore::mail::Notice;
use cloudstore::store::Assignment;
use cloudstore::{App, AppError, AppState};
use serde::Deserialize;
use serde_json::{json as j, Value};
use std::collections::HashMap;

pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/subscriptions/{id}/licences", get(list).post(assign))
        .route("/subscriptions/{id}/licences/{user_id}", delete(release))
        .route("/me/apps", get(my_apps));
    cloudstore::http::finish(routes, state)
}

/// The subscription, inside the admin's company; 404 for anything else.
async fn subscription(app: &App, caller: &Caller, id: &str) -> Result<Subscription, AppError> {
    caller.require_admin()?;
    if !ids::looks_like_id(id) {
        return Err(AppError::NotFound);
    }
    app.store.get_subscription(caller.company_id(), id).await?.ok_or(AppError::NotFound)
}

async fn list(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<String>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Response, AppError> {
    let sub = subscription(&app, &caller, &id).await?;
    let (limit, cursor) = params.parse()?;
    let page = app.store.list_licences(caller.company_id(), &sub.id, limit, cursor.as_deref()).await?;
    let user_ids: Vec<&str> = page.items.iter().map(|l| l.user_id.as_str()).collect();
    let users: HashMap<String, UserRecord> = app.store.users_by_id(caller.company_id(), &user_ids).await?;
    let items: Vec<Value> = page
        .items
        .iter()
        .filter_map(|l| {
            let user = users.get(&l.user_id)?;
            Some(j!({ "user_id": l.user_id, "email": user.email, "name": user.name, "status": user.status, "assigned_at": cloudstore::domain::rfc3339(l.assigned_at) }))
        })
        .collect();
    Ok(cloudstore::http::page(&items, page.next.as_deref()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignBody {
    user_id: String,
}

/// 201 for a new licence, 200 when the user already had one; `no_seats_available` when full.
/// The subscription and the user are read in the same round trip as the session check, the
/// application (for the email) alongside the assignment's one transaction.
async fn assign(
    State(app): State<AppState>,
    bearer: Bearer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<AssignBody>, AppError>,
) -> Result<Response, AppError> {
    let input = body.and_then(|ApiJson(body)| {
        let ids_ok = ids::looks_like_id(&id) && ids::looks_like_id(&body.user_id);
        ids_ok.then_some(body).ok_or(AppError::NotFound)
    });
    let body = bearer.admin_input(&app, input).await?;
    let (_, (sub, user)) = bearer.admin_with(&app, app.store.subscription_and_user(bearer.company_id(), &id, &body.user_id)).await?;
    let (sub, user) = (sub.ok_or(AppError::NotFound)?, user.ok_or(AppError::NotFound)?);
    let (assignment, product) = tokio::join!(app.store.assign_licence(&sub, &user), app.store.get_product(&sub.product_id));
    let (status, licence) = match assignment? {
        Assignment::Assigned(l) => (StatusCode::CREATED, l),
        Assignment::AlreadyAssigned(l) => (StatusCode::OK, l),
        Assignment::NoSeats => return Err(AppError::NoSeatsAvailable),
        Assignment::Closed => return Err(AppError::field("subscription", "La suscripción está cancelada.")),
        Assignment::UserGone => return Err(AppError::NotFound),
    };
    if status == StatusCode::CREATED {
        announce(&app, &sub, &user, product).await;
    }
    let body = j!({ "subscription_id": sub.id, "user_id": user.id, "email": user.email, "name": user.name, "assigned_at": cloudstore::domain::rfc3339(licence.assigned_at) });
    Ok(json(status, &body))
}

/// Emails the user how to open the application they were given.
async fn announce(app: &App, sub: &Subscription, user: &UserRecord, product: Result<Option<Product>, AppError>) {
    let product = match product {
        Ok(Some(p)) => p,
        _ => {
            tracing::error!(product_id = %sub.product_id, "licence email: product not read");
            return;
        }
    };
    let mut paragraphs = vec![
        format!("Tu empresa te asignó una licencia de {}.", product.name),
        format!("Para usarla, entrá a tu panel de Cloud Store y tocá \"Abrir aplicación\", o andá directo a {}.", product.launch_url),
    ];
    if !product.help_url.is_empty() {
        paragraphs.push(format!("Si necesitás ayuda: {}", product.help_url));
    }
    if user.status != UserStatus::Active {
        paragraphs
            .push("Primero activá tu cuenta con el enlace que te enviamos por email; después vas a ver la aplicación en tu panel.".into());
    }
    let subject = format!("Ya podés usar {}", product.name);
    let notice =
        Notice { subject: &subject, name: &user.name, paragraphs, action: Some(("Abrir aplicación", product.launch_url.clone())) };
    match app.mailer.notice(&notice) {
        Ok(mail) => app.mailer.send_logged(&user.email, &mail).await,
        Err(err) => tracing::error!(error = ?err, "licence email not rendered"),
    }
}

async fn release(
    State(app): State<AppState>,
    caller: Caller,
    ApiPath((id, user_id)): ApiPath<(String, String)>,
) -> Result<Response, AppError> {
    let sub = subscription(&app, &caller, &id).await?;
    if !ids::looks_like_id(&user_id) || !app.store.release_licence(caller.company_id(), &sub.id, &user_id).await? {
        return Err(AppError::NotFound);
    }
    Ok(no_content())
}

/// The signed-in user's applications: one "Abrir aplicación" icon each.
async fn my_apps(State(app): State<AppState>, caller: Caller) -> Result<Response, AppError> {
    let licences = app.store.user_licences(caller.company_id(), &caller.user.id).await?;
    let product_ids: Vec<&str> = licences.iter().map(|l| l.product_id.as_str()).collect();
    let products: HashMap<String, Product> = app.store.products_by_id(&product_ids).await?;
    let items: Vec<Value> = licences
        .iter()
        .filter_map(|l| {
            let p = products.get(&l.product_id)?;
            Some(j!({
                "subscription_id": l.subscription_id, "product_id": p.id, "name": p.name,
                "icon_url": p.icon_url, "launch_url": p.launch_url, "help_url": p.help_url
            }))
        })
        .collect();
    Ok(json(StatusCode::OK, &j!({ "items": items })))
}
