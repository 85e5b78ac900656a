//! The `<paxos-viz>` widget: a Paxos run in a box, for documentation pages.
//!
//! `www/paxos-viz.js` defines the custom element. For each element it attaches a shadow root
//! (so that the page's CSS and the widget's cannot meet), adopts the shared stylesheet, and
//! creates one [`PaxosWidget`]: a separate Yew app with its own [`Model`]. Every widget on a
//! page shares the one wasm module but nothing else, so stepping one never moves another.
//!
//! The element's attributes are read here ([`crate::embed::Options`]): the loader only says
//! "they changed" ([`PaxosWidget::refresh`]). A change of run (`scenario`, `script`, `run`,
//! `step`) starts the run afresh; any other change (theme, controls, height, speed, autoplay)
//! keeps the reader's place.

use crate::app::Store;
use crate::components::cluster::Cluster;
use crate::components::controls::Controls;
use crate::components::inspector::Inspector;
use crate::components::status::Status;
use crate::embed::{ControlsLevel, Options, Source};
use crate::state::{Model, Msg, Selection};
use gloo::timers::callback::Interval;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// What a widget shows: a run, why it cannot show one, or that its script is on its way.
#[derive(Clone)]
pub enum Run {
    Ready(Rc<Model>),
    Failed(Rc<Vec<String>>),
    Loading(String),
}

/// Props of [`WidgetRoot`]: set by [`PaxosWidget`] whenever the element's attributes change.
#[derive(Properties, Clone)]
pub struct WidgetProps {
    /// Bumped when the run itself changes: the running part is then built afresh.
    pub run_id: u64,
    pub run: Run,
    /// The checked attributes (absent when they have mistakes).
    pub options: Option<Rc<Options>>,
    /// The full app's address (its `index.html`), for "Open in full app".
    pub app_url: AttrValue,
    /// Whether the element is on screen (the loader watches): autoplay waits while it is not.
    pub visible: Rc<Cell<bool>>,
}

impl PartialEq for WidgetProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.visible, &other.visible)
            && self.run_id == other.run_id
            && self.options == other.options
            && self.app_url == other.app_url
    }
}

/// The widget's box: the run, or what went wrong, in the widget's own colours.
#[function_component(WidgetRoot)]
pub fn widget_root(p: &WidgetProps) -> Html {
    let theme = p.options.as_ref().map_or("theme-auto", |o| o.theme.class());
    match (&p.run, &p.options) {
        (Run::Ready(model), Some(options)) => html! {
            <Live key={p.run_id.to_string()} model={model.clone()} options={options.clone()} app_url={p.app_url.clone()} visible={p.visible.clone()} />
        },
        (Run::Loading(url), _) => html! {
            <div class={classes!("pv", "pv-message", theme)} data-testid="widget-loading">
                <p>{ format!("Loading the script {url}…") }</p>
            </div>
        },
        (Run::Failed(errors), _) => {
            html! {
                <div class={classes!("pv", "pv-message", "pv-failed", theme)} role="alert" data-testid="widget-error">
                    <p class="pv-error-title">{ "This Paxos widget cannot start:" }</p>
                    <ul>{ for errors.iter().map(|e| html! { <li>{ e }</li> }) }</ul>
                    <p class="pv-hint">{ format!("Attributes: {}.", crate::embed::ATTRIBUTES.join(", ")) }</p>
                </div>
            }
        }
        // A run is only built from checked options.
        (Run::Ready(_), None) => Html::default(),
    }
}

/// Props of [`Live`].
#[derive(Properties, Clone)]
struct LiveProps {
    /// The run at its opening step; the widget steps a copy of it.
    model: Rc<Model>,
    options: Rc<Options>,
    app_url: AttrValue,
    visible: Rc<Cell<bool>>,
}

impl PartialEq for LiveProps {
    /// Runs compare by identity: a new run is a new `Rc` (and a new key).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
            && Rc::ptr_eq(&self.visible, &other.visible)
            && self.options == other.options
            && self.app_url == other.app_url
    }
}

/// A running widget.
#[function_component(Live)]
fn live(p: &LiveProps) -> Html {
    let store = use_reducer(|| Store(Rc::new(RefCell::new((*p.model).clone()))));
    let dispatch = {
        let d = store.dispatcher();
        (*use_memo((), move |_| Callback::from(move |m: Msg| d.dispatch(m)))).clone()
    };
    // The opening step and the end of the recorded run: autoplay loops between them, so an
    // animated widget keeps showing the case its paragraph discusses.
    let (start, end) = (p.model.sim.step(), p.model.sim.len());
    let (autoplay, speed) = (p.options.autoplay, p.options.speed);
    {
        let d = store.dispatcher();
        use_effect_with(speed, move |&speed| d.dispatch(Msg::Speed(speed)));
    }
    // Playing follows `autoplay` when the attribute changes, and only then: a reader who
    // paused keeps it paused whatever else changes.
    {
        let d = store.dispatcher();
        let model = store.0.clone();
        use_effect_with(autoplay, move |&autoplay| {
            let playing = model.borrow().playing;
            // A reader who asked for reduced motion starts it with Play.
            if playing != (autoplay && !reduced_motion()) {
                d.dispatch(Msg::TogglePlay);
            }
        });
    }
    let (playing, speed_now) = {
        let m = store.0.borrow();
        (m.playing, m.speed)
    };
    {
        let d = store.dispatcher();
        let model = store.0.clone();
        let visible = p.visible.clone();
        use_effect_with((playing, speed_now), move |&(playing, speed)| {
            let interval = playing.then(|| {
                Interval::new(1000 / speed.max(1), move || {
                    // Off screen or in a hidden tab, autoplay waits: a long page of animated
                    // widgets costs nothing until the reader gets there, and goes on when
                    // they come back.
                    if !visible.get() || page_hidden() {
                        return;
                    }
                    let Ok((step, playing)) = model.try_borrow().map(|m| (m.sim.step(), m.playing))
                    else {
                        return;
                    };
                    // A tick already on its way when the reader paused does nothing.
                    if !playing {
                        return;
                    }
                    let at_end = step >= end;
                    d.dispatch(match (at_end, start < end) {
                        (true, true) => Msg::Goto(start),
                        // Opened at the end of the script: loop over all of it.
                        (true, false) if end > 0 => Msg::Goto(0),
                        _ => Msg::Tick,
                    })
                })
            });
            move || drop(interval)
        });
    }
    let o = &p.options;
    // Keys work when the widget has focus (click it or Tab to it), never for the whole page:
    // the page around it may have keys of its own.
    let onkeydown = {
        let d = dispatch.clone();
        let active = o.controls != ControlsLevel::None;
        Callback::from(move |e: KeyboardEvent| {
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            let in_field = matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                || (tag == "BUTTON" && matches!(e.key().as_str(), " " | "Enter"));
            if !active || in_field || e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            // The app's keys, but for help: a widget has none.
            let msg = match crate::app::key_to_msg(&e.key(), false, false) {
                Some(Msg::ToggleHelp) | None => return,
                Some(msg) => msg,
            };
            // The page around may bind the same keys (mdBook turns the page on arrows): a key
            // the widget used is the widget's alone.
            e.prevent_default();
            e.stop_propagation();
            d.emit(msg);
        })
    };
    let m = store.0.borrow();
    let view = Rc::new(m.view());
    let members = *m.sim.world().members();
    let caption = if o.caption {
        m.caption().map(str::to_string)
    } else {
        None
    };
    let open = format!("{}#{}", p.app_url, m.link());
    let open_link = html! {
        <a class="pv-open" data-testid="open-full" href={open} target="_blank" rel="noopener"
           title="Open this run, at this step, in the full app">{ "Open in full app ↗" }</a>
    };
    let send = |msg: Msg| dispatch.reform(move |_: MouseEvent| msg.clone());
    let level = match o.controls {
        ControlsLevel::None => "controls-none",
        ControlsLevel::Minimal => "controls-minimal",
        ControlsLevel::Full => "controls-full",
    };
    let on_select = dispatch.reform(Msg::Select);
    html! {
        <div class={classes!("pv", o.theme.class(), level)} data-testid="widget" data-step={m.sim.step().to_string()} tabindex="-1" {onkeydown}
            role="region" aria-label={format!("Paxos simulation: {}", title(&o.source))}>
            <Status view={view.clone()} {caption} notice={m.notice.clone()}
                ondismiss={dispatch.reform(|_| Msg::DismissNotice)} />
            <div class="pv-body">
                <div class="pv-drawing">
                    <Cluster view={view.clone()} members={members} selection={m.selection}
                        last_events={Rc::new(m.last_events.clone())} moved={m.moved} version={m.version} onselect={on_select}
                        columns=true />
                    if o.controls == ControlsLevel::Full && m.selection == Selection::None {
                        <div class="pv-tip">{ "Click a node or a message to act on it" }</div>
                    }
                    if o.controls != ControlsLevel::Minimal {
                        <div class="pv-corner">
                            // Moving content needs a way to stop it, even without controls.
                            if o.controls == ControlsLevel::None {
                                <button class="pv-play" data-testid="play" onclick={send(Msg::TogglePlay)} aria-pressed={m.playing.to_string()}
                                    aria-label="Play" title="Play or pause (P)">
                                    { if m.playing { "❚❚" } else { "▶" } }
                                </button>
                            }
                            { open_link.clone() }
                        </div>
                    }
                </div>
                // The inspector opens over the drawing's right side when something is
                // selected, so the drawing keeps its size.
                if o.controls == ControlsLevel::Full && m.selection != Selection::None {
                    <div class="pv-side" data-testid="widget-inspector">
                        <button class="pv-close" onclick={send(Msg::Escape)} aria-label="Close the inspector" title="Close (Esc)">{ "✕" }</button>
                        <Inspector view={view.clone()} members={members} selection={m.selection} dispatch={dispatch.clone()} />
                    </div>
                }
            </div>
            { match o.controls {
                ControlsLevel::None => Html::default(),
                ControlsLevel::Minimal => html! {
                    <div class="pv-controls" role="toolbar" aria-label="Playback">
                        <button data-testid="reset" onclick={send(Msg::Reset)} title="Back to the start of this run" aria-label="Reset">{ "⟲" }</button>
                        <button data-testid="back" onclick={send(Msg::Back)} disabled={m.sim.step() == 0} title="Back one step (Left)">{ "◀ Back" }</button>
                        <button data-testid="step" class="primary" onclick={send(Msg::Step)} title="Step forward (Right or Space)">{ "Step ▸" }</button>
                        <button data-testid="play" onclick={send(Msg::TogglePlay)} aria-pressed={m.playing.to_string()} aria-label="Play" title="Play or pause (P)">
                            { if m.playing { "❚❚" } else { "▶" } }
                        </button>
                        <span class="counter" data-testid="step-counter" aria-live={if m.playing { "off" } else { "polite" }}>{ format!("Step {} / {}", m.sim.step(), m.sim.len()) }</span>
                        { open_link }
                    </div>
                },
                ControlsLevel::Full => html! {
                    <Controls step={m.sim.step()} len={m.sim.len()} playing={m.playing} speed={m.speed} dispatch={dispatch.clone()} />
                },
            } }
        </div>
    }
}

/// Whether the page's tab is hidden.
fn page_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
}

/// Whether the reader asked for reduced motion.
fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|q| q.matches())
}

/// What the widget shows, for screen readers.
fn title(source: &Source) -> String {
    match source {
        Source::Scenario(name) => crate::scenarios::Scenario::named(name)
            .map(|s| s.title())
            .unwrap_or_default(),
        Source::Script(_) | Source::ScriptUrl(_) => "a scenario script".to_string(),
        Source::Run(_) => "a shared run".to_string(),
    }
}

/// One `<paxos-viz>` element's app, created by the loader (`new PaxosWidget(host, root,
/// appUrl)`) once the element is on the page.
#[wasm_bindgen]
pub struct PaxosWidget {
    inner: Rc<Inner>,
}

struct Inner {
    host: HtmlElement,
    app: RefCell<Option<yew::AppHandle<WidgetRoot>>>,
    state: RefCell<HandleState>,
    visible: Rc<Cell<bool>>,
}

#[derive(Default)]
struct HandleState {
    /// The run's identity: source and opening step. A change rebuilds the run.
    key: Option<(Source, Option<usize>)>,
    run_id: u64,
    /// Fetched scripts by URL: the text, or why it could not be fetched. (A page has a few;
    /// a list costs less wasm than a hash map.)
    fetched: Vec<(String, Result<String, String>)>,
    /// Fetches in progress, by URL.
    fetching: Vec<String>,
    props: Option<WidgetProps>,
    /// The widget set the host's height (and may take it away again).
    height_set: bool,
}

#[wasm_bindgen]
impl PaxosWidget {
    /// Mounts a widget for the element `host` into `root` (a `<div>` in its shadow root).
    /// `app_url` is the full app's address.
    #[wasm_bindgen(constructor)]
    pub fn new(host: HtmlElement, root: Element, app_url: String) -> PaxosWidget {
        let inner = Rc::new(Inner {
            host,
            app: RefCell::new(None),
            state: RefCell::new(HandleState::default()),
            visible: Rc::new(Cell::new(true)),
        });
        let props = Inner::props(&inner, app_url.into());
        let app = yew::Renderer::<WidgetRoot>::with_root_and_props(root, props).render();
        *inner.app.borrow_mut() = Some(app);
        PaxosWidget { inner }
    }

    /// Reads the element's attributes again (the loader calls this when one changes).
    pub fn refresh(&self) {
        Inner::refresh(&self.inner);
    }

    /// Tells the widget whether it is on screen (the loader's IntersectionObserver).
    #[wasm_bindgen(js_name = setVisible)]
    pub fn set_visible(&self, visible: bool) {
        self.inner.visible.set(visible);
    }

    /// Removes the widget's app (the element left the page).
    pub fn destroy(&self) {
        if let Some(app) = self.inner.app.borrow_mut().take() {
            app.destroy();
        }
    }
}

impl Inner {
    fn refresh(this: &Rc<Inner>) {
        let url = match this.state.borrow().props.as_ref() {
            Some(p) => p.app_url.clone(),
            None => return,
        };
        let props = Inner::props(this, url);
        if let Some(app) = this.app.borrow_mut().as_mut() {
            app.update(props);
        }
    }

    /// The props for the element's current attributes; starts a script fetch if one is needed.
    fn props(this: &Rc<Inner>, app_url: AttrValue) -> WidgetProps {
        let names: Vec<String> = this
            .host
            .get_attribute_names()
            .iter()
            .filter_map(|n| n.as_string())
            .collect();
        let unknown = crate::embed::unknown_attributes(&names);
        let parsed = match Options::parse(|name| this.host.get_attribute(name)) {
            Ok(_) if !unknown.is_empty() => Err(unknown),
            Err(mut errors) => {
                errors.extend(unknown);
                Err(errors)
            }
            ok => ok,
        };
        // The height is the host's own box: set through the CSSOM, which a strict CSP allows.
        let style = this.host.style();
        let height = this.host.get_attribute("height");
        let mut st = this.state.borrow_mut();
        match height.and_then(|h| crate::embed::parse_height(&h).ok()) {
            Some(h) => {
                let _ = style.set_property("height", &format!("{h}px"));
                st.height_set = true;
            }
            // Only a height the widget set itself is taken away; the page's stays.
            None if st.height_set => {
                let _ = style.remove_property("height");
                st.height_set = false;
            }
            None => {}
        }
        let key = parsed.as_ref().ok().map(|o| (o.source.clone(), o.step));
        let rebuild = st.props.is_none() || key.is_none() || key != st.key;
        let (run, options) = match parsed {
            Err(errors) => (Run::Failed(Rc::new(errors)), None),
            Ok(o) => {
                let o = Rc::new(o);
                let run = if !rebuild {
                    st.props
                        .as_ref()
                        .map(|p| p.run.clone())
                        .unwrap_or(Run::Loading(String::new()))
                } else if let Source::ScriptUrl(url) = &o.source {
                    match st.fetched.iter().find(|(u, _)| u == url).map(|(_, r)| r) {
                        Some(Ok(text)) => built(&o, Some(text)),
                        Some(Err(e)) => Run::Failed(Rc::new(vec![e.clone()])),
                        None => {
                            if !st.fetching.contains(url) {
                                st.fetching.push(url.clone());
                                fetch_script(this.clone(), url.clone());
                            }
                            Run::Loading(url.clone())
                        }
                    }
                } else {
                    built(&o, None)
                };
                (run, Some(o))
            }
        };
        if rebuild {
            st.run_id += 1;
            st.key = key;
        }
        let props = WidgetProps {
            run_id: st.run_id,
            run,
            options,
            app_url,
            visible: this.visible.clone(),
        };
        st.props = Some(props.clone());
        props
    }
}

fn built(o: &Options, script: Option<&str>) -> Run {
    match o.model(script) {
        Ok(m) => Run::Ready(Rc::new(m)),
        Err(e) => Run::Failed(Rc::new(vec![e])),
    }
}

/// Fetches a `script="…txt"` and refreshes the widget with it (or with why it failed).
fn fetch_script(inner: Rc<Inner>, url: String) {
    wasm_bindgen_futures::spawn_local(async move {
        let result = fetch_text(&url).await;
        let waiting = {
            let mut st = inner.state.borrow_mut();
            st.fetching.retain(|u| *u != url);
            st.fetched.retain(|(u, _)| *u != url);
            st.fetched.push((url.clone(), result));
            // Only a widget still waiting for this very script is rebuilt with it; a fetch
            // that the attributes have moved on from just fills the cache.
            let waiting = matches!(&st.key, Some((Source::ScriptUrl(u), _)) if *u == url)
                && matches!(st.props.as_ref().map(|p| &p.run), Some(Run::Loading(_)));
            if waiting {
                st.key = None;
            }
            waiting
        };
        if waiting {
            Inner::refresh(&inner);
        }
    });
}

async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen_futures::JsFuture;
    let why = |e: JsValue| {
        format!(
            "script=\"{url}\": could not fetch it ({})",
            e.as_string()
                .or_else(|| js_sys::Error::from(e).message().as_string())
                .unwrap_or_default()
        )
    };
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(why)?
        .dyn_into()
        .map_err(why)?;
    if !response.ok() {
        return Err(format!(
            "script=\"{url}\": the server answered {} {}",
            response.status(),
            response.status_text()
        ));
    }
    let text = JsFuture::from(response.text().map_err(why)?)
        .await
        .map_err(why)?;
    Ok(text.as_string().unwrap_or_default())
}
