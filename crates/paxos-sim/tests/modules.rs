//! The simulator's modules depend on each other in one direction only: no module reaches back
//! to one that uses it. The check reads `crate::<module>` paths in the code (doc comments and
//! comments do not count) and looks for a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut g = BTreeMap::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let (name, text) = if path.is_dir() {
            let m = path.join("mod.rs");
            let mut text = std::fs::read_to_string(&m).unwrap_or_default();
            for sub in std::fs::read_dir(&path).unwrap() {
                text += &std::fs::read_to_string(sub.unwrap().path()).unwrap_or_default();
            }
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text,
            )
        } else if path.extension().is_some_and(|x| x == "rs") {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, std::fs::read_to_string(&path).unwrap())
        } else {
            continue;
        };
        if name == "lib" || name == "bin" {
            continue;
        }
        let mut deps = uses(&text);
        deps.remove(&name);
        g.insert(name, deps);
    }
    g
}

/// A cycle through `node`, if there is one, as the list of modules on it.
fn cycle(
    g: &BTreeMap<String, BTreeSet<String>>,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|n| n == node) {
        return Some(path[i..].to_vec());
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for dep in g.get(node).into_iter().flatten() {
        if let Some(c) = cycle(g, dep, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn the_module_graph_has_no_cycle() {
    let g = graph();
    assert!(g.len() >= 15, "read only {} modules", g.len());
    assert!(
        g["single_decree"].contains("event"),
        "the reader finds real uses"
    );
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(c) = cycle(&g, node, &mut Vec::new(), &mut done) {
            panic!("module cycle: {} -> {}", c.join(" -> "), c[0]);
        }
    }
}

/// The kernel is the same for every protocol: it may use the network's vocabulary, but no
/// module of single-decree Paxos (events, invariants, views, scripts) or of any other protocol.
#[test]
fn the_kernel_knows_no_protocol() {
    let g = graph();
    let allowed = ["action", "config", "hash", "rng"];
    let extra: Vec<&String> = g["kernel"]
        .iter()
        .filter(|m| !allowed.contains(&m.as_str()))
        .collect();
    assert!(extra.is_empty(), "the kernel uses {extra:?}");
    assert!(
        g["kernel"].contains("rng"),
        "the reader finds the kernel's uses"
    );
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let mut g = BTreeMap::new();
    g.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    g.insert("b".to_string(), BTreeSet::from(["a".to_string()]));
    let c = cycle(&g, "a", &mut Vec::new(), &mut BTreeSet::new()).unwrap();
    assert_eq!(c, vec!["a".to_string(), "b".to_string()]);
}
