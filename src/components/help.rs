//! The keyboard help overlay (`?`).

use yew::prelude::*;

/// Props of [`Help`].
#[derive(Properties, PartialEq, Clone)]
pub struct HelpProps {
    /// Close it.
    pub onclose: Callback<()>,
}

/// The keys, in a dialog.
#[function_component(Help)]
pub fn help(p: &HelpProps) -> Html {
    let close = {
        let cb = p.onclose.clone();
        Callback::from(move |_: MouseEvent| cb.emit(()))
    };
    let dialog = use_node_ref();
    // A modal dialog takes the focus when it opens.
    let button = super::use_focus_on_mount();
    let keys = [
        ("Space or →", "step forward"),
        ("←", "step back"),
        ("P", "play or pause"),
        ("Home / End", "first / last step"),
        ("Tab, then Enter", "select a node or message"),
        ("Esc", "clear the selection, close this help"),
        ("?", "show or hide this help"),
        (
            "Lecture: → Space PgDn",
            "next beat (reveals a question's answer first)",
        ),
        ("Lecture: ← PgUp", "previous beat"),
        (
            "Lecture: F / B / Esc",
            "full screen / blank the screen / leave",
        ),
    ];
    html! {
        <div class="overlay" data-testid="help" role="dialog" aria-modal="true" aria-label="Keyboard shortcuts" onclick={close.clone()}>
            <div class="dialog" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}
                ref={dialog.clone()} onkeydown={super::keep_tab_inside(dialog)}>
                <h2>{ "Keyboard" }</h2>
                <table>
                    { for keys.iter().map(|(k, what)| html! { <tr><th><kbd>{ *k }</kbd></th><td>{ *what }</td></tr> }) }
                </table>
                <p>{ "Every action you take by hand (deliver, drop, duplicate, crash, recover, propose, timeout, partition, heal) becomes part of the history: step back to undo it. Acting in the past starts a new branch." }</p>
                <button ref={button} class="primary" onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
