//! The page's components. Each takes plain data and callbacks; none holds simulation state.

pub mod cluster;
pub mod config_panel;
pub mod controls;
pub mod embed_dialog;
pub mod event_log;
pub mod help;
pub mod inspector;
pub mod message;
pub mod node;
pub mod script_editor;
pub mod status;

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
