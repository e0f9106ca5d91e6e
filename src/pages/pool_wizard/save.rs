//! Saving the wizard: one state machine, and the save itself as a plain
//! async function over owned values.
//!
//! The save runs in an unscoped task, because a write must finish even if
//! the user leaves the page mid-save (the request is on its way; cutting it
//! off would only hide its outcome). So [`run`] reads nothing the page owns:
//! everything it needs is copied into [`SaveInput`] before it starts, and
//! its [`Outcome`] is applied to the page's signals afterwards with `try_`
//! accessors, which do nothing once the page is gone. (Reading a page
//! signal after an await panicked when "Leave" was confirmed during a save.)

use leptos::prelude::*;
use pooldeck_model::{Pool, WritePlan};

use super::alert_request::AlertRequest;
use super::draft_store;
use super::fields::focus_summary;
use super::form::Form;
use super::save_plan::{is_conflict, plan_save, SaveRequest};
use super::steps::{first_step, Step};
use crate::api::{Api, ApiError, ErrorKind};
use crate::components::toasts::Toasts;
use crate::routes::{Go, Route};

/// Where a save stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing in flight.
    Idle,
    Saving,
    /// Saved; the wizard is on its way to the pool.
    Saved,
    /// Not a refusal: the network, a 5xx, a timeout. With `uncertain`, a
    /// create may have happened all the same, and the next attempt looks
    /// for it before sending it again.
    Failed {
        error: ApiError,
        uncertain: bool,
    },
    /// The server refused `draft`; its errors sit under their fields until
    /// the draft changes.
    Rejected {
        draft: Box<Pool>,
    },
    /// The pool changed on the server; this is its copy now.
    Conflict(Box<Pool>),
    /// A create whose answer was lost is retried, and a pool with the
    /// draft's name exists now: most likely the lost create made it.
    MaybeSaved(Box<Pool>),
}

impl SaveState {
    pub fn is_busy(&self) -> bool {
        matches!(self, SaveState::Saving | SaveState::Saved)
    }

    /// True when the last create may have happened without an answer.
    pub fn create_uncertain(&self) -> bool {
        matches!(
            self,
            SaveState::Failed {
                uncertain: true,
                ..
            }
        )
    }
}

/// Everything one save needs, copied out of the page before it starts.
pub struct SaveInput {
    pub api: Api,
    pub draft: Pool,
    pub alert: AlertRequest,
    /// The pool being edited (None when creating).
    pub pool_id: Option<String>,
    /// The server's copy the edit is based on.
    pub base: Option<Pool>,
    /// The account's pool IDs when the wizard opened.
    pub known_ids: Vec<String>,
    /// Replace the server's copy whatever changed there ("Overwrite theirs").
    pub force_put: bool,
    /// The last create may have happened (see [`SaveState::Failed`]).
    pub create_uncertain: bool,
    /// The rows' keys when the draft was taken, to file the server's
    /// errors under the rows they name.
    pub row_keys: Vec<u64>,
}

/// How a save ended.
#[derive(Debug)]
pub enum Outcome {
    Saved {
        pool: Pool,
        /// The health alert's failure, when one was wanted and not made.
        alert_error: Option<String>,
        alert_made: bool,
    },
    Conflict(Pool),
    MaybeSaved(Pool),
    /// `(path, message)` in the form's namespace (rows by key).
    Rejected {
        draft: Pool,
        errors: Vec<(String, String)>,
    },
    Failed {
        error: ApiError,
        uncertain: bool,
    },
}

/// What the wizard's Save button drives: the form, the state machine, and
/// what a save needs from the page.
pub struct Saver {
    pub form: Form,
    pub state: RwSignal<SaveState>,
    /// The server's copy an edit is based on.
    pub loaded: RwSignal<Option<Pool>>,
    pub api: Api,
    pub pool_id: Option<String>,
    /// The account's pool IDs when the wizard opened.
    pub known_ids: Vec<String>,
    /// The autosaved draft's key, cleared once saved.
    pub key: StoredValue<String>,
    pub go: Go,
    pub toasts: Toasts,
}

impl Saver {
    /// The save, as a callback taking "overwrite theirs" (a forced PUT).
    ///
    /// It checks every step first and goes to the first with a problem.
    /// Otherwise it copies what [`run`] needs out of the page, runs it in
    /// an unscoped task, and applies the [`Outcome`] only while the page
    /// is still there.
    pub fn callback(self) -> Callback<bool> {
        let Saver {
            form,
            state,
            loaded,
            api,
            pool_id,
            known_ids,
            key,
            go,
            toasts,
        } = self;
        Callback::new(move |force_put: bool| {
            if state.with_untracked(SaveState::is_busy) {
                return;
            }
            for s in Step::ALL {
                form.attempt(s);
            }
            if let Some(step) = form.first_step_with_errors() {
                if step != Step::Review {
                    form.step.set(step);
                    focus_summary();
                    return;
                }
                // Only earlier server errors about nothing in particular:
                // a retry is what the user asked for.
            }
            let input = SaveInput {
                api: api.clone(),
                draft: form.draft.get_untracked(),
                alert: form.alert.get_untracked(),
                pool_id: pool_id.clone(),
                base: loaded.get_untracked(),
                known_ids: known_ids.clone(),
                force_put,
                create_uncertain: state.with_untracked(SaveState::create_uncertain),
                row_keys: form.keys(),
            };
            let key = key.get_value();
            let go = go;
            state.set(SaveState::Saving);
            leptos::task::spawn_local(async move {
                let outcome = run(input).await;
                // What is not the page's happens whether or not it is still
                // there: the draft is gone, the toasts are the app's.
                if let Outcome::Saved {
                    pool,
                    alert_error,
                    alert_made,
                } = &outcome
                {
                    draft_store::clear(&key);
                    toasts.success(format!("Pool {} saved", pool.name));
                    if *alert_made {
                        toasts.success(format!("Health alert for {} created", pool.name));
                    }
                    if let Some(e) = alert_error {
                        toasts.error(format!(
                            "The pool was saved, but the health alert was not: {e}"
                        ));
                    }
                }
                // The page's signals go together: one check covers them.
                if state.try_get_untracked().is_none() {
                    return;
                }
                apply(form, state, &go, outcome);
            });
        })
    }
}

/// Shows how a save ended, on a page that is still there.
fn apply(form: Form, state: RwSignal<SaveState>, go: &Go, outcome: Outcome) {
    match outcome {
        Outcome::Saved { pool, .. } => {
            state.set(SaveState::Saved);
            go.replace(Route::Pool(pool.id.unwrap_or_default()));
        }
        Outcome::Conflict(fresh) => state.set(SaveState::Conflict(Box::new(fresh))),
        Outcome::MaybeSaved(found) => state.set(SaveState::MaybeSaved(Box::new(found))),
        Outcome::Rejected { draft, errors } => {
            // Each error under its field, and the first step with one.
            let step = first_step(errors.iter().map(|(p, _)| p.as_str())).unwrap_or(Step::Review);
            form.fields.set_server(errors);
            state.set(SaveState::Rejected {
                draft: Box::new(draft),
            });
            form.step.set(step);
            focus_summary();
        }
        Outcome::Failed { error, uncertain } => state.set(SaveState::Failed { error, uncertain }),
    }
}

/// True when a failed write may still have happened on the server: no
/// answer, or an answer that is not the server's refusal.
pub fn outcome_unknown(e: &ApiError) -> bool {
    match e.kind {
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Malformed => true,
        ErrorKind::Api => e.status >= 500,
        ErrorKind::Offline => false,
    }
}

/// Saves the draft: a create, or an edit checked against a fresh copy.
pub async fn run(input: SaveInput) -> Outcome {
    let SaveInput {
        api,
        draft,
        alert,
        pool_id,
        base,
        known_ids,
        force_put,
        create_uncertain,
        row_keys,
    } = input;
    // Did an earlier create whose answer was lost happen after all? A pool
    // with this name that was not there when the wizard opened says so.
    let find_lost_create = || async {
        api.list_pools().await.map(|all| {
            all.into_iter().find(|p| {
                p.name == draft.name && p.id.as_ref().is_some_and(|id| !known_ids.contains(id))
            })
        })
    };
    if pool_id.is_none() && create_uncertain {
        match find_lost_create().await {
            Ok(Some(found)) => return Outcome::MaybeSaved(found),
            Ok(None) => {}
            Err(error) => {
                return Outcome::Failed {
                    error,
                    uncertain: true,
                }
            }
        }
    }
    let result = match &pool_id {
        None => api.create_pool(&draft).await,
        Some(id) => match api.get_pool(id).await {
            Err(e) => Err(e),
            Ok(fresh) => {
                // The server already holding exactly the draft is no
                // conflict: typically a save whose answer was lost, retried.
                let plan = plan_save(Some(&fresh), &draft);
                let already = matches!(plan, SaveRequest::Update(WritePlan::Nothing));
                if !force_put && !already && base.as_ref().is_some_and(|b| is_conflict(b, &fresh)) {
                    return Outcome::Conflict(fresh);
                }
                match (force_put, plan) {
                    (true, _) => api.replace_pool(id, draft.write_body()).await,
                    (_, SaveRequest::Update(WritePlan::Patch(body))) => {
                        api.patch_pool(id, body).await
                    }
                    (_, SaveRequest::Update(WritePlan::Put(body))) => {
                        api.replace_pool(id, body).await
                    }
                    (_, _) => Ok(fresh),
                }
            }
        },
    };
    // A create refused because the name is taken may have been refused
    // because of itself: the browser resends a POST whose connection closed
    // before any answer, and the first one may have been applied.
    if pool_id.is_none() {
        if let Err(e) = &result {
            let name_taken = e.kind == ErrorKind::Api
                && e.status == 400
                && e.field_errors().iter().any(|(p, _)| p == "name");
            if name_taken {
                if let Ok(Some(found)) = find_lost_create().await {
                    return Outcome::MaybeSaved(found);
                }
            }
        }
    }
    match result {
        Ok(pool) => {
            let id = pool.id.clone().unwrap_or_default();
            let (alert_made, alert_error) = if alert.wanted {
                match api.create_policy(&alert.policy(&pool.name, &id)).await {
                    Ok(_) => (true, None),
                    Err(e) => (false, Some(e.summary())),
                }
            } else {
                (false, None)
            };
            Outcome::Saved {
                pool,
                alert_error,
                alert_made,
            }
        }
        Err(e) if e.kind == ErrorKind::Api && (e.status == 400 || e.status == 409) => {
            let errors = e
                .field_errors()
                .into_iter()
                .map(|(p, m)| (super::form::stable_path(&p, &row_keys), m))
                .collect();
            Outcome::Rejected { draft, errors }
        }
        Err(error) => {
            let uncertain = pool_id.is_none() && outcome_unknown(&error);
            Outcome::Failed { error, uncertain }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_that_are_refusals_mean_nothing_was_written() {
        let api = |status| ApiError::new(ErrorKind::Api, status, "x");
        assert!(outcome_unknown(&ApiError::new(ErrorKind::Network, 0, "x")));
        assert!(outcome_unknown(&ApiError::new(ErrorKind::Timeout, 0, "x")));
        assert!(outcome_unknown(&ApiError::new(
            ErrorKind::Malformed,
            200,
            "x"
        )));
        assert!(outcome_unknown(&api(502)));
        assert!(!outcome_unknown(&api(400)));
        assert!(!outcome_unknown(&api(409)));
        assert!(!outcome_unknown(&ApiError::new(ErrorKind::Offline, 0, "x")));
    }

    #[test]
    fn only_a_failed_create_without_an_answer_is_uncertain() {
        let failed = |uncertain| SaveState::Failed {
            error: ApiError::new(ErrorKind::Network, 0, "x"),
            uncertain,
        };
        assert!(failed(true).create_uncertain());
        assert!(!failed(false).create_uncertain());
        assert!(!SaveState::Idle.create_uncertain());
        assert!(SaveState::Saving.is_busy());
        assert!(SaveState::Saved.is_busy());
    }
}
