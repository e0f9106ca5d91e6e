//! An error the user can act on: what went wrong, and a way out: retry, or
//! sign in again when that is the fix (which also brings them back here).
//!
//! The panel shows failed *loads* (writes report in their dialogs and
//! toasts), so when signing in is the fix it goes to the sign-in page by
//! itself: in session mode pooldeck-server's page, which returns here; in
//! token mode the Settings page, where the token is entered.

use leptos::prelude::*;

use crate::api::{ApiError, AuthMode};
use crate::context::use_api;
use crate::routes::Route;

/// Shows `error` with a Retry button, or a Sign in link.
#[component]
pub fn ErrorPanel(
    /// What failed.
    error: ApiError,
    /// Called by the Retry button.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let sign_in = error.needs_sign_in().then(|| {
        let here = window().location().pathname().unwrap_or_default()
            + &window().location().search().unwrap_or_default();
        match use_api().config.auth {
            AuthMode::Session => use_api().sign_in_url(&here),
            AuthMode::Token => Route::Settings.href(),
        }
    });
    if let Some(url) = sign_in.clone() {
        let _ = window().location().assign(&url);
    }
    let details: Vec<String> = error
        .errors
        .iter()
        .skip(1)
        .map(|e| match e.code {
            Some(c) => format!("{c}: {}", e.message),
            None => e.message.clone(),
        })
        .collect();
    view! {
        <div class="pd-error" role="alert" data-testid="error-panel">
            <p class="pd-error-title">{error.summary()}</p>
            {(!details.is_empty())
                .then(|| {
                    view! {
                        <ul>
                            {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                        </ul>
                    }
                })}
            {match sign_in {
                Some(url) => {
                    view! {
                        <a class="pd-button pd-primary" href={url} data-testid="error-sign-in">
                            "Sign in"
                        </a>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <button
                            type="button"
                            class="pd-button"
                            data-testid="error-retry"
                            on:click={move |_| on_retry.run(())}
                        >
                            "Retry"
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
