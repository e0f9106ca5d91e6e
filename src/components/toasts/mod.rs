//! Short messages about the result of an action ("Pool web-1 disabled"),
//! announced politely to screen readers and gone after a few seconds.

use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Toast {
    pub id: u64,
    pub text: String,
    pub error: bool,
}

/// The toasts of the page; `provide` once, `use_toasts` anywhere.
#[derive(Clone, Copy)]
pub struct Toasts(RwSignal<Vec<Toast>>);

impl Toasts {
    pub fn provide() -> Toasts {
        let t = Toasts(RwSignal::new(Vec::new()));
        provide_context(t);
        t
    }

    fn push(&self, text: String, error: bool) {
        let list = self.0;
        let id = js_sys::Date::now() as u64 + list.with_untracked(|l| l.len() as u64);
        list.update(|l| l.push(Toast { id, text, error }));
        set_timeout(
            move || list.update(|l| l.retain(|t| t.id != id)),
            std::time::Duration::from_secs(6),
        );
    }

    pub fn success(&self, text: impl Into<String>) {
        self.push(text.into(), false);
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(text.into(), true);
    }
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// Where toasts appear.
#[component]
pub fn ToastRegion() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="pd-toasts" role="status" aria-live="polite" data-testid="toasts">
            <For each={move || toasts.0.get()} key={|t| t.id} let:toast>
                <p
                    class={if toast.error { "pd-toast pd-toast-error" } else { "pd-toast" }}
                    data-testid="toast"
                >
                    {toast.text}
                </p>
            </For>
        </div>
    }
}
