//! "Create monitor" without leaving the wizard: the console's one monitor
//! form in a dialog; the monitor it creates is handed back to be attached.

use leptos::prelude::*;
use pooldeck_model::validate::Limits;
use pooldeck_model::Monitor;

use crate::components::dialog::Dialog;
use crate::components::monitor_form::{starting_monitor, MonitorForm};

#[component]
pub fn MonitorDialog(
    limits: Limits,
    /// Closes without creating anything.
    #[prop(into)]
    on_close: Callback<()>,
    /// Receives the monitor the API created.
    #[prop(into)]
    on_created: Callback<Monitor>,
) -> impl IntoView {
    view! {
        <Dialog title="Create monitor" test_id="monitor-dialog" on_close={on_close}>
            <MonitorForm
                initial={starting_monitor()}
                limits={limits}
                submit_label="Create and attach"
                on_cancel={on_close}
                on_saved={on_created}
            />
        </Dialog>
    }
}
