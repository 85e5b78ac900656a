//! The script editor: type or paste a scenario script, see its errors (line and column) as
//! you type, play it, download it, or upload a `.txt` file. A file that is not a valid script
//! is refused with the same errors, and the current run is untouched.

use crate::state::Msg;
use paxos_sim::script::Script;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// The editor's text when the run did not come from a script.
pub const TEMPLATE: &str =
    "# A cluster, then one command per line. `say` lines become captions and lecture beats.
cluster acceptors=3 proposers=2 learners=1
say \"p1 proposes A.\"
propose p1 A
deliver from=p1
deliver to=p1
say \"p2 proposes B with a higher ballot. What will it end up proposing?\"
propose p2 B
stabilize
";

/// Props of [`ScriptEditor`].
#[derive(Properties, PartialEq, Clone)]
pub struct ScriptEditorProps {
    /// The text it starts with.
    pub initial: String,
    /// Where user intents go.
    pub dispatch: Callback<Msg>,
}

/// Every problem in `text`, one line each (`line 2, column 9: ...`).
pub fn problems(text: &str) -> Vec<String> {
    match Script::parse(text) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.iter().map(|p| p.to_string()).collect(),
    }
}

/// The editor panel.
#[function_component(ScriptEditor)]
pub fn script_editor(p: &ScriptEditorProps) -> Html {
    let text = use_state(|| p.initial.clone());
    let upload_error = use_state(|| None::<String>);
    let errors = problems(&text);
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };
    let play = {
        let text = text.clone();
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.emit(Msg::LoadScript((*text).clone())))
    };
    let download = {
        let text = text.clone();
        let d = p.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if super::share::download("paxos-scenario.txt", "text/plain", &text).is_err() {
                d.emit(Msg::Notify("The browser refused the download.".into()));
            }
        })
    };
    let upload = {
        let text = text.clone();
        let upload_error = upload_error.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let text = text.clone();
            let upload_error = upload_error.clone();
            let name = file.name();
            wasm_bindgen_futures::spawn_local(async move {
                let content = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string());
                match content {
                    None => upload_error.set(Some(format!("Could not read {name}."))),
                    Some(c) => {
                        let found = problems(&c);
                        if found.is_empty() {
                            upload_error.set(None);
                            text.set(c);
                        } else {
                            upload_error.set(Some(format!(
                                "{name} is not a valid script: {}",
                                found.join("; ")
                            )));
                        }
                    }
                }
            });
        })
    };
    html! {
        <div class="script-editor">
            <textarea data-testid="script-editor" value={(*text).clone()} {oninput} rows="14" spellcheck="false"
                aria-label="Scenario script" aria-invalid={(!errors.is_empty()).to_string()} />
            if errors.is_empty() {
                <p class="hint" data-testid="script-ok">{ "The script is valid." }</p>
            } else {
                <ul class="field-error script-errors" data-testid="script-errors" role="alert">
                    { for errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }
                </ul>
            }
            if let Some(e) = &*upload_error {
                <p class="field-error" data-testid="script-upload-error" role="alert">{ e.clone() }</p>
            }
            <div class="actions">
                <button class="primary" data-testid="script-play" disabled={!errors.is_empty()} onclick={play}>{ "Play this script" }</button>
                <button data-testid="script-download" onclick={download}>{ "Download .txt" }</button>
                <label class="button">
                    { "Upload .txt" }
                    <input type="file" accept=".txt,text/plain" data-testid="script-upload" onchange={upload} />
                </label>
            </div>
        </div>
    }
}
