//! "Embed this": the two snippets that put the run on screen into another page.

use yew::prelude::*;

/// Props of [`EmbedDialog`].
#[derive(Properties, PartialEq, Clone)]
pub struct EmbedDialogProps {
    /// The `<script>` tag and `<paxos-viz>` element.
    pub widget: AttrValue,
    /// The iframe.
    pub iframe: AttrValue,
    /// Close it.
    pub onclose: Callback<()>,
}

/// The snippets, each with a Copy button.
#[function_component(EmbedDialog)]
pub fn embed_dialog(p: &EmbedDialogProps) -> Html {
    // Which snippet was copied last, to say so beside its button.
    let copied = use_state(|| None::<&'static str>);
    let dialog = use_node_ref();
    // A modal dialog takes the focus when it opens.
    let first = super::use_focus_on_mount();
    let close = p.onclose.reform(|_: MouseEvent| ());
    let copy = |which: &'static str, text: &AttrValue| {
        let text = text.to_string();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.navigator().clipboard().write_text(&text);
                copied.set(Some(which));
            }
        })
    };
    let done = |which: &'static str| {
        html! {
            <span class="copied" aria-live="polite">{ if *copied == Some(which) { "Copied" } else { "" } }</span>
        }
    };
    html! {
        <div class="overlay" data-testid="embed-dialog" role="dialog" aria-modal="true" aria-label="Embed this run" onclick={close.clone()}>
            <div class="dialog embed" onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}
                ref={dialog.clone()} onkeydown={super::keep_tab_inside(dialog)}>
                <h2>{ "Embed this run" }</h2>
                <p>{ "Paste into any page: the script tag once, then as many elements as you like, each an independent run. It opens at this step." }</p>
                <textarea readonly=true rows="4" data-testid="embed-widget" aria-label="Widget snippet" value={p.widget.clone()} />
                <div class="row">
                    <button ref={first} class="primary" data-testid="copy-widget" onclick={copy("widget", &p.widget)}>{ "Copy widget" }</button>
                    { done("widget") }
                </div>
                <h3>{ "Or as an iframe" }</h3>
                <p>{ "For sites that allow no scripts." }</p>
                <textarea readonly=true rows="3" data-testid="embed-iframe" aria-label="Iframe snippet" value={p.iframe.clone()} />
                <div class="row">
                    <button data-testid="copy-iframe" onclick={copy("iframe", &p.iframe)}>{ "Copy iframe" }</button>
                    { done("iframe") }
                </div>
                <p class="hint">{ "Options: protocol (single-decree, multi-paxos), scenario, script, run, step, controls (none, minimal, full), autoplay, speed, height, theme (light, dark, auto), caption. See the README." }</p>
                <button onclick={close}>{ "Close" }</button>
            </div>
        </div>
    }
}
