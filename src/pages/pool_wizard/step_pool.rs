//! Step 1, Pool: name, description, enabled and Endpoint Steering.

use leptos::prelude::*;
use pooldeck_model::{OriginSteering, SteeringPolicy};

use super::fields::text_field;
use super::form::Form;

const POLICIES: [SteeringPolicy; 4] = [
    SteeringPolicy::Random,
    SteeringPolicy::Hash,
    SteeringPolicy::LeastOutstandingRequests,
    SteeringPolicy::LeastConnections,
];

#[component]
pub fn StepPool(form: Form) -> impl IntoView {
    let current = move || form.base.with(|p| p.steering_policy());
    view! {
        {text_field(
            form,
            "name",
            "Name",
            "pool-name",
            |p| p.name.clone(),
            |p, v| p.name = v,
            Some("Unique in the account. Letters, digits, - and _ only."),
        )}
        {text_field(
            form,
            "description",
            "Description",
            "pool-description",
            |p| p.description.clone(),
            |p, v| p.description = v,
            None,
        )}
        <div class="pd-field pd-check">
            <input
                id="f-enabled"
                type="checkbox"
                data-testid="pool-enabled"
                prop:checked={move || {
                    form.generation.get();
                    form.base.with_untracked(|p| p.enabled)
                }}
                on:change={move |ev| {
                    let on = event_target_checked(&ev);
                    form.base.update(|p| p.enabled = on);
                }}
            />
            <label for="f-enabled">"Enabled"</label>
            <p class="pd-hint">"A disabled pool gets no traffic and is not health-checked."</p>
        </div>
        <fieldset class="pd-fieldset" data-testid="steering">
            <legend>"Endpoint Steering"</legend>
            {POLICIES
                .into_iter()
                .map(|policy| {
                    let id = format!("f-origin_steering-{}", policy.as_str());
                    let explanation = policy.explanation();
                    let (p1, p2) = (policy.clone(), policy.clone());
                    view! {
                        <div class="pd-radio">
                            <input
                                type="radio"
                                name="steering"
                                id={id.clone()}
                                value={policy.as_str().to_owned()}
                                data-testid={format!("steering-{}", policy.as_str())}
                                prop:checked={move || current() == p1}
                                on:change={move |_| {
                                    let chosen = p2.clone();
                                    form.base
                                        .update(|p| match &mut p.origin_steering {
                                            Some(s) => s.policy = chosen,
                                            None => {
                                                p.origin_steering = Some(OriginSteering {
                                                    policy: chosen,
                                                    extra: Default::default(),
                                                });
                                            }
                                        });
                                }}
                            />
                            <label for={id}>{policy.label().to_owned()}</label>
                            <p class="pd-hint">{explanation}</p>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}
