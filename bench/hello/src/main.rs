//! Hello, world in Leptos (client-side rendered): one reactive signal and
//! one element the benchmark waits for (`[data-testid=hello]`).

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let clicks = RwSignal::new(0);
        view! {
            <p data-testid="hello">"Hello, world"</p>
            <button type="button" on:click=move |_| clicks.update(|n| *n += 1)>
                {move || format!("Clicked {} times", clicks.get())}
            </button>
        }
    });
}
