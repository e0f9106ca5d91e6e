//! Recording writes as they pass through `/client/v4`, in either mode.

use std::sync::Arc;

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{header, Method};
use axum::response::Response;
use axum::Router;
use pooldeck_model::history::same_content;
use pooldeck_model::HistoryEntry;
use serde_json::Value;
use tower::ServiceExt;

use super::target::{target, Scope, Target};
use crate::auth::is_mutation;
use crate::AppState;

/// The most of an answer kept to read the object from (a pool list of a
/// large account included).
const ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// `inner` (the embedded API or the proxy), with every successful write to
/// an object recorded in the history.
pub fn wrap(inner: Router, app: Arc<AppState>) -> Router {
    Router::new().fallback(move |req: Request| around(inner.clone(), app.clone(), req))
}

async fn around(inner: Router, app: Arc<AppState>, req: Request) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let interesting = is_mutation(&method).then(|| target(&path)).flatten();
    // A job's write is named after the job, not the runner's token.
    let actor = req
        .extensions()
        .get::<crate::jobs::JobActor>()
        .map(|a| a.0.clone())
        .or_else(|| app.auth.who(&app.sessions, req.headers()));
    let (Some(target), Some(actor)) = (interesting, actor) else {
        return pass(inner, req).await;
    };
    let (parts, body) = req.into_parts();
    let before = if method == Method::POST {
        None
    } else {
        read(inner.clone(), &parts).await
    };
    let answer = pass(inner, Request::from_parts(parts, body)).await;
    if !answer.status().is_success() {
        return answer;
    }
    let (answer_parts, answer_body) = answer.into_parts();
    let Ok(bytes) = to_bytes(answer_body, ANSWER_LIMIT).await else {
        // Too large to keep: the write happened, but it cannot be
        // recorded, and its answer cannot be given whole either.
        return Response::from_parts(answer_parts, Body::empty());
    };
    let after = result_of(&bytes);
    let entries = entries(&app, &target, &actor, &method, &path, before, after);
    if !entries.is_empty() {
        record(app, entries).await;
    }
    Response::from_parts(answer_parts, Body::from(bytes))
}

async fn pass(inner: Router, req: Request) -> Response {
    match inner.oneshot(req).await {
        Ok(res) => res,
        Err(never) => match never {},
    }
}

/// The `result` of a successful envelope.
fn result_of(bytes: &[u8]) -> Option<Value> {
    let mut v: Value = serde_json::from_slice(bytes).ok()?;
    (v.get("success") == Some(&Value::Bool(true))).then(|| v["result"].take())
}

/// The object (or collection: the same page of it) the write names, as the
/// caller may see it: a GET through the same router, to the same path and
/// query, with the caller's own credentials.
async fn read(inner: Router, parts: &Parts) -> Option<Value> {
    let mut headers = parts.headers.clone();
    for name in [
        header::CONTENT_LENGTH,
        header::CONTENT_TYPE,
        header::TRANSFER_ENCODING,
    ] {
        headers.remove(name);
    }
    let mut get = Request::new(Body::empty());
    *get.method_mut() = Method::GET;
    *get.uri_mut() = parts.uri.clone();
    *get.headers_mut() = headers;
    // Handlers that need the full path (the proxy's, the errors') read it
    // here.
    if let Some(original) = parts.extensions.get::<OriginalUri>() {
        get.extensions_mut().insert(original.clone());
    }
    let answer = pass(inner, get).await;
    if !answer.status().is_success() {
        return None;
    }
    let bytes = to_bytes(answer.into_body(), ANSWER_LIMIT).await.ok()?;
    result_of(&bytes)
}

/// What to record for a write that succeeded: one entry, or one per pool
/// a bulk PATCH changed.
fn entries(
    app: &AppState,
    target: &Target,
    actor: &str,
    method: &Method,
    path: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> Vec<HistoryEntry> {
    let (account_id, zone_id) = match &target.scope {
        Scope::Account(a) => (Some(a.clone()), None),
        Scope::Zone(z) => (
            app.store
                .read(|s| s.zones.get(z).map(|zone| zone.account_id.clone())),
            Some(z.clone()),
        ),
    };
    let entry = |object_id: String, before: Option<Value>, after: Option<Value>| HistoryEntry {
        seq: 0,
        at: crate::clock::now_rfc3339(),
        actor: actor.to_owned(),
        method: method.as_str().to_owned(),
        kind: target.kind.to_owned(),
        account_id: account_id.clone(),
        zone_id: zone_id.clone(),
        object_id,
        path: path.to_owned(),
        before,
        after,
    };
    let id_of = |v: &Value| v.get("id").and_then(Value::as_str).map(str::to_owned);
    match (&target.id, method) {
        (Some(id), &Method::DELETE) => vec![entry(id.clone(), before, None)],
        (Some(id), _) => vec![entry(id.clone(), before, after)],
        (None, &Method::POST) => after
            .as_ref()
            .and_then(id_of)
            .map(|id| vec![entry(id, None, after)])
            .unwrap_or_default(),
        // A collection PATCH (the pools' bulk PATCH): one entry for each
        // object it changed.
        (None, _) => {
            let (Some(Value::Array(before)), Some(Value::Array(after))) = (before, after) else {
                return Vec::new();
            };
            after
                .into_iter()
                .filter_map(|a| {
                    let id = id_of(&a)?;
                    let b = before.iter().find(|b| id_of(b).as_ref() == Some(&id));
                    let changed = b.is_none_or(|b| !same_content(b, &a));
                    changed.then(|| entry(id, b.cloned(), Some(a)))
                })
                .collect()
        }
    }
}

/// Writes the entries, then prunes what the retention no longer keeps. A
/// failure is reported and does not fail the write, which has happened.
async fn record(app: Arc<AppState>, entries: Vec<HistoryEntry>) {
    let done = tokio::task::spawn_blocking(move || {
        for e in &entries {
            app.store.record_history(e)?;
        }
        if let Some(cutoff) = app.history_retention.cutoff(std::time::SystemTime::now()) {
            app.store.prune_history(&cutoff)?;
        }
        Ok::<_, crate::store::StoreError>(())
    })
    .await;
    match done {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("pooldeck-server: a write could not be recorded in history: {e}"),
        Err(e) => eprintln!("pooldeck-server: recording history failed: {e}"),
    }
}
