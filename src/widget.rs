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

use crate::components::check::{widget_opener, CheckForm, CheckPanel};
use crate::components::cluster::Cluster;
use crate::components::controls::Controls;
use crate::components::inspector::Inspector;
use crate::components::narrator::Narrator;
use crate::components::spacetime::{SpaceTime, StEvent};
use crate::components::status::Status;
use crate::embed::{ControlsLevel, Options, Runs, Source};
use crate::shell::Store;
use crate::state::{Model, Msg, Reduce, Selection, ViewMode};
use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// What a widget needs of the protocol its module runs: the model, how the shared transport
/// (buttons, keys, autoplay) reaches it, and what it draws between the status and the
/// controls. [`Single`] here, `crate::multi::widget::Multi` for Multi-Paxos.
pub trait Kind: 'static {
    /// The run and everything on screen about it.
    type Model: Runs + Reduce<Msg = Self::Msg> + Clone + 'static;
    /// What the model's `update` takes.
    type Msg: Clone + 'static;
    /// The transport's words ([`Msg::Step`], [`Msg::Goto`], a key's message) in this
    /// protocol's messages, where it has them.
    fn from_page(msg: Msg) -> Option<Self::Msg>;
    /// Current step, steps in the history, playing, speed.
    fn position(m: &Self::Model) -> (usize, usize, bool, u32);
    /// The shareable link of what is on screen.
    fn link(m: &Self::Model) -> String;
    /// The space-time diagram's events in this protocol's messages.
    fn st_event(e: StEvent) -> Self::Msg;
    /// What the step at the cursor did, in the event log's sentences, for the live region.
    fn sentences(m: &Self::Model) -> Vec<String>;
    /// The status line, the drawing (with `corner` in it) and any side panel. `st` is
    /// [`Kind::st_event`] as one callback for the widget's lifetime.
    fn body(
        m: &Self::Model,
        o: &Options,
        d: &Callback<Self::Msg>,
        st: &Callback<StEvent>,
        corner: Html,
    ) -> Html;
}

/// What a widget shows: a run, why it cannot show one, or that its script is on its way.
pub enum Run<K: Kind> {
    Ready(Rc<K::Model>),
    Failed(Rc<Vec<String>>),
    Loading(String),
}

impl<K: Kind> Clone for Run<K> {
    fn clone(&self) -> Self {
        match self {
            Run::Ready(m) => Run::Ready(m.clone()),
            Run::Failed(e) => Run::Failed(e.clone()),
            Run::Loading(u) => Run::Loading(u.clone()),
        }
    }
}

/// Props of [`WidgetRoot`]: set by [`Host`] whenever the element's attributes change.
#[derive(Properties)]
pub struct WidgetProps<K: Kind> {
    /// Bumped when the run itself changes: the running part is then built afresh.
    pub run_id: u64,
    pub run: Run<K>,
    /// The checked attributes (absent when they have mistakes).
    pub options: Option<Rc<Options>>,
    /// The full app's address (its `index.html`), for "Open in full app".
    pub app_url: AttrValue,
    /// Whether the element is on screen (the loader watches): autoplay waits while it is not.
    pub visible: Rc<Cell<bool>>,
}

impl<K: Kind> Clone for WidgetProps<K> {
    fn clone(&self) -> Self {
        WidgetProps {
            run_id: self.run_id,
            run: self.run.clone(),
            options: self.options.clone(),
            app_url: self.app_url.clone(),
            visible: self.visible.clone(),
        }
    }
}

impl<K: Kind> PartialEq for WidgetProps<K> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.visible, &other.visible)
            && self.run_id == other.run_id
            && self.options == other.options
            && self.app_url == other.app_url
    }
}

/// The widget's box: the run, or what went wrong, in the widget's own colours.
#[function_component(WidgetRoot)]
pub fn widget_root<K: Kind>(p: &WidgetProps<K>) -> Html {
    let theme = p.options.as_ref().map_or("theme-auto", |o| o.theme.class());
    match (&p.run, &p.options) {
        (Run::Ready(model), Some(options)) => html! {
            <Live<K> key={p.run_id.to_string()} model={model.clone()} options={options.clone()} app_url={p.app_url.clone()} visible={p.visible.clone()} />
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
#[derive(Properties)]
struct LiveProps<K: Kind> {
    /// The run at its opening step; the widget steps a copy of it.
    model: Rc<K::Model>,
    options: Rc<Options>,
    app_url: AttrValue,
    visible: Rc<Cell<bool>>,
}

impl<K: Kind> PartialEq for LiveProps<K> {
    /// Runs compare by identity: a new run is a new `Rc` (and a new key).
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.model, &other.model)
            && Rc::ptr_eq(&self.visible, &other.visible)
            && self.options == other.options
            && self.app_url == other.app_url
    }
}

/// A running widget: the protocol's body between the transport the two protocols share.
#[function_component(Live)]
fn live<K: Kind>(p: &LiveProps<K>) -> Html {
    let store = use_reducer(|| Store::new((*p.model).clone()));
    let dispatch = {
        let d = store.dispatcher();
        (*use_memo((), move |_| Callback::from(move |m: K::Msg| d.dispatch(m)))).clone()
    };
    let st = {
        let d = dispatch.clone();
        (*use_memo((), move |_| d.reform(K::st_event))).clone()
    };
    // The transport speaks the page's words; `page` turns them into this protocol's.
    let page = {
        let d = dispatch.clone();
        (*use_memo((), move |_| {
            Callback::from(move |m: Msg| {
                if let Some(m) = K::from_page(m) {
                    d.emit(m);
                }
            })
        }))
        .clone()
    };
    // The opening step and the end of the recorded run: autoplay loops between them, so an
    // animated widget keeps showing the case its paragraph discusses.
    let (start, end, _, _) = K::position(&p.model);
    let (autoplay, speed) = (p.options.autoplay, p.options.speed);
    {
        let page = page.clone();
        use_effect_with(speed, move |&speed| page.emit(Msg::Speed(speed)));
    }
    // Playing follows `autoplay` when the attribute changes, and only then: a reader who
    // paused keeps it paused whatever else changes.
    {
        let page = page.clone();
        let model = store.0.clone();
        use_effect_with(autoplay, move |&autoplay| {
            let (_, _, playing, _) = K::position(&model.borrow());
            // A reader who asked for reduced motion starts it with Play.
            if playing != (autoplay && !reduced_motion()) {
                page.emit(Msg::TogglePlay);
            }
        });
    }
    let (step, len, playing, speed_now) = K::position(&store.0.borrow());
    {
        let page = page.clone();
        let model = store.0.clone();
        let visible = p.visible.clone();
        crate::shell::use_autoplay(playing, speed_now, move || {
            // Off screen or in a hidden tab, autoplay waits: a long page of animated widgets
            // costs nothing until the reader gets there, and goes on when they come back.
            if !visible.get() || page_hidden() {
                return;
            }
            let Ok((step, _, playing, _)) = model.try_borrow().map(|m| K::position(&m)) else {
                return;
            };
            // A tick already on its way when the reader paused does nothing.
            if !playing {
                return;
            }
            let at_end = step >= end;
            page.emit(match (at_end, start < end) {
                (true, true) => Msg::Goto(start),
                // Opened at the end of the script: loop over all of it.
                (true, false) if end > 0 => Msg::Goto(0),
                _ => Msg::Tick,
            })
        });
    }
    let o = &p.options;
    // Keys work when the widget has focus (click it or Tab to it), never for the whole page:
    // the page around it may have keys of its own.
    let onkeydown = {
        let page = page.clone();
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
            if crate::components::arrow_through_drawing(&e) {
                e.prevent_default();
                e.stop_propagation();
                return;
            }
            // The app's keys, but for help: a widget has none.
            let msg = match crate::shell::key_to_msg(&e.key(), false, false) {
                Some(Msg::ToggleHelp) | None => return,
                Some(msg) => msg,
            };
            // The page around may bind the same keys (mdBook turns the page on arrows): a key
            // the widget used is the widget's alone.
            e.prevent_default();
            e.stop_propagation();
            page.emit(msg);
        })
    };
    let m = store.0.borrow();
    let open = format!("{}#{}", p.app_url, K::link(&m));
    let open_link = html! {
        <a class="pv-open" data-testid="open-full" href={open} target="_blank" rel="noopener"
           title="Open this run, at this step, in the full app">{ "Open in full app ↗" }</a>
    };
    let send = |msg: Msg| page.reform(move |_: MouseEvent| msg.clone());
    let play = |class: &'static str| {
        html! {
            <button {class} data-testid="play" onclick={send(Msg::TogglePlay)} aria-pressed={playing.to_string()}
                aria-label="Play" title="Play or pause (P)">
                { if playing { "❚❚" } else { "▶" } }
            </button>
        }
    };
    let level = match o.controls {
        ControlsLevel::None => "controls-none",
        ControlsLevel::Minimal => "controls-minimal",
        ControlsLevel::Full => "controls-full",
    };
    let corner = if o.controls == ControlsLevel::Minimal {
        Html::default()
    } else {
        html! {
            <div class="pv-corner">
                // Moving content needs a way to stop it, even without controls.
                if o.controls == ControlsLevel::None {
                    { play("pv-play") }
                }
                { open_link.clone() }
            </div>
        }
    };
    html! {
        <div class={classes!("pv", o.theme.class(), level)} data-testid="widget" data-protocol={o.protocol.name()}
            data-step={step.to_string()} tabindex="-1" {onkeydown}
            role="region" aria-label={format!("{} simulation: {}", o.protocol.label(), title(&o.source))}>
            { K::body(&m, o, &dispatch, &st, corner) }
            <Narrator {step} {len} sentences={Rc::new(K::sentences(&m))} playing={playing} speed={speed_now} />
            { match o.controls {
                ControlsLevel::None => Html::default(),
                ControlsLevel::Minimal => html! {
                    <div class="pv-controls" role="toolbar" aria-label="Playback">
                        <button data-testid="reset" onclick={send(Msg::Reset)} title="Back to the start of this run" aria-label="Reset">{ "⟲" }</button>
                        <button data-testid="back" onclick={send(Msg::Back)} disabled={step == 0} title="Back one step (Left)">{ "◀ Back" }</button>
                        <button data-testid="step" class="primary" onclick={send(Msg::Step)} title="Step forward (Right or Space)">{ "Step ▸" }</button>
                        { play("") }
                        <span class="counter" data-testid="step-counter">{ format!("Step {step} / {len}") }</span>
                        { open_link }
                    </div>
                },
                ControlsLevel::Full => html! {
                    <Controls {step} {len} {playing} speed={speed_now} dispatch={page.clone()} />
                },
            } }
        </div>
    }
}

/// Single-decree Paxos in a widget.
pub struct Single;

impl Kind for Single {
    type Model = Model;
    type Msg = Msg;
    fn from_page(msg: Msg) -> Option<Msg> {
        Some(msg)
    }
    fn position(m: &Model) -> (usize, usize, bool, u32) {
        (m.sim.step(), m.sim.len(), m.playing, m.speed)
    }
    fn link(m: &Model) -> String {
        m.link()
    }
    fn sentences(m: &Model) -> Vec<String> {
        m.step_sentences()
    }
    fn st_event(e: StEvent) -> Msg {
        crate::app::st_event(e)
    }
    fn body(
        m: &Model,
        o: &Options,
        d: &Callback<Msg>,
        st: &Callback<StEvent>,
        corner: Html,
    ) -> Html {
        let view = Rc::new(m.view());
        let members = *m.sim.world().members();
        let caption = if o.caption {
            m.caption().map(str::to_string)
        } else {
            None
        };
        let full = o.controls == ControlsLevel::Full;
        html! {
            <>
            <Status view={view.clone()} {caption} notice={m.notice.clone()}
                ondismiss={d.reform(|_| Msg::DismissNotice)} />
            <div class={classes!("pv-body", format!("pv-view-{}", o.view.name()))}>
                if o.view.cluster() {
                    <div class="pv-drawing">
                        <Cluster view={view.clone()} members={members} selection={m.selection}
                            last_events={Rc::new(m.last_events.clone())} moved={m.moved} version={m.version} onselect={d.reform(Msg::Select)}
                            hover={m.hover} onhover={d.reform(Msg::Hover)} columns=true />
                        if full && m.selection == Selection::None {
                            <div class="pv-tip">{ "Click a node or a message to act on it" }</div>
                        }
                        if o.view == ViewMode::Cluster {
                            { corner.clone() }
                        }
                    </div>
                }
                if o.view.spacetime() {
                    { widget_diagram(m.diagram(), m.sim.step(), m.selection, m.hover, st, corner) }
                }
                // The inspector opens over the drawing's right side when something is
                // selected, so the drawing keeps its size.
                if full && m.selection != Selection::None {
                    <div class="pv-side" data-testid="widget-inspector">
                        <button class="pv-close" onclick={d.reform(|_| Msg::Escape)} aria-label="Close the inspector" title="Close (Esc)">{ "✕" }</button>
                        <Inspector view={view.clone()} members={members} selection={m.selection} dispatch={d.clone()} />
                    </div>
                }
                if o.check {
                    <button class="pv-check" data-testid="check-open" onclick={d.reform(|_| Msg::ToggleCheck)}
                        title="Check every reachable state of this cluster">{ "Check ✓" }</button>
                }
            </div>
            if o.check && m.check {
                <CheckPanel protocol={crate::embed::Protocol::SingleDecree}
                    preset={Rc::new(CheckForm::for_cluster(m.sim.world().config()))}
                    onclose={d.reform(|_| Msg::ToggleCheck)}
                    onopen={widget_opener(crate::embed::Protocol::SingleDecree, d.clone(), |script, play| Msg::OpenCounterexample { script, play })} />
            }
            </>
        }
    }
}

/// A widget's space-time diagram (its `view` is `spacetime` or `both`), with `corner` in it.
pub fn widget_diagram(
    diagram: Rc<paxos_sim::spacetime::Diagram>,
    step: usize,
    selection: Selection,
    hover: Selection,
    st: &Callback<StEvent>,
    corner: Html,
) -> Html {
    html! {
        <div class="pv-drawing pv-st">
            <SpaceTime {diagram} now={step as u64} {selection} {hover} on={st.clone()} />
            { corner }
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
        Source::Scenario(name) => crate::scenarios::Scenario { name, text: "" }.title(),
        Source::Script(_) | Source::ScriptUrl(_) => "a scenario script".to_string(),
        Source::Run(_) => "a shared run".to_string(),
    }
}

/// Defines a `<paxos-viz>` element's app for one protocol's module, as the loader creates
/// it (`new PaxosWidget(host, root, appUrl)`) once the element is on the page: wasm-bindgen
/// exports no generic types, so each module's export is this macro over [`Host`].
#[macro_export]
macro_rules! widget_export {
    ($name:ident, $kind:ty) => {
        /// One `<paxos-viz>` element's app (see `crate::widget`).
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub struct $name {
            inner: std::rc::Rc<$crate::widget::Host<$kind>>,
        }

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $name {
            /// Mounts a widget for the element `host` into `root` (a `<div>` in its shadow
            /// root). `app_url` is the full app's address.
            #[wasm_bindgen(constructor)]
            pub fn new(
                host: web_sys::HtmlElement,
                root: web_sys::Element,
                app_url: String,
            ) -> $name {
                $name {
                    inner: $crate::widget::Host::mount(host, root, app_url),
                }
            }

            /// Reads the element's attributes again (the loader calls this when one changes).
            pub fn refresh(&self) {
                $crate::widget::Host::refresh(&self.inner);
            }

            /// Tells the widget whether it is on screen (the loader's IntersectionObserver).
            #[wasm_bindgen(js_name = setVisible)]
            pub fn set_visible(&self, visible: bool) {
                self.inner.set_visible(visible);
            }

            /// Removes the widget's app (the element left the page).
            pub fn destroy(&self) {
                self.inner.destroy();
            }
        }
    };
}

#[cfg(feature = "widget")]
widget_export!(PaxosWidget, Single);

/// One element's app, whatever its protocol: reads the attributes, fetches a script, sets the
/// height, and hands [`WidgetRoot`] its props.
pub struct Host<K: Kind> {
    host: HtmlElement,
    app: RefCell<Option<yew::AppHandle<WidgetRoot<K>>>>,
    state: RefCell<HandleState<K>>,
    visible: Rc<Cell<bool>>,
}

struct HandleState<K: Kind> {
    /// The run's identity: source and opening step. A change rebuilds the run.
    key: Option<(Source, Option<usize>)>,
    run_id: u64,
    /// Fetched scripts by URL: the text, or why it could not be fetched. (A page has a few;
    /// a list costs less wasm than a hash map.)
    fetched: Vec<(String, Result<String, String>)>,
    /// Fetches in progress, by URL.
    fetching: Vec<String>,
    props: Option<WidgetProps<K>>,
    /// The widget set the host's height (and may take it away again).
    height_set: bool,
    kind: PhantomData<K>,
}

impl<K: Kind> Host<K> {
    /// Mounts a widget for the element `host` into `root`.
    pub fn mount(host: HtmlElement, root: Element, app_url: String) -> Rc<Host<K>> {
        crate::shell::set_widget_app(&app_url);
        let this = Rc::new(Host {
            host,
            app: RefCell::new(None),
            state: RefCell::new(HandleState {
                key: None,
                run_id: 0,
                fetched: Vec::new(),
                fetching: Vec::new(),
                props: None,
                height_set: false,
                kind: PhantomData,
            }),
            visible: Rc::new(Cell::new(true)),
        });
        let props = Host::props(&this, app_url.into());
        let app = yew::Renderer::<WidgetRoot<K>>::with_root_and_props(root, props).render();
        *this.app.borrow_mut() = Some(app);
        this
    }

    /// Whether the element is on screen.
    pub fn set_visible(&self, visible: bool) {
        self.visible.set(visible);
    }

    /// Removes the widget's app.
    pub fn destroy(&self) {
        if let Some(app) = self.app.borrow_mut().take() {
            app.destroy();
        }
    }

    /// Reads the element's attributes again.
    pub fn refresh(this: &Rc<Host<K>>) {
        let url = match this.state.borrow().props.as_ref() {
            Some(p) => p.app_url.clone(),
            None => return,
        };
        let props = Host::props(this, url);
        if let Some(app) = this.app.borrow_mut().as_mut() {
            app.update(props);
        }
    }

    /// The props for the element's current attributes; starts a script fetch if one is needed.
    fn props(this: &Rc<Host<K>>, app_url: AttrValue) -> WidgetProps<K> {
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

fn built<K: Kind>(o: &Options, script: Option<&str>) -> Run<K> {
    match o.model(script) {
        Ok(m) => Run::Ready(Rc::new(m)),
        Err(e) => Run::Failed(Rc::new(vec![e])),
    }
}

/// Fetches a `script="…txt"` and refreshes the widget with it (or with why it failed).
fn fetch_script<K: Kind>(inner: Rc<Host<K>>, url: String) {
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
            Host::refresh(&inner);
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
