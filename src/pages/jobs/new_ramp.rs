//! The weight ramp form: which endpoint, from and to which weight, in how
//! many steps over how long, and whether to roll back when it turns
//! unhealthy. The weights each step sets are shown before it starts.

use leptos::prelude::*;
use pooldeck_model::jobs::ramp::weight_at;
use pooldeck_model::jobs::JobSpec;
use pooldeck_model::Pool;

#[component]
pub fn RampForm(
    /// The pool, as just read.
    pool: Pool,
    /// Sends the finished spec.
    submit: Callback<JobSpec>,
    /// True while it is being sent.
    sending: RwSignal<bool>,
) -> impl IntoView {
    let first = pool
        .origins
        .first()
        .map(|o| o.name.clone())
        .unwrap_or_default();
    let endpoint = RwSignal::new(first);
    let from_zero = RwSignal::new(true);
    let to = RwSignal::new("1".to_owned());
    let steps = RwSignal::new("5".to_owned());
    let minutes = RwSignal::new("10".to_owned());
    let rollback = RwSignal::new(true);
    let pool = StoredValue::new(pool);
    let current = Memo::new(move |_| {
        let name = endpoint.get();
        pool.with_value(|p| p.origins.iter().find(|o| o.name == name).map(|o| o.weight))
    });
    let spec = Memo::new(move |_| -> Result<JobSpec, String> {
        let to: f64 = to
            .get()
            .trim()
            .parse()
            .map_err(|_| "To weight is a number from 0 to 1.")?;
        let steps: u32 = steps
            .get()
            .trim()
            .parse()
            .map_err(|_| "Steps is a whole number.")?;
        let minutes: f64 = minutes
            .get()
            .trim()
            .parse()
            .ok()
            .filter(|m: &f64| *m > 0.0)
            .ok_or("Over is a number of minutes above 0.")?;
        let interval_secs = ((minutes * 60.0) / f64::from(steps.max(1)))
            .round()
            .max(1.0) as u64;
        let spec = JobSpec::Ramp {
            endpoint: endpoint.get(),
            from: from_zero.get().then_some(0.0),
            to,
            steps,
            interval_secs,
            rollback: rollback.get(),
        };
        match pool.with_value(|p| spec.problem(p)) {
            Some(why) => Err(why),
            None => Ok(spec),
        }
    });
    let plan = move || {
        let Ok(JobSpec::Ramp {
            from,
            to,
            steps,
            interval_secs,
            ..
        }) = spec.get()
        else {
            return String::new();
        };
        let base = from.or(current.get()).unwrap_or(0.0);
        let weights: Vec<String> = (1..=steps)
            .map(|k| weight_at(base, to, steps, k).to_string())
            .collect();
        format!(
            "Weights, one step every {interval_secs} s: {}.",
            weights.join(", ")
        )
    };
    let blocked = move || sending.get() || spec.with(Result::is_err);
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if let (false, Ok(spec)) = (blocked(), spec.get_untracked()) {
            submit.run(spec);
        }
    };
    let endpoints =
        pool.with_value(|p| p.origins.iter().map(|o| o.name.clone()).collect::<Vec<_>>());
    let input = |id: &'static str, value: RwSignal<String>, step: &'static str| {
        view! {
            <input
                id={id}
                type="number"
                min="0"
                step={step}
                prop:value={value.get_untracked()}
                on:input={move |ev| value.set(event_target_value(&ev))}
            />
        }
    };
    view! {
        <form class="pd-form" novalidate on:submit={on_submit} data-testid="ramp-form">
            <label for="ramp-endpoint">"Endpoint"</label>
            <select id="ramp-endpoint" on:change={move |ev| endpoint.set(event_target_value(&ev))}>
                {endpoints
                    .into_iter()
                    .map(|name| {
                        let value = name.clone();
                        view! { <option value={value}>{name}</option> }
                    })
                    .collect_view()}
            </select>
            <fieldset class="pd-fieldset">
                <legend>"From"</legend>
                <label class="pd-radio">
                    <input
                        type="radio"
                        name="ramp-from"
                        prop:checked={move || from_zero.get()}
                        on:change={move |_| from_zero.set(true)}
                    />
                    "Weight 0"
                </label>
                <label class="pd-radio">
                    <input
                        type="radio"
                        name="ramp-from"
                        prop:checked={move || !from_zero.get()}
                        on:change={move |_| from_zero.set(false)}
                    />
                    {move || {
                        format!(
                            "Its current weight ({})",
                            current.get().map_or("none".to_owned(), |w| w.to_string()),
                        )
                    }}
                </label>
            </fieldset>
            <label for="ramp-to">"To weight"</label>
            {input("ramp-to", to, "0.01")}
            <label for="ramp-steps">"Steps"</label>
            {input("ramp-steps", steps, "1")}
            <label for="ramp-minutes">"Over (minutes)"</label>
            {input("ramp-minutes", minutes, "any")}
            <label class="pd-radio">
                <input
                    type="checkbox"
                    prop:checked={move || rollback.get()}
                    on:change={move |ev| rollback.set(event_target_checked(&ev))}
                />
                "Roll back to the starting weight if the endpoint or pool turns unhealthy"
            </label>
            <p class="pd-hint" data-testid="ramp-plan">
                {plan}
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
            <button type="submit" class="pd-button pd-primary" disabled={blocked}>
                "Start ramp"
            </button>
        </form>
    }
}
