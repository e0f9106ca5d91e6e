//! The console's entry point: the panic hook, then mount the app.

fn main() {
    // Logs a panic to the browser console and shows an error panel with a
    // Reload button (src/panic_panel.rs).
    pooldeck::panic_panel::install();
    leptos::mount::mount_to_body(pooldeck::App);
}
