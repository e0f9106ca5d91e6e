//! The maintenance form: what to take out of service, when and for how
//! long, how often to check health once the window ends; and, before
//! anything is sent, what the window does to the pool's health (going
//! below the Health Threshold needs an explicit confirmation) and to the
//! load balancers that use it ([`MaintenanceImpact`]).

use leptos::prelude::*;
use pooldeck_model::jobs::{below_threshold, JobSpec, Target};
use pooldeck_model::Pool;
use wasm_bindgen::JsValue;

use super::maintenance_impact::MaintenanceImpact;

/// `YYYY-MM-DDTHH:MM` in the browser's time zone (a `datetime-local`
/// value), or now plus `offset_ms`, as RFC 3339 UTC.
fn to_utc(local: Option<&str>, offset_ms: f64) -> Option<String> {
    let start = match local {
        Some(v) => js_sys::Date::new(&JsValue::from_str(v)),
        None => js_sys::Date::new_0(),
    };
    let t = start.get_time() + offset_ms;
    if t.is_nan() {
        return None;
    }
    js_sys::Date::new(&JsValue::from_f64(t))
        .to_iso_string()
        .as_string()
}

#[component]
pub fn MaintenanceForm(
    /// The pool, as just read.
    pool: Pool,
    /// Sends the finished spec.
    submit: Callback<JobSpec>,
    /// True while it is being sent.
    sending: RwSignal<bool>,
) -> impl IntoView {
    let target = RwSignal::new(String::new()); // "" is the whole pool
    let now = RwSignal::new(true);
    let at = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_owned());
    let recheck = RwSignal::new("60".to_owned());
    let confirmed = RwSignal::new(false);
    let pool = StoredValue::new(pool);
    let target_of = move || match target.get() {
        t if t.is_empty() => Target::Pool,
        name => Target::Endpoint { name },
    };
    let chosen = Signal::derive(target_of);
    let warning = Memo::new(move |_| pool.with_value(|p| below_threshold(p, &target_of())));
    let spec = Memo::new(move |_| -> Result<JobSpec, String> {
        let minutes: f64 = minutes
            .get()
            .trim()
            .parse()
            .ok()
            .filter(|m: &f64| *m > 0.0)
            .ok_or("Duration is a number of minutes above 0.")?;
        let recheck_secs: u64 = recheck
            .get()
            .trim()
            .parse()
            .map_err(|_| "Check again every: a whole number of seconds.")?;
        let local = if now.get() { None } else { Some(at.get()) };
        if local.as_deref().is_some_and(str::is_empty) {
            return Err("Choose when the window starts.".into());
        }
        let start_at = to_utc(local.as_deref(), 0.0).ok_or("The start time is not a time.")?;
        let end_at =
            to_utc(local.as_deref(), minutes * 60_000.0).ok_or("The end is not a time.")?;
        let spec = JobSpec::Maintenance {
            target: target_of(),
            start_at,
            end_at,
            recheck_secs,
        };
        match pool.with_value(|p| spec.problem(p)) {
            Some(why) => Err(why),
            None => Ok(spec),
        }
    });
    let blocked = move || {
        sending.get()
            || spec.with(Result::is_err)
            || (warning.with(Option::is_some) && !confirmed.get())
    };
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if let (false, Ok(spec)) = (blocked(), spec.get_untracked()) {
            submit.run(spec);
        }
    };
    let endpoints =
        pool.with_value(|p| p.origins.iter().map(|o| o.name.clone()).collect::<Vec<_>>());
    view! {
        <form class="pd-form" novalidate on:submit={on_submit} data-testid="maintenance-form">
            <label for="maintenance-target">"Take out of service"</label>
            <select
                id="maintenance-target"
                on:change={move |ev| target.set(event_target_value(&ev))}
            >
                <option value="">"The whole pool"</option>
                {endpoints
                    .into_iter()
                    .map(|name| {
                        view! { <option value={name.clone()}>{format!("Endpoint {name}")}</option> }
                    })
                    .collect_view()}
            </select>
            <fieldset class="pd-fieldset">
                <legend>"Starts"</legend>
                <label class="pd-radio">
                    <input
                        type="radio"
                        name="maintenance-start"
                        prop:checked={move || now.get()}
                        on:change={move |_| now.set(true)}
                    />
                    "Now"
                </label>
                <label class="pd-radio">
                    <input
                        type="radio"
                        name="maintenance-start"
                        prop:checked={move || !now.get()}
                        on:change={move |_| now.set(false)}
                    />
                    "At a time"
                </label>
                <Show when={move || !now.get()}>
                    <label for="maintenance-at">"Start time (your time zone)"</label>
                    <input
                        id="maintenance-at"
                        type="datetime-local"
                        prop:value={at.get_untracked()}
                        on:input={move |ev| at.set(event_target_value(&ev))}
                    />
                </Show>
            </fieldset>
            <label for="maintenance-minutes">"Duration (minutes)"</label>
            <input
                id="maintenance-minutes"
                type="number"
                min="0"
                step="any"
                prop:value={minutes.get_untracked()}
                on:input={move |ev| minutes.set(event_target_value(&ev))}
            />
            <label for="maintenance-recheck">
                "When it ends, check health again every (seconds)"
            </label>
            <input
                id="maintenance-recheck"
                type="number"
                min="10"
                prop:value={recheck.get_untracked()}
                on:input={move |ev| recheck.set(event_target_value(&ev))}
            />
            <p class="pd-hint">
                "When the window ends, it is enabled again only once a health check with the pool's monitor passes; until then it stays disabled, and the Jobs page says why."
            </p>
            {move || {
                spec.get()
                    .err()
                    .map(|why| {
                        view! {
                            <p class="pd-field-error" role="alert" data-testid="job-problem">
                                {why}
                            </p>
                        }
                    })
            }}
            <MaintenanceImpact pool={pool} target={chosen} />
            {move || {
                warning
                    .get()
                    .map(|w| {
                        view! {
                            <p class="pd-field-warning" data-testid="threshold-warning">
                                {w}
                            </p>
                            <label class="pd-radio">
                                <input
                                    type="checkbox"
                                    prop:checked={move || confirmed.get()}
                                    on:change={move |ev| confirmed.set(event_target_checked(&ev))}
                                />
                                "I understand; schedule it anyway"
                            </label>
                        }
                    })
            }}
            <button type="submit" class="pd-button pd-primary" disabled={blocked}>
                "Schedule maintenance"
            </button>
        </form>
    }
}
