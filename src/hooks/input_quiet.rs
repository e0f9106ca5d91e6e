//! `InputQuiet`: waits until the person at the console has stopped typing,
//! clicking and scrolling for a while.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::prelude::*;

use super::when_idle;

/// The events that count as someone using the page. Capture listeners on
/// the document see them all, `input` on any field and `scroll` of any
/// scrolling box included.
const EVENTS: [&str; 5] = ["keydown", "input", "pointerdown", "wheel", "scroll"];

/// Watches the page's input from [`InputQuiet::install`] until dropped.
///
/// For background work that must not land between someone's keystrokes:
/// the chunk prefetch fetched one file per idle period, and idle periods
/// come between keystrokes, so each answer's handling fell in the middle
/// of the next keystroke (the search and weight benchmarks' profiles
/// showed it in every round, as much as a third of a keystroke's time).
pub struct InputQuiet {
    last_input: Rc<Cell<f64>>,
    listener: Closure<dyn Fn()>,
}

impl InputQuiet {
    /// Starts watching; `None` without a document.
    pub fn install() -> Option<InputQuiet> {
        let document = web_sys::window()?.document()?;
        let last_input = Rc::new(Cell::new(f64::NEG_INFINITY));
        let listener = {
            let last_input = last_input.clone();
            Closure::<dyn Fn()>::new(move || last_input.set(js_sys::Date::now()))
        };
        let options = web_sys::AddEventListenerOptions::new();
        options.set_capture(true);
        options.set_passive(true);
        for event in EVENTS {
            let _ = document.add_event_listener_with_callback_and_add_event_listener_options(
                event,
                listener.as_ref().unchecked_ref(),
                &options,
            );
        }
        Some(InputQuiet {
            last_input,
            listener,
        })
    }

    /// Resolves in an idle period once nothing was typed, clicked or
    /// scrolled for `quiet`.
    pub async fn after(&self, quiet: Duration) {
        let quiet_ms = quiet.as_secs_f64() * 1e3;
        loop {
            let since = js_sys::Date::now() - self.last_input.get();
            if since >= quiet_ms {
                when_idle().await;
                // Input may have come while waiting for the idle period.
                if js_sys::Date::now() - self.last_input.get() >= quiet_ms {
                    return;
                }
            } else {
                let rest = Duration::from_secs_f64((quiet_ms - since) / 1e3);
                gloo_timers::future::sleep(rest).await;
            }
        }
    }
}

impl Drop for InputQuiet {
    fn drop(&mut self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for event in EVENTS {
            let _ = document.remove_event_listener_with_callback_and_bool(
                event,
                self.listener.as_ref().unchecked_ref(),
                true,
            );
        }
    }
}
