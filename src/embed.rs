//! Embedding: what a `<paxos-viz>` element's attributes mean, and the snippets the app's
//! "Embed this" button offers. Free of Yew and of the DOM, so it is tested natively; the
//! element itself is in [`crate::widget`], its loader in `www/paxos-viz.js`.
//!
//! ```html
//! <script type="module" src="paxos-viz/paxos-viz.js"></script>
//! <paxos-viz scenario="adopt-accepted-value" step="4" controls="minimal" caption></paxos-viz>
//! <paxos-viz protocol="multi-paxos" scenario="leader-crash-recovery" step="12"></paxos-viz>
//! ```
//!
//! Every attribute is checked, and every mistake in them is reported at once, with the
//! attribute's name and what it accepts: the widget shows the list in its own box instead of a
//! run. What can only be checked against the run itself (a step past its end, a script's
//! errors, a damaged link) is reported once the attributes are right.
//!
//! The two protocols live in two wasm modules; the loader picks one from the `protocol`
//! attribute (or a `v2.` run), so this parser runs in both, and knows the other protocol's
//! scenario names (only the names) to say "that scenario is Multi-Paxos".

use crate::export::esc;
use crate::scenarios::{Scenario, MULTI_SCENARIO_NAMES, SCENARIO_NAMES};
use crate::state::{Model, Msg, Preset, SPEEDS};

/// The attributes a `<paxos-viz>` element reads (the loader observes exactly these).
pub const ATTRIBUTES: [&str; 13] = [
    "protocol", "scenario", "script", "run", "step", "controls", "autoplay", "speed", "height",
    "theme", "caption", "check", "view",
];

/// The protocol a widget runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// One value chosen (the default).
    SingleDecree,
    /// A replicated log of key-value commands.
    MultiPaxos,
}

impl Protocol {
    /// The `protocol` attribute's words, and the page's protocol choice's values.
    pub const NAMES: [&'static str; 2] = ["single-decree", "multi-paxos"];

    /// The word for this protocol.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::SingleDecree => Protocol::NAMES[0],
            Protocol::MultiPaxos => Protocol::NAMES[1],
        }
    }

    /// How the protocol is called in a sentence.
    pub fn label(self) -> &'static str {
        match self {
            Protocol::SingleDecree => "single-decree Paxos",
            Protocol::MultiPaxos => "Multi-Paxos",
        }
    }

    /// Its name in a menu: `Single-decree Paxos`, `Multi-Paxos`.
    pub fn title(self) -> &'static str {
        match self {
            Protocol::SingleDecree => "Single-decree Paxos",
            Protocol::MultiPaxos => "Multi-Paxos",
        }
    }

    /// The file stems of its built-in scenarios.
    pub fn scenarios(self) -> &'static [&'static str] {
        match self {
            Protocol::SingleDecree => SCENARIO_NAMES,
            Protocol::MultiPaxos => MULTI_SCENARIO_NAMES,
        }
    }

    /// The scenario a widget of this protocol shows when none is named.
    pub fn default_scenario(self) -> &'static str {
        match self {
            Protocol::SingleDecree => crate::state::DEFAULT_SCENARIO,
            Protocol::MultiPaxos => crate::multi::DEFAULT_SCENARIO,
        }
    }

    fn other(self) -> Protocol {
        match self {
            Protocol::SingleDecree => Protocol::MultiPaxos,
            Protocol::MultiPaxos => Protocol::SingleDecree,
        }
    }
}

/// Where a widget's run comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in scenario (its file stem).
    Scenario(&'static str),
    /// Inline script text.
    Script(String),
    /// A script to fetch from this URL (relative to the page).
    ScriptUrl(String),
    /// A shareable link's fragment (`v1.…`, without `#`).
    Run(String),
}

/// How much of the transport a widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ControlsLevel {
    /// The drawing only (with `autoplay`, a moving picture).
    None,
    /// Reset, back, step, play and the step counter.
    Minimal,
    /// The app's transport bar (speed and timeline too) and the inspector, to act on a run.
    Full,
}

/// Light, dark, or the reader's system setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    Auto,
}

impl Theme {
    /// The CSS class that sets the widget's color-scheme.
    pub fn class(self) -> &'static str {
        match self {
            Theme::Light => "theme-light",
            Theme::Dark => "theme-dark",
            Theme::Auto => "theme-auto",
        }
    }
}

/// A widget's attributes, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub protocol: Protocol,
    pub source: Source,
    /// The step to open at (else the run's own: the start, or a link's step).
    pub step: Option<usize>,
    pub controls: ControlsLevel,
    pub autoplay: bool,
    /// Autoplay speed, steps per second (one of [`SPEEDS`]).
    pub speed: u32,
    /// Height in CSS pixels (else the stylesheet's default).
    pub height: Option<u32>,
    pub theme: Theme,
    /// Show the scenario's narration for the current step.
    pub caption: bool,
    /// Offer the exhaustive checker for the widget's cluster.
    pub check: bool,
    /// The cluster, the space-time diagram, or both side by side.
    pub view: crate::state::ViewMode,
}

/// Heights a widget accepts, in CSS pixels.
pub const HEIGHTS: std::ops::RangeInclusive<u32> = 160..=2000;

/// The built-in scenario of `protocol` a widget names: its file stem
/// (`03-adopt-accepted-value`), or the stem without its number (`adopt-accepted-value`).
pub fn scenario_named(protocol: Protocol, name: &str) -> Option<&'static str> {
    let name = name.trim();
    let stems = protocol.scenarios();
    stems
        .iter()
        .find(|s| **s == name)
        .or_else(|| stems.iter().find(|s| short_name(s) == name))
        .copied()
}

/// A scenario's name without its number: `03-adopt-accepted-value` -> `adopt-accepted-value`.
pub fn short_name(stem: &str) -> &str {
    match stem.split_once('-') {
        Some((n, rest)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => stem,
    }
}

/// Whether a `script` attribute is a URL to fetch rather than script text: one line, no
/// spaces, ending in `.txt` or starting like a URL.
pub fn is_url(script: &str) -> bool {
    let s = script.trim();
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && (s
            .split(['?', '#'])
            .next()
            .is_some_and(|path| path.ends_with(".txt"))
            || ["http://", "https://", "/", "./", "../"]
                .iter()
                .any(|p| s.starts_with(p)))
}

/// Attributes any HTML element may carry, which a widget leaves to the page.
const GLOBAL_ATTRIBUTES: [&str; 22] = [
    "id",
    "class",
    "style",
    "hidden",
    "title",
    "lang",
    "dir",
    "tabindex",
    "slot",
    "part",
    "role",
    "inert",
    "draggable",
    "translate",
    "spellcheck",
    "contenteditable",
    "accesskey",
    "autofocus",
    "nonce",
    "is",
    "popover",
    "itemprop",
];

/// Mistakes among an element's attribute names: one the widget does not know, that is not a
/// global HTML attribute, `data-*`, `aria-*` or an event handler, is most likely a typo.
pub fn unknown_attributes(names: &[String]) -> Vec<String> {
    names
        .iter()
        .map(|n| n.to_ascii_lowercase())
        .filter(|n| {
            !ATTRIBUTES.contains(&n.as_str())
                && !GLOBAL_ATTRIBUTES.contains(&n.as_str())
                && !["data-", "aria-", "on"].iter().any(|p| n.starts_with(p))
        })
        .map(|n| {
            let guess = did_you_mean(&n, &ATTRIBUTES, 2);
            format!(
                "{n}: not an attribute of <paxos-viz>{guess}; they are {}",
                ATTRIBUTES.join(", ")
            )
        })
        .collect()
}

/// ` (did you mean X?)` for the known word closest to `word`, if it is at most `within` edits
/// away; else nothing.
fn did_you_mean(word: &str, known: &[&str], within: usize) -> String {
    known
        .iter()
        .map(|k| (edit_distance(k, word), k))
        .min()
        .filter(|(d, _)| *d <= within)
        .map(|(_, k)| format!(" (did you mean {k}?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, for "did you mean" on a misspelt name.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diagonal = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A `height` attribute: CSS pixels (`420` or `420px`) within [`HEIGHTS`]. Read on its own too,
/// so that a widget with other mistakes still keeps the height its page gave it.
pub fn parse_height(v: &str) -> Result<u32, String> {
    let t = v.trim();
    match t.strip_suffix("px").unwrap_or(t).trim().parse::<u32>() {
        Ok(h) if HEIGHTS.contains(&h) => Ok(h),
        _ => Err(format!(
            "height=\"{v}\": a height in pixels from {} to {}",
            HEIGHTS.start(),
            HEIGHTS.end()
        )),
    }
}

/// A keyword attribute: one of `words`' names (absent: `default`), or a mistake naming them.
fn choice<T: Copy>(
    name: &str,
    value: Option<String>,
    words: &[(&str, T)],
    default: T,
    errors: &mut Vec<String>,
) -> T {
    let Some(v) = value else { return default };
    match words.iter().find(|(w, _)| *w == v.trim()) {
        Some(&(_, t)) => t,
        None => {
            let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
            let (last, rest) = names.split_last().expect("a choice has words");
            let guess = did_you_mean(v.trim(), &names, 2);
            errors.push(format!(
                "{name}=\"{v}\": use {} or {last}{guess}",
                rest.join(", ")
            ));
            default
        }
    }
}

fn boolean(name: &str, value: Option<String>, errors: &mut Vec<String>) -> bool {
    match value.as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("" | "true") => true,
        Some(v) if v == name => true,
        Some(v) => {
            errors.push(format!(
                "{name}=\"{v}\": write `{name}` alone to turn it on (or {name}=\"false\")"
            ));
            false
        }
    }
}

/// Why `scenario="{name}"` names no scenario of `protocol`: it is the other protocol's (and
/// how to say so), or a typo (with the closest name), or unknown; with the list either way.
fn unknown_scenario(protocol: Protocol, name: &str) -> String {
    let known: Vec<&str> = protocol.scenarios().iter().map(|s| short_name(s)).collect();
    if scenario_named(protocol.other(), name).is_some() {
        let fix = match protocol {
            Protocol::SingleDecree => "add protocol=\"multi-paxos\"",
            Protocol::MultiPaxos => "leave out protocol=\"multi-paxos\"",
        };
        return format!(
            "scenario=\"{name}\": a scenario of {}, and this widget shows {}: {fix} (its own scenarios are {})",
            protocol.other().label(),
            protocol.label(),
            known.join(", ")
        );
    }
    let guess = did_you_mean(name, &known, 3);
    format!(
        "scenario=\"{name}\": there is no such {} scenario{guess}; the scenarios are {}",
        protocol.label(),
        known.join(", ")
    )
}

impl Options {
    /// Reads the attributes (`get` returns an attribute's value, `None` when absent). Every
    /// mistake is reported, one sentence each.
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<Options, Vec<String>> {
        let mut errors = Vec::new();
        let run = get("run").map(|r| r.trim().trim_start_matches('#').to_string());
        let v2 = run.as_deref().is_some_and(|r| r.starts_with("v2."));
        let implied = if v2 {
            Protocol::MultiPaxos
        } else {
            Protocol::SingleDecree
        };
        let protocol = choice(
            "protocol",
            get("protocol"),
            &[
                (Protocol::NAMES[0], Protocol::SingleDecree),
                (Protocol::NAMES[1], Protocol::MultiPaxos),
            ],
            implied,
            &mut errors,
        );
        let default = Source::Scenario(protocol.default_scenario());
        let given: Vec<(&str, String)> = ["scenario", "script", "run"]
            .into_iter()
            .filter_map(|n| get(n).map(|v| (n, v)))
            .collect();
        let source = match given.as_slice() {
            [] => default,
            [(name, v)] => match *name {
                "scenario" => match scenario_named(protocol, v) {
                    Some(s) => Source::Scenario(s),
                    None => {
                        errors.push(unknown_scenario(protocol, v.trim()));
                        default
                    }
                },
                "script" if is_url(v) => Source::ScriptUrl(v.trim().to_string()),
                "script" if v.trim().is_empty() => {
                    errors.push("script=\"\": the script is empty".to_string());
                    Source::Script(String::new())
                }
                "script" => Source::Script(v.clone()),
                _ => {
                    let run = run.unwrap_or_default();
                    if v2 != (protocol == Protocol::MultiPaxos) {
                        let short: String = run.chars().take(12).collect();
                        errors.push(format!(
                            "run=\"{short}…\": a link of {}, and this widget shows {}: {}",
                            protocol.other().label(),
                            protocol.label(),
                            if v2 {
                                "leave out protocol=\"single-decree\""
                            } else {
                                "leave out protocol=\"multi-paxos\""
                            }
                        ));
                    }
                    Source::Run(run)
                }
            },
            many => {
                let names: Vec<&str> = many.iter().map(|(n, _)| *n).collect();
                errors.push(format!(
                    "{} are all given: a widget shows one run, so give only one of scenario, script and run",
                    names.join(" and ")
                ));
                default
            }
        };
        let step = get("step").and_then(|v| match v.trim().parse::<usize>() {
            Ok(s) => Some(s),
            Err(_) => {
                errors.push(format!(
                    "step=\"{v}\": a step is a whole number, 0 for the start"
                ));
                None
            }
        });
        let controls = choice(
            "controls",
            get("controls"),
            &[
                ("none", ControlsLevel::None),
                ("minimal", ControlsLevel::Minimal),
                ("full", ControlsLevel::Full),
            ],
            ControlsLevel::Minimal,
            &mut errors,
        );
        let autoplay = boolean("autoplay", get("autoplay"), &mut errors);
        let caption = boolean("caption", get("caption"), &mut errors);
        let check = boolean("check", get("check"), &mut errors);
        let speed = match get("speed") {
            None => 2,
            Some(v) => match v.trim().parse::<u32>() {
                Ok(s) if SPEEDS.contains(&s) => s,
                _ => {
                    let list: Vec<String> = SPEEDS.iter().map(u32::to_string).collect();
                    errors.push(format!(
                        "speed=\"{v}\": steps per second, one of {}",
                        list.join(", ")
                    ));
                    2
                }
            },
        };
        let height = get("height").and_then(|v| parse_height(&v).map_err(|e| errors.push(e)).ok());
        let theme = choice(
            "theme",
            get("theme"),
            &[
                ("light", Theme::Light),
                ("dark", Theme::Dark),
                ("auto", Theme::Auto),
            ],
            Theme::Auto,
            &mut errors,
        );
        use crate::state::ViewMode;
        let view = choice(
            "view",
            get("view"),
            &ViewMode::ALL.map(|v| (v.name(), v)),
            ViewMode::Cluster,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Options {
            view,
            protocol,
            source,
            step,
            controls,
            autoplay,
            speed,
            height,
            theme,
            caption,
            check,
        })
    }

    /// The run these options describe, at their step, in the model of either protocol. `script`
    /// is the text fetched for a [`Source::ScriptUrl`].
    pub fn model<M: Runs>(&self, script: Option<&str>) -> Result<M, String> {
        let mut model = match &self.source {
            Source::Scenario(name) => M::scenario(name)?,
            Source::Script(text) => M::script(text).map_err(|e| format!("script: {e}"))?,
            Source::ScriptUrl(url) => {
                let text = script.ok_or_else(|| format!("script=\"{url}\": not fetched yet"))?;
                M::script(text).map_err(|e| format!("script {url}: {e}"))?
            }
            Source::Run(fragment) => M::from_link(fragment).map_err(|e| format!("run: {e}"))?,
        };
        if let Some(step) = self.step {
            let len = model.steps();
            if step > len {
                return Err(format!(
                    "step=\"{step}\": this run has {len} steps, so the step must be 0 to {len}"
                ));
            }
        }
        model.open(self.step, self.speed, self.autoplay);
        Ok(model)
    }
}

/// Everything a widget with these attributes would report, checked ahead of time, natively: a
/// documentation build (the mdBook preprocessor `mdbook-paxos`) calls this so that a mistake
/// fails the build instead of showing in a reader's page. The checks and the sentences are the
/// widget's own: unknown attribute names, then the attributes' values, then what only the run
/// can tell (a script's errors with their line and column, a step past the end). A `script`
/// that is an address (a `.txt` file) cannot be read here: its text is checked as given in
/// `fetched`, or not at all when that is `None`. On success, the run's length in steps.
pub fn check_attributes(
    attrs: &[(String, String)],
    fetched: Option<&str>,
) -> Result<usize, Vec<String>> {
    let names: Vec<String> = attrs.iter().map(|(n, _)| n.clone()).collect();
    let unknown = unknown_attributes(&names);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let options = Options::parse(|name| {
        attrs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    })?;
    if matches!(options.source, Source::ScriptUrl(_)) && fetched.is_none() {
        return Ok(0);
    }
    let steps = match options.protocol {
        Protocol::SingleDecree => options.model::<Model>(fetched).map(|m| m.steps()),
        Protocol::MultiPaxos => options
            .model::<crate::multi::MultiModel>(fetched)
            .map(|m| m.steps()),
    };
    steps.map_err(|e| vec![e])
}

/// What a widget needs of a protocol's page model to open a run and to offer it as a snippet.
pub trait Runs: Sized {
    /// A built-in scenario by file stem, at its start.
    fn scenario(name: &str) -> Result<Self, String>;
    /// A script's run, at its start.
    fn script(text: &str) -> Result<Self, String>;
    /// A shareable link's fragment.
    fn from_link(fragment: &str) -> Result<Self, String>;
    /// Steps in the run's history.
    fn steps(&self) -> usize;
    /// Moves to `step` (if given) and sets autoplay.
    fn open(&mut self, step: Option<usize>, speed: u32, playing: bool);
    /// What "Embed this" shows of the run on screen.
    fn embedded(&self) -> Embedded;
}

impl Runs for Model {
    fn scenario(name: &str) -> Result<Model, String> {
        Model::scenario(name)
    }
    fn script(text: &str) -> Result<Model, String> {
        Model::script(text)
    }
    fn from_link(fragment: &str) -> Result<Model, String> {
        Model::from_link(fragment)
    }
    fn steps(&self) -> usize {
        self.sim.len()
    }
    fn open(&mut self, step: Option<usize>, speed: u32, playing: bool) {
        if let Some(step) = step {
            self.update(Msg::Goto(step));
        }
        self.speed = speed;
        self.playing = playing;
    }
    fn embedded(&self) -> Embedded {
        let scenario = match self.preset {
            Preset::Scenario(name) => Some(name),
            _ => None,
        };
        let unchanged = scenario.is_some_and(|name| {
            Model::scenario(name).is_ok_and(|fresh| {
                paxos_sim::Link::of(&fresh.sim).actions == paxos_sim::Link::of(&self.sim).actions
            })
        });
        Embedded {
            protocol: Protocol::SingleDecree,
            scenario,
            unchanged,
            link: run_link(self),
            step: self.sim.step(),
            captions: !self.captions.is_empty(),
            view: self.view_mode,
        }
    }
}

/// A run as "Embed this" offers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    pub protocol: Protocol,
    /// The built-in scenario it came from.
    pub scenario: Option<&'static str>,
    /// Whether the run is still exactly that scenario's.
    pub unchanged: bool,
    /// Its link, without the lecture beat (a widget does not lecture); a scenario's name
    /// stays, so that a changed scenario keeps its captions, as it does in the app.
    pub link: String,
    pub step: usize,
    /// Whether it has captions to show.
    pub captions: bool,
    /// What the page's stage shows, for the widget to show the same.
    pub view: crate::state::ViewMode,
}

/// The two snippets "Embed this" offers for the run on screen: a `<paxos-viz>` element (with
/// the script tag that loads it) and an iframe. `base` is the URL of the folder the app is
/// served from, ending in `/`. A built-in scenario the user has not changed is named, so the
/// snippet stays readable; any other run travels as its link.
pub fn snippets(base: &str, model: &impl Runs) -> (String, String) {
    let e = model.embedded();
    let mut attrs: Vec<(&str, String)> = Vec::new();
    if e.protocol != Protocol::SingleDecree {
        attrs.push(("protocol", e.protocol.name().to_string()));
    }
    match e.scenario {
        Some(name) if e.unchanged => attrs.push(("scenario", short_name(name).to_string())),
        _ => attrs.push(("run", e.link.clone())),
    }
    attrs.push(("step", e.step.to_string()));
    attrs.push(("controls", "minimal".to_string()));
    if e.view != crate::state::ViewMode::Cluster {
        attrs.push(("view", e.view.name().to_string()));
    }
    let title = e
        .scenario
        .map(|name| Scenario { name, text: "" }.title())
        .unwrap_or_else(|| format!("A {} run", e.protocol.label()));
    let mut element = String::from("<paxos-viz");
    for (k, v) in &attrs {
        element.push_str(&format!(" {k}=\"{}\"", esc(v)));
    }
    if e.captions {
        element.push_str(" caption");
    }
    // A Multi-Paxos widget draws the log under the cluster: it needs more room.
    let height = match e.protocol {
        Protocol::SingleDecree => 420,
        Protocol::MultiPaxos => 520,
    };
    element.push_str(&format!(" height=\"{height}\"></paxos-viz>"));
    let widget = format!(
        "<script type=\"module\" src=\"{}\"></script>\n{element}",
        esc(&format!("{base}paxos-viz.js"))
    );
    let mut query: Vec<String> = attrs
        .iter()
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect();
    if e.captions {
        query.push("caption".to_string());
    }
    let src = format!("{base}embed.html?{}", query.join("&"));
    let iframe = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" frameborder=\"0\" loading=\"lazy\"></iframe>",
        esc(&src),
        esc(&format!("Paxos: {title}"))
    );
    (widget, iframe)
}

/// A query-string value: everything but unreserved characters percent-encoded.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn run_link(model: &Model) -> String {
    let mut link = paxos_sim::Link::of(&model.sim);
    if let Preset::Scenario(name) = model.preset {
        link.scenario = Some(name.to_string());
    }
    link.encode()
}

/// The `run` attribute of a widget snippet, for tests.
#[cfg(test)]
pub(crate) fn run_attr(snippet: &str) -> &str {
    snippet
        .split("run=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap_or_default()
}

/// Options from a list of attributes, for tests.
#[cfg(test)]
pub(crate) fn parse_attrs(attrs: &[(&str, &str)]) -> Result<Options, Vec<String>> {
    Options::parse(|name| {
        attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::parse_attrs as parse;

    fn attrs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn attributes_are_checked_ahead_of_time_as_the_widget_would() {
        let steps = check_attributes(&attrs(&[("scenario", "happy-path"), ("step", "3")]), None)
            .expect("a built-in scenario");
        assert!(steps > 3, "{steps}");
        let script = "cluster acceptors=3 proposers=1 learners=1\npropose p1 A\nrun steps=20\n";
        assert!(check_attributes(&attrs(&[("script", script)]), None).unwrap() > 0);
        let multi = check_attributes(
            &attrs(&[("protocol", "multi-paxos"), ("scenario", "steady-state")]),
            None,
        );
        assert!(multi.unwrap() > 0);
        // Each kind of mistake, in the widget's own words.
        let e = check_attributes(&attrs(&[("scenaro", "happy-path")]), None).unwrap_err();
        assert!(e[0].contains("did you mean scenario?"), "{e:?}");
        let e =
            check_attributes(&attrs(&[("controls", "some"), ("speed", "3")]), None).unwrap_err();
        assert_eq!(e.len(), 2, "{e:?}");
        let e = check_attributes(
            &attrs(&[("script", "cluster acceptors=3\npropse p1 A\n")]),
            None,
        )
        .unwrap_err();
        assert!(e[0].starts_with("script: line 2, column 1"), "{e:?}");
        let e = check_attributes(&attrs(&[("scenario", "happy-path"), ("step", "999")]), None)
            .unwrap_err();
        assert!(e[0].starts_with("step=\"999\""), "{e:?}");
        // A script's address is checked with the text it names, when given.
        let url = attrs(&[("script", "scripts/x.txt")]);
        assert_eq!(check_attributes(&url, None), Ok(0));
        let e = check_attributes(&url, Some("cluster acceptors=0\n")).unwrap_err();
        assert!(e[0].starts_with("script scripts/x.txt: line 1"), "{e:?}");
    }

    #[test]
    fn the_issues_example_parses() {
        let o = parse(&[
            ("scenario", "adopt-accepted-value"),
            ("step", "4"),
            ("controls", "minimal"),
            ("autoplay", ""),
            ("height", "420"),
            ("theme", "auto"),
        ])
        .unwrap();
        assert_eq!(o.source, Source::Scenario("03-adopt-accepted-value"));
        assert_eq!(o.step, Some(4));
        assert_eq!(o.controls, ControlsLevel::Minimal);
        assert!(o.autoplay && !o.caption);
        assert_eq!(o.height, Some(420));
        assert_eq!(o.theme, Theme::Auto);
        let m = o.model::<Model>(None).unwrap();
        assert_eq!(m.sim.step(), 4);
        assert!(m.playing);
    }

    #[test]
    fn the_protocol_attribute_picks_the_scenarios_and_names_mistakes() {
        let multi = Protocol::MultiPaxos;
        let o = parse(&[
            ("protocol", "multi-paxos"),
            ("scenario", "leader-crash-recovery"),
        ])
        .unwrap();
        assert_eq!(
            (o.protocol, o.source),
            (multi, Source::Scenario("02-leader-crash-recovery"))
        );
        let o = parse(&[("protocol", " multi-paxos ")]).unwrap();
        assert_eq!(o.source, Source::Scenario(crate::multi::DEFAULT_SCENARIO));
        assert_eq!(parse(&[]).unwrap().protocol, Protocol::SingleDecree);
        // A Multi-Paxos link says what it is.
        let o = parse(&[("run", "#v2.abc")]).unwrap();
        assert_eq!(
            (o.protocol, o.source),
            (multi, Source::Run("v2.abc".into()))
        );

        let e = parse(&[("protocol", "multipaxos")]).unwrap_err();
        assert_eq!(
            e,
            ["protocol=\"multipaxos\": use single-decree or multi-paxos (did you mean multi-paxos?)"]
        );
        let e = parse(&[("controls", "ful")]).unwrap_err();
        assert!(e[0].ends_with("(did you mean full?)"), "{e:?}");
        let e = parse(&[("scenario", "steady-state")]).unwrap_err();
        assert!(
            e[0].starts_with("scenario=\"steady-state\": a scenario of Multi-Paxos, and this widget shows single-decree Paxos: add protocol=\"multi-paxos\""),
            "{e:?}"
        );
        let e = parse(&[("protocol", "multi-paxos"), ("scenario", "happy-path")]).unwrap_err();
        assert!(
            e[0].contains("a scenario of single-decree Paxos")
                && e[0].contains("leave out protocol=\"multi-paxos\"")
                && e[0].contains("steady-state"),
            "{e:?}"
        );
        let e = parse(&[("protocol", "multi-paxos"), ("scenario", "steady-stat")]).unwrap_err();
        assert!(
            e[0].contains("no such Multi-Paxos scenario (did you mean steady-state?)"),
            "{e:?}"
        );
        let e = parse(&[("protocol", "multi-paxos"), ("run", "v1.xyz")]).unwrap_err();
        assert!(
            e[0].starts_with("run=\"v1.xyz…\": a link of single-decree Paxos"),
            "{e:?}"
        );
        let e = parse(&[("protocol", "single-decree"), ("run", "v2.xyz")]).unwrap_err();
        assert!(
            e[0].contains("leave out protocol=\"single-decree\""),
            "{e:?}"
        );
    }

    #[test]
    fn the_loader_observes_exactly_these_attributes() {
        let loader = include_str!("../www/paxos-viz.js");
        let list = ATTRIBUTES.map(|a| format!("'{a}'")).join(", ");
        assert!(
            loader.contains(&format!("export const ATTRIBUTES = [{list}];")),
            "www/paxos-viz.js must list {list}"
        );
    }

    #[test]
    fn no_attributes_is_the_default_scenario_at_its_start() {
        let o = parse(&[]).unwrap();
        assert_eq!(o.source, Source::Scenario(crate::state::DEFAULT_SCENARIO));
        assert_eq!(o.model::<Model>(None).unwrap().sim.step(), 0);
    }

    #[test]
    fn every_mistake_is_named() {
        let errors = parse(&[
            ("scenario", "nope"),
            ("step", "four"),
            ("controls", "some"),
            ("speed", "3"),
            ("height", "10"),
            ("theme", "blue"),
            ("autoplay", "yes"),
        ])
        .unwrap_err();
        assert_eq!(errors.len(), 7, "{errors:#?}");
        for (e, attr) in errors.iter().zip([
            "scenario=\"nope\"",
            "step=\"four\"",
            "controls=\"some\"",
            "autoplay=\"yes\"",
            "speed=\"3\"",
            "height=\"10\"",
            "theme=\"blue\"",
        ]) {
            assert!(e.starts_with(attr), "{e} should start with {attr}");
        }
        assert!(errors[0].contains("adopt-accepted-value"));
        assert!(!errors[0].contains("did you mean"), "{}", errors[0]);
        let typo = parse(&[("scenario", "adopt-acepted-value")]).unwrap_err();
        assert!(
            typo[0].contains("(did you mean adopt-accepted-value?)"),
            "{typo:?}"
        );
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let both = parse(&[("scenario", "happy-path"), ("run", "v1.x")]).unwrap_err();
        assert!(both[0].contains("only one of"), "{both:?}");
    }

    #[test]
    fn the_view_attribute_picks_the_drawing_and_the_snippet_keeps_the_pages() {
        use crate::state::ViewMode;
        assert_eq!(parse(&[]).unwrap().view, ViewMode::Cluster);
        assert_eq!(parse(&[("view", "both")]).unwrap().view, ViewMode::Both);
        assert_eq!(
            parse(&[("view", " spacetime ")]).unwrap().view,
            ViewMode::SpaceTime
        );
        let e = parse(&[("view", "spacetme")]).unwrap_err();
        assert!(
            e[0].starts_with(
                "view=\"spacetme\": use cluster, spacetime or both (did you mean spacetime?)"
            ),
            "{e:?}"
        );
        // "Embed this" offers the view on screen, in both snippets; the cluster is the default
        // and goes unsaid.
        let mut m = Model::scenario("01-happy-path").unwrap();
        assert!(!snippets("/", &m).0.contains("view="));
        m.update(crate::state::Msg::SetView(ViewMode::SpaceTime));
        let (widget, iframe) = snippets("/", &m);
        assert!(widget.contains(" view=\"spacetime\""), "{widget}");
        assert!(iframe.contains("&amp;view=spacetime"), "{iframe}");
    }

    #[test]
    fn runs_that_cannot_open_say_why() {
        let o = parse(&[("scenario", "happy-path"), ("step", "9999")]).unwrap();
        let e = o.model::<Model>(None).err().unwrap();
        assert!(e.starts_with("step=\"9999\": this run has"), "{e}");
        let o = parse(&[("script", "nodes 3\nfrobnicate p1\n")]).unwrap();
        let e = o.model::<Model>(None).err().unwrap();
        assert!(e.starts_with("script: ") && e.contains("line"), "{e}");
        let o = parse(&[("run", "#v1.garbage")]).unwrap();
        assert!(o.model::<Model>(None).err().unwrap().starts_with("run: "));
    }

    #[test]
    fn typos_in_attribute_names_are_caught() {
        let names = |ns: &[&str]| ns.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        let ok = names(&[
            "scenario",
            "id",
            "class",
            "style",
            "data-x",
            "aria-label",
            "STEP",
        ]);
        assert_eq!(unknown_attributes(&ok), Vec::<String>::new());
        let bad = unknown_attributes(&names(&["scenaro", "colour"]));
        assert_eq!(bad.len(), 2);
        assert!(
            bad[0].starts_with("scenaro: not an attribute of <paxos-viz> (did you mean scenario?)"),
            "{bad:?}"
        );
        assert!(!bad[1].contains("did you mean"), "{bad:?}");
    }

    #[test]
    fn scripts_are_text_or_urls() {
        assert!(is_url("examples/dueling.txt"));
        assert!(is_url("examples/dueling.txt?v=2"));
        assert!(is_url("https://example.org/s"));
        assert!(!is_url("propose p1 A"));
        assert!(!is_url("nodes 3\n"));
        let o = parse(&[("script", "scenarios/x.txt")]).unwrap();
        assert_eq!(o.source, Source::ScriptUrl("scenarios/x.txt".into()));
        let text = Scenario::named("01-happy-path").unwrap().text;
        assert_eq!(o.model::<Model>(Some(text)).unwrap().sim.len(), {
            Model::scenario("01-happy-path").unwrap().sim.len()
        });
    }

    #[test]
    fn snippets_escape_what_they_quote() {
        let m = Model::scenario("01-happy-path").unwrap();
        let (widget, iframe) = snippets("https://x.org/a&b \"c\"/", &m);
        assert!(
            widget.contains("src=\"https://x.org/a&amp;b &quot;c&quot;/paxos-viz.js\""),
            "{widget}"
        );
        assert!(iframe.contains("src=\"https://x.org/a&amp;b &quot;c&quot;/embed.html?scenario=happy-path&amp;step=0&amp;controls=minimal&amp;caption\""), "{iframe}");
        assert_eq!(percent_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        assert_eq!(
            esc("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn a_changed_scenario_keeps_its_captions_in_the_snippet() {
        let mut m = Model::scenario("03-adopt-accepted-value").unwrap();
        m.update(Msg::Goto(3));
        let victim = m.view().messages[0].id;
        m.update(Msg::Act(paxos_sim::Action::Drop { id: victim }));
        let (widget, _) = snippets("/", &m);
        assert!(
            widget.contains(" run=\"v1.") && widget.contains(" caption"),
            "{widget}"
        );
        let run = super::run_attr(&widget);
        let o = parse(&[("run", run), ("caption", "")]).unwrap();
        let pasted = o.model::<Model>(None).unwrap();
        assert_eq!(pasted.view(), m.view());
        assert_eq!(pasted.caption(), m.caption());
        assert!(pasted.caption().is_some());
    }

    #[test]
    fn scenario_names_with_or_without_numbers() {
        for s in Scenario::all() {
            let single = Protocol::SingleDecree;
            assert_eq!(scenario_named(single, s.name), Some(s.name));
            assert_eq!(scenario_named(single, short_name(s.name)), Some(s.name));
        }
        for s in Scenario::all_multi() {
            let multi = Protocol::MultiPaxos;
            assert_eq!(scenario_named(multi, short_name(s.name)), Some(s.name));
            assert_eq!(scenario_named(Protocol::SingleDecree, s.name), None);
        }
        assert_eq!(
            SCENARIO_NAMES,
            Scenario::all().map(|s| s.name).collect::<Vec<_>>()
        );
        assert_eq!(short_name("unsafe-small-quorum"), "unsafe-small-quorum");
        assert_eq!(scenario_named(Protocol::SingleDecree, "happy"), None);
    }

    #[test]
    fn snippets_name_an_unchanged_scenario_and_link_anything_else() {
        let mut m = Model::scenario("03-adopt-accepted-value").unwrap();
        m.update(Msg::Goto(4));
        let (widget, iframe) = snippets("https://x.org/p/", &m);
        assert!(widget.starts_with(
            "<script type=\"module\" src=\"https://x.org/p/paxos-viz.js\"></script>\n<paxos-viz scenario=\"adopt-accepted-value\" step=\"4\""
        ), "{widget}");
        assert!(iframe.contains("src=\"https://x.org/p/embed.html?scenario=adopt-accepted-value&amp;step=4&amp;controls=minimal&amp;caption\""), "{iframe}");
        // The snippet's own options open the same state.
        let attrs = [("scenario", "adopt-accepted-value"), ("step", "4")];
        let again = parse(&attrs).unwrap().model::<Model>(None).unwrap();
        assert_eq!(again.view(), m.view());

        // A hand action makes it a different run: the snippet carries the run itself.
        let free = Model::free(paxos_sim::Config::default(), 7);
        let mut hand = free.clone();
        hand.update(Msg::Step);
        hand.update(Msg::Step);
        let (widget, _) = snippets("/", &hand);
        assert!(
            !widget.contains(" caption"),
            "a free run has no captions: {widget}"
        );
        let run = super::run_attr(&widget);
        let step = hand.sim.step().to_string();
        assert!(widget.contains(&format!("step=\"{step}\"")), "{widget}");
        let o = parse(&[("run", run), ("step", &step)]).unwrap();
        assert_eq!(o.model::<Model>(None).unwrap().view(), hand.view());
    }
}
