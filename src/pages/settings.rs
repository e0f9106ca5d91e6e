//! Settings: the connection the console uses (API base, account, auth
//! mode), a token for direct-token mode, "Test connection", and signing
//! out of pooldeck-server.

use crate::components::title::Title;
use leptos::prelude::*;

use crate::api::client::TOKEN_KEY;
use crate::api::config::ACCOUNT_KEY;
use crate::api::{fetch, Api, AuthMode};
use crate::context::{use_api, ApiSlot};

fn is_account(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let slot = expect_context::<ApiSlot>();
    let api = use_api();
    let account = RwSignal::new(api.config.account_id.clone().unwrap_or_default());
    let touched = RwSignal::new(false);
    let token = RwSignal::new(String::new());
    let result = RwSignal::new(None::<Result<String, String>>);
    let testing = RwSignal::new(false);
    let account_error = move || {
        let a = account.get();
        (touched.get() && !is_account(a.trim()))
            .then_some("An account ID is 32 hexadecimal characters.")
    };

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        let a = account.get_untracked().trim().to_ascii_lowercase();
        if !is_account(&a) {
            return;
        }
        if let Some(s) = window().local_storage().ok().flatten() {
            let _ = s.set_item(ACCOUNT_KEY, &a);
        }
        let t = token.get_untracked();
        if !t.trim().is_empty() {
            if let Some(s) = window().session_storage().ok().flatten() {
                let _ = s.set_item(TOKEN_KEY, t.trim());
            }
            token.set(String::new());
        }
        slot.update(|api| {
            if let Some(api) = api {
                api.config.account_id = Some(a.clone());
            }
        });
        result.set(Some(Ok("Saved.".into())));
    };

    let test = move |_| {
        let Some(api) = slot.get_untracked() else {
            return;
        };
        testing.set(true);
        result.set(None);
        // Bound to the page: its result is only for this view.
        leptos::task::spawn_local_scoped_with_cancellation(async move {
            let outcome = api
                .list_pools()
                .await
                .map(|p| {
                    format!(
                        "Connected: {} pool{} in this account.",
                        p.len(),
                        if p.len() == 1 { "" } else { "s" }
                    )
                })
                .map_err(|e| e.summary());
            result.set(Some(outcome));
            testing.set(false);
        });
    };

    let sign_out = move |_| {
        let Some(api) = slot.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let url = sign_out_url(&api);
            let _ = fetch::send(&fetch::Request {
                method: fetch::Method::Post,
                url: &url,
                headers: &[("X-Pooldeck-CSRF", "1")],
                credentials: Some(web_sys::RequestCredentials::SameOrigin),
                cache: None,
                body: None,
                signal: None,
            })
            .await;
            let _ = window().location().assign(&api.sign_in_url("/"));
        });
    };

    let config = api.config.clone();
    let session = config.auth == AuthMode::Session;
    view! {
        <Title text="Settings" />
        <h1 data-testid="page-title">"Settings"</h1>
        <form class="pd-form" on:submit={save} novalidate>
            <h2>"Connection"</h2>
            <dl class="pd-props">
                <dt>"API base URL"</dt>
                <dd data-testid="settings-api-base">{config.api_base.clone()}</dd>
                <dt>"Backend"</dt>
                <dd>
                    {match config.mode.as_str() {
                        "embedded" => "pooldeck-server (embedded API)",
                        "proxy" => "pooldeck-server (proxy to Cloudflare)",
                        _ => "Direct",
                    }}
                </dd>
                <dt>"Authentication"</dt>
                <dd>
                    {if session {
                        "Signed-in session (no token in the browser)"
                    } else {
                        "API token (kept for this tab only)"
                    }}
                </dd>
            </dl>
            <label for="settings-account">"Account ID"</label>
            <input
                id="settings-account"
                data-testid="settings-account"
                type="text"
                autocomplete="off"
                spellcheck="false"
                aria-invalid={move || account_error().map(|_| "true")}
                aria-describedby={move || account_error().map(|_| "settings-account-error")}
                prop:value={move || account.get()}
                on:input={move |ev| account.set(event_target_value(&ev))}
                on:blur={move |_| touched.set(true)}
            />
            {move || {
                account_error()
                    .map(|e| {
                        view! {
                            <p id="settings-account-error" class="pd-field-error">
                                {e}
                            </p>
                        }
                    })
            }}
            {(!session)
                .then(|| {
                    view! {
                        <label for="settings-token">"API token"</label>
                        <input
                            id="settings-token"
                            data-testid="settings-token"
                            type="password"
                            autocomplete="off"
                            prop:value={move || token.get()}
                            on:input={move |ev| token.set(event_target_value(&ev))}
                        />
                        <p class="pd-muted">
                            "Kept in this tab's session storage only, never in local storage or logs."
                        </p>
                    }
                })}
            <div class="pd-toolbar">
                <button type="submit" class="pd-button pd-primary" data-testid="settings-save">
                    "Save"
                </button>
                <button
                    type="button"
                    class="pd-button"
                    data-testid="settings-test"
                    disabled={move || testing.get()}
                    on:click={test}
                >
                    {move || if testing.get() { "Testing…" } else { "Test connection" }}
                </button>
                {session
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="pd-button"
                                data-testid="settings-sign-out"
                                on:click={sign_out}
                            >
                                "Sign out"
                            </button>
                        }
                    })}
            </div>
            <p role="status" data-testid="settings-result">
                {move || match result.get() {
                    Some(Ok(m)) => m,
                    Some(Err(e)) => format!("Failed: {e}"),
                    None => String::new(),
                }}
            </p>
        </form>
    }
}

/// pooldeck-server's sign-out endpoint, beside the API.
fn sign_out_url(api: &Api) -> String {
    let root = api
        .config
        .api_base
        .strip_suffix("/client/v4")
        .unwrap_or(&api.config.api_base);
    format!("{root}/_pooldeck/sign-out")
}
