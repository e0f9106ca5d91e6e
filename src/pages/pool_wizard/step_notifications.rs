//! Step 5, Notifications: the pool's own `notification_filter` for pool
//! and endpoint events, and a health alert (a notification policy) to
//! create once the pool is saved.

use leptos::prelude::*;
use pooldeck_model::{FilterOptions, NotificationFilter, Pool};

use super::alert_request::EMAILS_PATH;
use super::form::{field_id, Form};
use crate::components::field::TextField;

/// The choices for one event source, as (value, label).
pub const CHOICES: [(&str, &str); 4] = [
    ("all", "Every health change"),
    ("unhealthy", "Only on becoming unhealthy"),
    ("healthy", "Only on becoming healthy"),
    ("off", "Never (disabled)"),
];

fn read(options: Option<&FilterOptions>) -> &'static str {
    match options {
        Some(o) if o.disable => "off",
        Some(FilterOptions {
            healthy: Some(false),
            ..
        }) => "unhealthy",
        Some(FilterOptions {
            healthy: Some(true),
            ..
        }) => "healthy",
        _ => "all",
    }
}

/// Sets `options` to the choice `choice` (a value of [`CHOICES`]); the
/// bulk page builds its filter with this too.
pub fn write_choice(options: &mut FilterOptions, choice: &str) {
    options.disable = choice == "off";
    options.healthy = match choice {
        "unhealthy" => Some(false),
        "healthy" => Some(true),
        _ => None,
    };
}

fn source(pool: &Pool, endpoint: bool) -> Option<&FilterOptions> {
    let filter = pool.notification_filter.as_ref()?.as_ref()?;
    let side = if endpoint {
        &filter.origin
    } else {
        &filter.pool
    };
    side.as_ref()?.as_ref()
}

#[component]
pub fn StepNotifications(form: Form) -> impl IntoView {
    let select = move |endpoint: bool, label: &'static str, test_id: &'static str| {
        let id = field_id(if endpoint {
            "notification_filter.origin"
        } else {
            "notification_filter.pool"
        });
        view! {
            <div class="pd-field">
                <label for={id.clone()}>{label}</label>
                <select
                    id={id}
                    data-testid={test_id}
                    prop:value={move || form.base.with(|p| read(source(p, endpoint)).to_owned())}
                    on:change={move |ev| {
                        let v = event_target_value(&ev);
                        form.base
                            .update(|p| {
                                let filter = p
                                    .notification_filter
                                    .get_or_insert(None)
                                    .get_or_insert_with(NotificationFilter::default);
                                let side = if endpoint {
                                    &mut filter.origin
                                } else {
                                    &mut filter.pool
                                };
                                write_choice(
                                    side
                                        .get_or_insert(None)
                                        .get_or_insert_with(FilterOptions::default),
                                    &v,
                                );
                            });
                    }}
                >
                    {CHOICES
                        .iter()
                        .map(|(v, l)| view! { <option value={*v}>{*l}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let emails_id = field_id(EMAILS_PATH);
    let wanted = Memo::new(move |_| form.alert.with(|a| a.wanted));
    view! {
        <fieldset class="pd-fieldset" data-testid="notification-filter">
            <legend>"Pool notifications"</legend>
            <p class="pd-hint">"Which health changes of this pool send its notifications."</p>
            {select(false, "Pool events", "notify-pool")}
            {select(true, "Endpoint events", "notify-endpoint")}
        </fieldset>
        <fieldset class="pd-fieldset" data-testid="health-alert">
            <legend>"Health alert"</legend>
            <label class="pd-check">
                <input
                    type="checkbox"
                    data-testid="alert-wanted"
                    prop:checked={move || wanted.get()}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        form.alert.update(|a| a.wanted = on);
                    }}
                />
                " Create a health alert for this pool"
            </label>
            <p class="pd-hint">
                "A Load Balancing Health Alert notification policy for this pool, created after the pool is saved: pool and endpoint events, healthy and unhealthy."
            </p>
            {
                let emails_id = emails_id.clone();
                move || {
                    wanted
                        .get()
                        .then(|| {
                            view! {
                                <TextField
                                    fields={form.fields}
                                    path={EMAILS_PATH}
                                    id={emails_id.clone()}
                                    label={Some("Email recipients")}
                                    placeholder={Some("ops@example.com, oncall@example.com")}
                                    test_id="alert-emails"
                                    value={form.alert.with_untracked(|a| a.emails.clone())}
                                    on_input={Callback::new(move |v: String| {
                                        form.alert.update(|a| a.emails = v)
                                    })}
                                />
                            }
                        })
                }
            }
        </fieldset>
    }
}
