//! Every caption of every scenario and of the book's scripts holds at the step where lecture mode
//! shows it, as far as a program can tell (see `paxos_sim::lecture` for the claims it reads).
//! The last test shows the check can fail: a caption moved one beat before the event it
//! describes is caught.

use paxos_sim::lecture::{check_captions, play};
use std::path::{Path, PathBuf};

fn scripts() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["scenarios", "docs/src/scripts"] {
        let dir = root.join(dir);
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn every_caption_holds_where_it_is_shown() {
    let files = scripts();
    assert!(files.len() >= 20, "found only {} scripts", files.len());
    let mut failures = Vec::new();
    let (mut beats, mut claims) = (0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        beats += play(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", name(path)))
            .beats
            .len();
        let check = check_captions(&text).unwrap();
        claims += check.claims;
        for p in check.problems {
            failures.push(format!("{}: {p}", name(path)));
        }
    }
    println!(
        "{} scripts, {beats} beats, {claims} claims checked",
        files.len()
    );
    assert!(beats > 80, "only {beats} beats");
    assert!(claims > 3 * beats, "only {claims} claims in {beats} beats");
    assert!(
        failures.is_empty(),
        "captions that the run contradicts:\n{}",
        failures.join("\n")
    );
}

/// The script without its recorded outputs (each `----` and the lines up to the blank line).
fn commands_only(text: &str) -> String {
    let mut out = String::new();
    let mut in_output = false;
    for l in text.lines() {
        if l.trim() == "----" {
            in_output = true;
        } else if l.trim().is_empty() {
            in_output = false;
        } else if !in_output {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

/// Moves the narration line at `line` (1-based) above the narration line before it: the caption
/// now appears one beat earlier than written.
fn one_beat_earlier(text: &str, line: usize) -> String {
    let mut lines: Vec<&str> = text.lines().collect();
    let moved = lines.remove(line - 1);
    let before = (0..line - 1)
        .rev()
        .find(|&i| lines[i].starts_with("say ") || lines[i].starts_with("ask "))
        .expect("a narration line before it");
    lines.insert(before, moved);
    lines.join("\n") + "\n"
}

#[test]
fn a_caption_moved_one_beat_before_its_event_is_caught() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
    // (scenario, the start of a caption that describes an event of its own beat, a claim of it
    // that is false one beat earlier)
    let cases = [
        (
            "00-introduction.txt",
            "say \"It is: a majority",
            "A is chosen",
        ),
        ("01-happy-path.txt", "say \"Phase 2a:", "A is chosen"),
        (
            "14-chosen-but-not-learned.txt",
            "say \"a1 and a2 accept 1.p1 = A",
            "A is chosen",
        ),
        (
            "16-minority-partition.txt",
            "say \"The partition heals.",
            "l1 learns B",
        ),
        (
            "12-highest-of-two.txt",
            "say \"p2 runs the higher ballot",
            "a2 holds 1.p2:B",
        ),
        (
            "unsafe-ignore-promises.txt",
            "say \"a2 and a3 accept",
            "B is chosen",
        ),
    ];
    for (file, start, claim) in cases {
        let text = commands_only(&std::fs::read_to_string(root.join(file)).unwrap());
        assert_eq!(
            check_captions(&text).unwrap().problems,
            vec![],
            "{file} as written"
        );
        let line = text
            .lines()
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{file}: no line starts with {start}"))
            + 1;
        let moved = one_beat_earlier(&text, line);
        assert_ne!(moved, text);
        let problems = check_captions(&moved).unwrap().problems;
        let caught = problems.iter().find(|p| p.claim == claim).unwrap_or_else(|| {
            panic!("{file}: \"{claim}\" (line {line}) moved one beat earlier went unnoticed: {problems:?}")
        });
        println!("{file}: moved caption caught: {caught}");
    }
}
