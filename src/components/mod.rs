//! The page's components. Each takes plain data and callbacks; none holds simulation state.

pub mod check;
pub mod cluster;
pub mod config_panel;
pub mod controls;
pub mod embed_dialog;
pub mod event_log;
pub mod help;
pub mod inspector;
pub mod lecture_bar;
pub mod message;
pub mod narrator;
pub mod node;
pub mod script_editor;
pub mod share;
pub mod spacetime;
pub mod status;

/// The four listeners of an element that lights up in both views: they tell `onhover` that the
/// pointer or the focus came to `id` (`Some`) or left it (`None`).
pub struct HoverListeners {
    /// `onmouseenter`.
    pub enter: yew::Callback<yew::MouseEvent>,
    /// `onmouseleave`.
    pub leave: yew::Callback<yew::MouseEvent>,
    /// `onfocus`.
    pub focus: yew::Callback<yew::FocusEvent>,
    /// `onblur`.
    pub blur: yew::Callback<yew::FocusEvent>,
}

/// [`HoverListeners`] for `id`.
pub fn hover_listeners<T: Copy + 'static>(
    onhover: &yew::Callback<Option<T>>,
    id: T,
) -> HoverListeners {
    HoverListeners {
        enter: onhover.reform(move |_: yew::MouseEvent| Some(id)),
        leave: onhover.reform(|_: yew::MouseEvent| None),
        focus: onhover.reform(move |_: yew::FocusEvent| Some(id)),
        blur: onhover.reform(|_: yew::FocusEvent| None),
    }
}

/// A node ref whose element takes the focus when the component appears: modal dialogs use it
/// for their first button.
#[yew::hook]
pub fn use_focus_on_mount() -> yew::NodeRef {
    let node = yew::use_node_ref();
    {
        let node = node.clone();
        yew::use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }
    node
}

/// Keeps Tab inside a modal dialog (the element of `dialog`): from its last control Tab goes to
/// its first, and Shift+Tab from the first to the last. For the dialog's `onkeydown`. (The
/// event's current target is Yew's root, where it listens, so the dialog comes by reference.)
pub fn keep_tab_inside(dialog: yew::NodeRef) -> yew::Callback<yew::KeyboardEvent> {
    yew::Callback::from(move |e: yew::KeyboardEvent| {
        if let Some(dialog) = dialog.cast::<web_sys::Element>() {
            tab_within(&e, &dialog);
        }
    })
}

fn tab_within(e: &yew::KeyboardEvent, dialog: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    if e.key() != "Tab" {
        return;
    }
    let Ok(list) = dialog.query_selector_all("button, textarea, input, select, a[href]") else {
        return;
    };
    let at = |i: u32| {
        list.item(i)
            .and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
    };
    let (Some(first), Some(last)) = (at(0), at(list.length().saturating_sub(1))) else {
        return;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let is = |el: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == el.as_ref());
    if e.shift_key() && is(&first) {
        e.prevent_default();
        let _ = last.focus();
    } else if !e.shift_key() && is(&last) {
        e.prevent_default();
        let _ = first.focus();
    }
}

/// The scenario menu's group for the other protocol's scenarios: choosing one starts the page
/// again with that protocol's module (their values are `<protocol>/<file stem>`; only their
/// names are in this module).
pub fn other_protocol_scenarios(protocol: crate::embed::Protocol) -> yew::Html {
    use yew::html;
    html! {
        <optgroup label={protocol.title()}>
            { for protocol.scenarios().iter().map(|&name| html! {
                <option value={format!("{}/{name}", protocol.name())}>{ crate::scenarios::Scenario { name, text: "" }.title() }</option>
            }) }
        </optgroup>
    }
}

/// Where a counterexample waits while the page starts again with the other protocol's module:
/// `sessionStorage` under this key, read once by the page that opens `#<protocol>/check`.
const HANDOFF: &str = "paxos-viz-open-script";

/// Keeps `script` in `sessionStorage` for the page that opens `#<protocol>/check`.
fn hand_over(script: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) {
        let _ = storage.set_item(HANDOFF, script);
    }
}

/// Opens `script` on the other protocol's page: kept in `sessionStorage`, read there at start.
pub fn open_on_other_page(protocol: crate::embed::Protocol, script: &str) {
    hand_over(script);
    switch_page(&format!("{}/check", protocol.name()));
}

/// Opens `script` in the full app's page for `protocol`, in a new tab (from a widget, whose
/// own page is somebody's documentation): handed over as [`open_on_other_page`] does; a tab
/// opened by the page starts with a copy of its `sessionStorage`.
pub fn open_in_app(protocol: crate::embed::Protocol, script: &str) {
    let Some(w) = web_sys::window() else {
        return;
    };
    hand_over(script);
    let url = format!(
        "{}index.html#{}/check",
        crate::shell::app_folder(),
        protocol.name()
    );
    let _ = w.open_with_url_and_target(&url, "_blank");
}

/// The script a page was started to open (see [`open_on_other_page`]), taken once.
pub fn take_handoff() -> Option<String> {
    let storage = web_sys::window().and_then(|w| w.session_storage().ok().flatten())?;
    let script = storage.get_item(HANDOFF).ok().flatten()?;
    let _ = storage.remove_item(HANDOFF);
    Some(script)
}

/// Starts the page again at `#fragment`: the other protocol's page (`www/app.js` picks the
/// module from the fragment), or this one's default.
pub fn switch_page(fragment: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(fragment);
        let _ = w.location().reload();
    }
}

/// Arrow keys on a node or a message of a drawing (the cluster, the space-time diagram) move
/// the focus to the next one (Right, Down) or the previous one (Left, Up), round the drawing,
/// instead of stepping the run: with the keyboard alone one reaches every node and message
/// and acts on it with Enter. Returns whether the key was used (the caller then stops it).
pub fn arrow_through_drawing(e: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let forward = match e.key().as_str() {
        "ArrowRight" | "ArrowDown" => true,
        "ArrowLeft" | "ArrowUp" => false,
        _ => return false,
    };
    let Some(item) = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return false;
    };
    let Ok(Some(drawing)) = item.closest("svg.cluster, .spacetime") else {
        return false;
    };
    let Ok(items) = drawing.query_selector_all("[role=button][tabindex=\"0\"]") else {
        return false;
    };
    let all: Vec<web_sys::Element> = (0..items.length())
        .filter_map(|i| items.item(i)?.dyn_into::<web_sys::Element>().ok())
        .collect();
    let Some(at) = all.iter().position(|x| *x == item) else {
        return false;
    };
    let n = all.len();
    let next = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    match all[next].dyn_ref::<web_sys::SvgElement>() {
        Some(g) => g.focus().is_ok(),
        None => false,
    }
}

/// The width in CSS pixels of `node`'s element (0 until it is drawn), the window's height,
/// and the height of the room its parent gives it (a widget's `.pv-drawing`, whose height the
/// widget's sets; elsewhere it follows what is drawn), kept up to date by a `ResizeObserver`
/// on both: the box changes with the window, with the view mode (Both halves it), and with a
/// docs site's sidebar, which no window event tells. The state changes only when the whole
/// pixels do.
#[yew::hook]
pub fn use_box_size(node: yew::NodeRef) -> (f64, f64, f64) {
    /// The height of the room `el` has: its parent's content box (without padding), or its
    /// own height where it has no parent.
    fn room_height(el: &web_sys::Element) -> f64 {
        let Some(parent) = el.parent_element() else {
            return f64::from(el.client_height());
        };
        let padding = web_sys::window()
            .and_then(|w| w.get_computed_style(&parent).ok().flatten())
            .map(|style| {
                ["padding-top", "padding-bottom"]
                    .iter()
                    .filter_map(|p| style.get_property_value(p).ok())
                    .filter_map(|v| v.trim_end_matches("px").parse::<f64>().ok())
                    .sum::<f64>()
            })
            .unwrap_or(0.0);
        (f64::from(parent.client_height()) - padding).max(0.0)
    }
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let size = yew::use_state_eq(|| (0.0, 0.0, 0.0));
    {
        let size = size.clone();
        yew::use_effect_with((), move |_| {
            let target = node.cast::<web_sys::Element>();
            let measure = move || {
                let Some(el) = node.cast::<web_sys::Element>() else {
                    return;
                };
                let h = web_sys::window()
                    .and_then(|w| w.inner_height().ok())
                    .and_then(|h| h.as_f64())
                    .unwrap_or(0.0);
                size.set((f64::from(el.client_width()), h.floor(), room_height(&el)));
            };
            measure();
            let closure = Closure::<dyn FnMut()>::new(measure);
            let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok();
            if let (Some(o), Some(el)) = (&observer, &target) {
                o.observe(el);
                // The room is the parent's: a drawing that does not fit it grows past it
                // (and scrolls), so its own height would follow its content, not the box.
                if let Some(parent) = el.parent_element() {
                    o.observe(&parent);
                }
            }
            move || {
                if let Some(o) = observer {
                    o.disconnect();
                }
                drop(closure);
            }
        });
    }
    *size
}
