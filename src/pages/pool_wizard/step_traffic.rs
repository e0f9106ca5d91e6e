//! Step 4, Traffic: proximity coordinates (typed, or set with a click on
//! the map; both or neither) and load shedding.

use leptos::prelude::*;
use pooldeck_model::{LoadShedding, SheddingPolicy};

use super::fields::number_field;
use super::form::Form;
use super::world_map::WorldMap;
use crate::components::field::NumberRule;

#[component]
pub fn StepTraffic(form: Form) -> impl IntoView {
    let point = Memo::new(move |_| form.base.with(|p| p.latitude.zip(p.longitude)));
    let pick = Callback::new(move |(lat, lon): (f64, f64)| {
        form.set_raw("latitude", None);
        form.set_raw("longitude", None);
        form.base.update(|p| {
            p.latitude = Some(lat);
            p.longitude = Some(lon);
        });
        // The inputs show the picked values.
        form.generation.update(|g| *g += 1);
    });
    let shedding_on = Memo::new(move |_| form.base.with(|p| p.shedding().is_some()));
    view! {
        <fieldset class="pd-fieldset" data-testid="coordinates">
            <legend>"Proximity steering coordinates"</legend>
            <p class="pd-hint">
                "Used by load balancers with proximity steering to send each visitor to the closest pool. Set both or neither."
            </p>
            <div class="pd-row">
                {move || {
                    form.generation.get();
                    view! {
                        {number_field(
                            form,
                            "latitude",
                            "Latitude",
                            "pool-latitude",
                            |p| p.latitude,
                            |p, v| p.latitude = v,
                            NumberRule {
                                name: "latitude",
                                required: false,
                                whole: false,
                                range: Some((-90.0, 90.0)),
                            },
                        )}
                        {number_field(
                            form,
                            "longitude",
                            "Longitude",
                            "pool-longitude",
                            |p| p.longitude,
                            |p, v| p.longitude = v,
                            NumberRule {
                                name: "longitude",
                                required: false,
                                whole: false,
                                range: Some((-180.0, 180.0)),
                            },
                        )}
                    }
                }}
            </div>
            <WorldMap
                test_id="coordinate-map"
                selected={Signal::stored(Vec::new())}
                point={point}
                on_pick={pick}
            />
            <p class="pd-hint">
                {move || match point.get() {
                    Some((lat, lon)) => format!("Marked at {lat}, {lon}. Click the map to move it."),
                    None => "Click the map to set both coordinates.".to_owned(),
                }}
            </p>
            <button
                type="button"
                class="pd-button"
                data-testid="coordinates-clear"
                on:click={move |_| {
                    form.set_raw("latitude", None);
                    form.set_raw("longitude", None);
                    form.base
                        .update(|p| {
                            p.latitude = None;
                            p.longitude = None;
                        });
                    form.generation.update(|g| *g += 1);
                }}
            >
                "Clear coordinates"
            </button>
        </fieldset>
        <fieldset class="pd-fieldset" data-testid="load-shedding">
            <legend>"Load shedding"</legend>
            <label class="pd-check">
                <input
                    type="checkbox"
                    data-testid="shedding-on"
                    prop:checked={move || shedding_on.get()}
                    on:change={move |ev| {
                        let on = event_target_checked(&ev);
                        form.base
                            .update(|p| {
                                p.load_shedding = on.then(|| Some(LoadShedding::default()));
                            });
                    }}
                />
                " Shed traffic from this pool to the next pool of the load balancer"
            </label>
            {move || {
                shedding_on
                    .get()
                    .then(|| {
                        view! {
                            {number_field(
                                form,
                                "load_shedding.default_percent",
                                "New traffic to shed (%)",
                                "shedding-default-percent",
                                |p| p.shedding().map(|s| s.default_percent),
                                |p, v| {
                                    if let Some(Some(s)) = &mut p.load_shedding {
                                        s.default_percent = v.unwrap_or(0.0);
                                    }
                                },
                                NumberRule {
                                    name: "new traffic to shed",
                                    required: false,
                                    whole: false,
                                    range: Some((0.0, 100.0)),
                                },
                            )}
                            <div class="pd-field">
                                <label for="f-load_shedding-default_policy">
                                    "Shedding policy for new traffic"
                                </label>
                                <select
                                    id="f-load_shedding-default_policy"
                                    data-testid="shedding-default-policy"
                                    prop:value={move || {
                                        form.base
                                            .with(|p| {
                                                p.shedding()
                                                    .map(|s| s.default_policy.as_str().to_owned())
                                                    .unwrap_or_default()
                                            })
                                    }}
                                    on:change={move |ev| {
                                        let v = event_target_value(&ev);
                                        form.base
                                            .update(|p| {
                                                if let Some(Some(s)) = &mut p.load_shedding {
                                                    s.default_policy = SheddingPolicy::from(v.as_str());
                                                }
                                            });
                                    }}
                                >
                                    <option value="random">"Random"</option>
                                    <option value="hash">"Hash"</option>
                                </select>
                                <p class="pd-hint">
                                    {move || {
                                        form.base
                                            .with(|p| match p
                                                .shedding()
                                                .map(|s| s.default_policy.clone())
                                            {
                                                Some(SheddingPolicy::Hash) => {
                                                    "Hash: sheds a share of client IP addresses, so a given visitor is either always shed or never."
                                                }
                                                _ => {
                                                    "Random: sheds exactly that share of requests; one visitor may go back and forth between pools."
                                                }
                                            })
                                    }}
                                </p>
                            </div>
                            {number_field(
                                form,
                                "load_shedding.session_percent",
                                "Existing sessions to shed (%)",
                                "shedding-session-percent",
                                |p| p.shedding().map(|s| s.session_percent),
                                |p, v| {
                                    if let Some(Some(s)) = &mut p.load_shedding {
                                        s.session_percent = v.unwrap_or(0.0);
                                    }
                                },
                                NumberRule {
                                    name: "existing sessions to shed",
                                    required: false,
                                    whole: false,
                                    range: Some((0.0, 100.0)),
                                },
                            )}
                            <p class="pd-hint">
                                "Sessions (session affinity) are always shed by hash: the same sessions move every time."
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}
