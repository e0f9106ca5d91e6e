//! A small world map drawn inline (no tiles, no requests): the Health
//! Monitor Regions as clickable areas, or a click that sets proximity
//! coordinates. It is a pointer shortcut only; the checkbox list and the
//! latitude/longitude inputs beside it are the accessible controls with
//! the same state, so the drawing is hidden from assistive technology.

use leptos::prelude::*;
use pooldeck_model::CheckRegion;
use wasm_bindgen::JsCast;

/// Rough continent outlines as (longitude, latitude) points.
const LAND: &[&[(f64, f64)]] = &[
    // North America
    &[
        (-168.0, 66.0),
        (-140.0, 70.0),
        (-95.0, 72.0),
        (-60.0, 60.0),
        (-52.0, 47.0),
        (-80.0, 25.0),
        (-97.0, 16.0),
        (-80.0, 8.0),
        (-105.0, 22.0),
        (-125.0, 40.0),
        (-132.0, 55.0),
        (-168.0, 60.0),
    ],
    // South America
    &[
        (-80.0, 10.0),
        (-60.0, 10.0),
        (-35.0, -7.0),
        (-40.0, -23.0),
        (-58.0, -38.0),
        (-70.0, -55.0),
        (-75.0, -45.0),
        (-72.0, -18.0),
        (-81.0, -5.0),
    ],
    // Europe
    &[
        (-10.0, 36.0),
        (-10.0, 44.0),
        (-5.0, 48.0),
        (5.0, 52.0),
        (10.0, 58.0),
        (5.0, 62.0),
        (20.0, 70.0),
        (40.0, 68.0),
        (45.0, 45.0),
        (28.0, 40.0),
        (20.0, 36.0),
    ],
    // Africa
    &[
        (-17.0, 15.0),
        (-10.0, 30.0),
        (10.0, 37.0),
        (32.0, 31.0),
        (43.0, 12.0),
        (51.0, 11.0),
        (40.0, -15.0),
        (32.0, -30.0),
        (20.0, -35.0),
        (12.0, -18.0),
        (9.0, 4.0),
        (-8.0, 4.0),
    ],
    // Asia
    &[
        (40.0, 68.0),
        (70.0, 73.0),
        (130.0, 72.0),
        (180.0, 66.0),
        (160.0, 55.0),
        (140.0, 40.0),
        (122.0, 30.0),
        (108.0, 18.0),
        (105.0, 8.0),
        (95.0, 15.0),
        (90.0, 22.0),
        (78.0, 8.0),
        (70.0, 22.0),
        (58.0, 25.0),
        (50.0, 30.0),
        (45.0, 45.0),
    ],
    // Arabia
    &[
        (35.0, 30.0),
        (56.0, 26.0),
        (59.0, 22.0),
        (45.0, 13.0),
        (35.0, 27.0),
    ],
    // Australia
    &[
        (113.0, -22.0),
        (130.0, -12.0),
        (142.0, -11.0),
        (153.0, -26.0),
        (146.0, -39.0),
        (130.0, -32.0),
        (115.0, -35.0),
    ],
];

/// Each region's clickable area: west, south, east, north.
pub fn region_box(region: &CheckRegion) -> Option<(f64, f64, f64, f64)> {
    Some(match region {
        CheckRegion::Wnam => (-170.0, 15.0, -100.0, 72.0),
        CheckRegion::Enam => (-100.0, 15.0, -50.0, 72.0),
        CheckRegion::Nsam => (-82.0, -15.0, -34.0, 13.0),
        CheckRegion::Ssam => (-76.0, -56.0, -34.0, -15.0),
        CheckRegion::Weu => (-12.0, 36.0, 15.0, 71.0),
        CheckRegion::Eeu => (15.0, 40.0, 45.0, 71.0),
        CheckRegion::Naf => (-18.0, 2.0, 34.0, 36.0),
        CheckRegion::Saf => (8.0, -35.0, 52.0, 2.0),
        CheckRegion::Me => (34.0, 12.0, 60.0, 40.0),
        CheckRegion::Sas => (60.0, 5.0, 92.0, 35.0),
        CheckRegion::Seas => (92.0, -11.0, 150.0, 20.0),
        CheckRegion::Neas => (100.0, 20.0, 150.0, 55.0),
        CheckRegion::Oc => (110.0, -48.0, 180.0, -11.0),
        _ => return None,
    })
}

fn x(lon: f64) -> f64 {
    lon + 180.0
}

fn y(lat: f64) -> f64 {
    90.0 - lat
}

/// The (latitude, longitude) at a point of the drawing, `fx` and `fy`
/// being fractions of its width and height; rounded to 0.01°.
pub fn coordinates_at(fx: f64, fy: f64) -> (f64, f64) {
    let round = |v: f64| (v * 100.0).round() / 100.0;
    let lat = round((90.0 - fy * 180.0).clamp(-90.0, 90.0));
    let lon = round((fx * 360.0 - 180.0).clamp(-180.0, 180.0));
    (lat, lon)
}

#[component]
pub fn WorldMap(
    /// Regions drawn as selected.
    #[prop(into)]
    selected: Signal<Vec<CheckRegion>>,
    /// Called with a region when its area is clicked; without it regions
    /// are drawn but not clickable.
    #[prop(optional, into)]
    on_region: Option<Callback<CheckRegion>>,
    /// A point to mark, as (latitude, longitude).
    #[prop(optional, into)]
    point: Option<Signal<Option<(f64, f64)>>>,
    /// Called with (latitude, longitude) when the map is clicked.
    #[prop(optional, into)]
    on_pick: Option<Callback<(f64, f64)>>,
    /// `data-testid` of the drawing.
    #[prop(into)]
    test_id: String,
) -> impl IntoView {
    let land = LAND
        .iter()
        .map(|shape| {
            let points = shape
                .iter()
                .map(|(lon, lat)| format!("{:.1},{:.1}", x(*lon), y(*lat)))
                .collect::<Vec<_>>()
                .join(" ");
            view! { <polygon class="pd-map-land" points={points} /> }
        })
        .collect_view();
    let regions = CheckRegion::GEOGRAPHIC
        .iter()
        .filter_map(|r| region_box(r).map(|b| (r.clone(), b)))
        .map(|(region, (w, s, e, n))| {
            let r1 = region.clone();
            let r2 = region.clone();
            let class = move || {
                if selected.with(|sel| sel.contains(&r1)) {
                    "pd-map-region pd-map-selected"
                } else {
                    "pd-map-region"
                }
            };
            let click = move |ev: web_sys::MouseEvent| {
                if let Some(cb) = on_region {
                    ev.stop_propagation();
                    cb.run(r2.clone());
                }
            };
            view! {
                <g
                    class={class}
                    data-region={region.as_str().to_owned()}
                    data-testid="map-region"
                    on:click={click}
                >
                    <rect x={x(w)} y={y(n)} width={e - w} height={n - s} rx="3" />
                    <text
                        x={x(w) + (e - w) / 2.0}
                        y={y(n) + (n - s) / 2.0}
                        text-anchor="middle"
                        dominant-baseline="middle"
                    >
                        {region.as_str().to_owned()}
                    </text>
                </g>
            }
        })
        .collect_view();
    let pick = move |ev: web_sys::MouseEvent| {
        let Some(cb) = on_pick else { return };
        let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        if rect.width() <= 0.0 || rect.height() <= 0.0 {
            return;
        }
        let fx = (f64::from(ev.client_x()) - rect.left()) / rect.width();
        let fy = (f64::from(ev.client_y()) - rect.top()) / rect.height();
        cb.run(coordinates_at(fx, fy));
    };
    let marker = move || {
        point.and_then(|p| p.get()).map(|(lat, lon)| {
            view! { <circle class="pd-map-point" cx={x(lon)} cy={y(lat)} r="3" data-testid="map-point" /> }
        })
    };
    view! {
        <svg
            class="pd-map"
            viewBox="0 0 360 180"
            preserveAspectRatio="none"
            aria-hidden="true"
            data-testid={test_id}
            on:click={pick}
        >
            <rect class="pd-map-sea" x="0" y="0" width="360" height="180" />
            {land}
            {regions}
            {marker}
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clicks_map_to_coordinates() {
        assert_eq!(coordinates_at(0.5, 0.5), (0.0, 0.0));
        assert_eq!(coordinates_at(0.0, 0.0), (90.0, -180.0));
        // Frankfurt is near 50.1 N, 8.7 E.
        let (lat, lon) = coordinates_at((8.7 + 180.0) / 360.0, (90.0 - 50.1) / 180.0);
        assert!((lat - 50.1).abs() < 0.01 && (lon - 8.7).abs() < 0.01);
    }

    #[test]
    fn every_geographic_region_has_an_area() {
        for r in CheckRegion::GEOGRAPHIC {
            let (w, s, e, n) = region_box(r).unwrap();
            assert!(w < e && s < n, "{r}");
        }
        assert!(region_box(&CheckRegion::AllRegions).is_none());
    }
}
