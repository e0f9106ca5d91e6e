//! Light, dark, or the system's choice. Stored in localStorage (a
//! preference, not a secret) and applied as `data-theme` on `<html>`, which
//! the design tokens in `style/main.css` follow.

use leptos::prelude::*;

const KEY: &str = "pooldeck.theme";

fn apply(theme: &str) {
    if let Some(root) = document().document_element() {
        let _ = if theme == "system" {
            root.remove_attribute("data-theme")
        } else {
            root.set_attribute("data-theme", theme)
        };
    }
}

fn stored() -> String {
    window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_else(|| "system".into())
}

/// A select that switches the theme.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(stored());
    Effect::new(move |_| apply(&theme.get()));
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(s) = window().local_storage().ok().flatten() {
            let _ = s.set_item(KEY, &value);
        }
        theme.set(value);
    };
    view! {
        <label class="pd-theme">
            <span>"Theme"</span>
            <select
                data-testid="theme-select"
                on:change={on_change}
                prop:value={move || theme.get()}
            >
                <option value="system">"System"</option>
                <option value="light">"Light"</option>
                <option value="dark">"Dark"</option>
            </select>
        </label>
    }
}
