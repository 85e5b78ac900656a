//! Embeds every scenario script from `scenarios/` into the app, so the page's menu and the
//! golden tests always use the very same files. The page gets the scripts without their
//! expected outputs (the `----` blocks, which only the golden tests read): half the bytes of
//! the files, which every visitor would download.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut out = list("SCENARIOS", "Built-in scenarios", &root);
    // Multi-Paxos scenarios: only the Multi-Paxos module refers to them, so the single-decree
    // page's wasm does not carry them.
    out += &list(
        "MULTI_SCENARIOS",
        "Built-in Multi-Paxos scenarios",
        &root.join("multi-paxos"),
    );
    // Names alone, for a widget's "that is a scenario of the other protocol" and "did you
    // mean": a few hundred bytes, where the scripts are kilobytes.
    out += &names("SCENARIO_NAMES", &root);
    out += &names("MULTI_SCENARIO_NAMES", &root.join("multi-paxos"));
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("scenarios.rs");
    std::fs::write(dest, out).unwrap();
}

/// The `.txt` scripts of `dir`, in file order.
fn scripts(dir: &Path) -> Vec<std::path::PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("the scenarios folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
}

fn stem(f: &Path) -> &str {
    f.file_stem()
        .and_then(|s| s.to_str())
        .expect("UTF-8 file name")
}

/// `pub const NAME: &[&str]`: the file stems of `dir`'s scripts, in file order.
fn names(name: &str, dir: &Path) -> String {
    let stems: Vec<String> = scripts(dir)
        .iter()
        .map(|f| format!("{:?}", stem(f)))
        .collect();
    format!(
        "/// File stems of {name}, in file order.\npub const {name}: &[&str] = &[{}];\n",
        stems.join(", ")
    )
}

/// `pub const NAME: &[(&str, &str)]`: every `.txt` script of `dir`, in file order.
fn list(name: &str, what: &str, dir: &Path) -> String {
    let files = scripts(dir);
    let mut out = format!("/// {what}: (file stem, script text), in file order.\npub const {name}: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let stem = stem(f);
        let text = std::fs::read_to_string(f).expect("a readable scenario");
        writeln!(out, "    ({stem:?}, {:?}),", without_outputs(&text)).unwrap();
    }
    out.push_str("];\n");
    out
}

/// The script without its expected outputs: each `----` line and the lines after it, up to
/// the blank line that ends the block.
fn without_outputs(text: &str) -> String {
    let mut out = String::new();
    let mut in_output = false;
    for line in text.lines() {
        if in_output {
            in_output = !line.trim().is_empty();
            if in_output {
                continue;
            }
        } else if line.trim() == "----" {
            in_output = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}
