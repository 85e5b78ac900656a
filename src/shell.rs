//! What both protocols' pages and the widgets share around their models: the reducer store,
//! the keys, the address bar and the app's folder. Nothing here knows either protocol.

use crate::state::{Msg, Reduce};
use gloo::events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

/// The model behind `use_reducer`. The simulation's history can be large, so the reducer
/// updates it in place instead of copying it on every step; the new `Store` around the same
/// model is what tells Yew to render again. Either protocol's model, in the page and in
/// widgets.
pub struct Store<M: Reduce>(pub Rc<RefCell<M>>, pub M::Effect);

impl<M: Reduce> Store<M> {
    /// A store around `model`, with no effect pending.
    pub fn new(model: M) -> Store<M> {
        Store(Rc::new(RefCell::new(model)), M::Effect::default())
    }
}

/// The new store carries what the update asked of the page ([`Reduce::Effect`]): the page's
/// effects read it from the state they render, and nothing has to reset it.
impl<M: Reduce + 'static> Reducible for Store<M> {
    type Action = M::Msg;
    fn reduce(self: Rc<Self>, msg: M::Msg) -> Rc<Self> {
        let effect = self.0.borrow_mut().update(msg);
        Rc::new(Store(self.0.clone(), effect))
    }
}

/// Autoplay, for both pages and the widgets: `tick` every `1/speed` seconds while `playing`
/// (the timer starts again when either changes, and stops with the component).
#[hook]
pub fn use_autoplay(playing: bool, speed: u32, tick: impl Fn() + 'static) {
    use_effect_with((playing, speed), move |&(playing, speed)| {
        let interval =
            playing.then(|| gloo::timers::callback::Interval::new(1000 / speed.max(1), tick));
        move || drop(interval)
    });
}

/// The key a keyboard event maps to, if any. Typing into a form field is left alone. In
/// lecture mode the keys are those of presenter remotes: Right, Space, PageDown for the next
/// beat; Left, PageUp for the previous one; B blanks the screen; Esc leaves.
pub fn key_to_msg(key: &str, in_field: bool, lecture: bool) -> Option<Msg> {
    if in_field {
        return (key == "Escape").then_some(Msg::Escape);
    }
    if lecture {
        return Some(match key {
            " " | "ArrowRight" | "PageDown" => Msg::NextBeat,
            "ArrowLeft" | "PageUp" => Msg::PrevBeat,
            "b" | "B" | "." => Msg::ToggleBlank,
            "Escape" => Msg::LeaveLecture,
            "?" => Msg::ToggleHelp,
            _ => return None,
        });
    }
    Some(match key {
        " " | "ArrowRight" => Msg::Step,
        "ArrowLeft" => Msg::Back,
        "p" | "P" => Msg::TogglePlay,
        "Home" => Msg::First,
        "End" => Msg::Last,
        "?" => Msg::ToggleHelp,
        "Escape" => Msg::Escape,
        _ => return None,
    })
}

/// The page's keys, for both protocols' pages: one `keydown` listener on the document for the
/// component's lifetime, that turns a key into a [`Msg`] with [`key_to_msg`] and hands it to
/// `send`. `state` says, at each key, whether lecture mode is on, whether a dialog owns the
/// keys (only Escape reaches the page), and whether the help is open (only ? and Escape). In
/// lecture mode F toggles full screen.
#[hook]
pub fn use_page_keys(
    state: impl Fn() -> (bool, bool, bool) + 'static,
    send: impl Fn(Msg) + 'static,
) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let tag = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .map(|el| el.tag_name())
                    .unwrap_or_default();
                let (lecture, dialog, help) = state();
                // On a node or a message, arrows walk the drawing (in lecture mode they stay
                // the presenter remote's beats).
                if !lecture && !dialog && !help && crate::components::arrow_through_drawing(e) {
                    e.prevent_default();
                    return;
                }
                // Keys typed into a field are the field's; Space and Enter on a focused
                // button press that button, except that in lecture mode Space always means
                // "next beat" (presenter remotes send it whatever has focus).
                let in_field = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                    || (tag == "BUTTON" && (e.key() == "Enter" || (e.key() == " " && !lecture)))
                    || dialog
                    || (help && e.key() != "?");
                if lecture && !in_field && matches!(e.key().as_str(), "f" | "F") {
                    e.prevent_default();
                    toggle_fullscreen();
                    return;
                }
                if let Some(msg) = key_to_msg(&e.key(), in_field, lecture) {
                    e.prevent_default();
                    send(msg);
                }
            })
        });
        move || drop(listener)
    });
}

/// Puts `#fragment` in the address bar, as a new history entry or in place of the current one.
pub fn write_url(fragment: &str, push: bool) {
    let Some(w) = web_sys::window() else { return };
    let target = format!("#{fragment}");
    if w.location().hash().ok().as_deref() == Some(target.as_str()) {
        return;
    }
    if let Ok(h) = w.history() {
        let null = wasm_bindgen::JsValue::NULL;
        let _ = if push {
            h.push_state_with_url(&null, "", Some(&target))
        } else {
            h.replace_state_with_url(&null, "", Some(&target))
        };
    }
}

thread_local! {
    /// In a documentation page, the full app's address as the widget loader gives it: the app
    /// (and the checker's worker) are there, not beside the page.
    static WIDGET_APP: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Tells [`app_folder`] where the full app is, for a module running widgets.
pub fn set_widget_app(app_url: &str) {
    WIDGET_APP.with(|w| *w.borrow_mut() = Some(app_url.to_string()));
}

/// The address of the folder the app is served from, ending in `/`: the widget files
/// (`paxos-viz.js`, `embed.html`) and the checker's worker are beside the app.
pub fn app_folder() -> String {
    if let Some(url) = WIDGET_APP.with(|w| w.borrow().clone()) {
        return url[..url.rfind('/').map_or(0, |i| i + 1)].to_string();
    }
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let path = location.pathname().unwrap_or_default();
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    format!("{}{dir}", location.origin().unwrap_or_default())
}

/// Enters or leaves full screen (F in lecture mode).
fn toggle_fullscreen() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if doc.fullscreen_element().is_some() {
        doc.exit_fullscreen();
    } else if let Some(root) = doc.document_element() {
        let _ = root.request_fullscreen();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_the_documented_actions() {
        assert_eq!(key_to_msg(" ", false, false), Some(Msg::Step));
        assert_eq!(key_to_msg("ArrowRight", false, false), Some(Msg::Step));
        assert_eq!(key_to_msg("ArrowLeft", false, false), Some(Msg::Back));
        assert_eq!(key_to_msg("P", false, false), Some(Msg::TogglePlay));
        assert_eq!(key_to_msg("Home", false, false), Some(Msg::First));
        assert_eq!(key_to_msg("End", false, false), Some(Msg::Last));
        assert_eq!(key_to_msg("?", false, false), Some(Msg::ToggleHelp));
        assert_eq!(key_to_msg("x", false, false), None);
        // Typing in a field is left alone, but Escape still works.
        assert_eq!(key_to_msg(" ", true, false), None);
        assert_eq!(key_to_msg("Escape", true, false), Some(Msg::Escape));
        // Lecture mode: presenter remote keys.
        for k in [" ", "ArrowRight", "PageDown"] {
            assert_eq!(key_to_msg(k, false, true), Some(Msg::NextBeat));
        }
        for k in ["ArrowLeft", "PageUp"] {
            assert_eq!(key_to_msg(k, false, true), Some(Msg::PrevBeat));
        }
        assert_eq!(key_to_msg("B", false, true), Some(Msg::ToggleBlank));
        assert_eq!(key_to_msg("Escape", false, true), Some(Msg::LeaveLecture));
    }
}

/// The address bar follows the state on screen: after each update (`version`), its `link()`
/// goes into the address, as a new history entry when `push` (a meaningful change), else in
/// place of the current one. Rewriting the address is slow (about 5 ms of the page's main
/// thread in Chromium, and more in the browser's own process) and browsers throttle pages that
/// do it too often, so an in-place update is never written during the step that caused it: a
/// timer writes the newest link at most every 250 ms (at once, in its own task, when the last
/// write is older), however fast the steps come. A jump along the timeline (`settle`) waits
/// instead until the jumps stop, 250 ms after the last: while a thumb is dragged they come a
/// frame apart, and a write among them cost a frame (BENCHMARKS.md, scrubbing).
/// Returns the pending update, for a page that must cancel it (Back and Forward land on
/// another state).
#[hook]
pub fn use_address_bar(
    version: u64,
    push: bool,
    settle: bool,
    link: impl Fn() -> String + 'static,
) -> Rc<RefCell<Option<gloo::timers::callback::Timeout>>> {
    let pending = use_mut_ref(|| None::<gloo::timers::callback::Timeout>);
    // When the address was last written, and the link of the state on screen.
    let last = use_mut_ref(|| (0.0_f64, String::new()));
    {
        let pending = pending.clone();
        use_effect_with(version, move |_| {
            let link = link();
            let now = js_sys::Date::now();
            // Writes the newest link after `wait` ms, in place of any write still waiting.
            let arm = |wait: f64| {
                let (last, handle) = (last.clone(), pending.clone());
                *pending.borrow_mut() = Some(gloo::timers::callback::Timeout::new(
                    wait.clamp(0.0, 250.0) as u32,
                    move || {
                        let link = last.borrow().1.clone();
                        write_url(&link, false);
                        last.borrow_mut().0 = js_sys::Date::now();
                        // Done: the next in-place update arms a new one. (wasm-bindgen frees a
                        // closure dropped while it runs once it returns.)
                        handle.borrow_mut().take();
                    },
                ));
            };
            if push {
                // The entry being left must hold its last state before a new one is added.
                if pending.borrow_mut().take().is_some() {
                    write_url(&last.borrow().1, false);
                }
                write_url(&link, push);
                last.borrow_mut().0 = now;
            } else if settle {
                arm(250.0);
            } else if pending.borrow().is_none() {
                // One timer at a time: it writes whatever is on screen when it fires (re-arming
                // it on every step would put the write off for as long as the steps go on).
                arm(250.0 - (now - last.borrow().0));
            }
            last.borrow_mut().1 = link;
        });
    }
    pending
}
