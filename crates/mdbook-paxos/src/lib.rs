//! # `mdbook-paxos`: live Paxos runs written as fenced blocks
//!
//! An mdBook preprocessor. In a chapter, a fenced block whose info string starts with the word
//! `paxos` becomes a `<paxos-viz>` widget. The rest of the info string is the widget's
//! attributes (`name=value`, `name="a value"`, or a bare `name` for a flag); the block's body is
//! the run: a built-in scenario's name, a link copied from the app (`v1.…` or `v2.…`), or a
//! whole scenario script.
//!
//! ````markdown
//! ```paxos step=4 controls=minimal caption height=440
//! adopt-accepted-value
//! ```
//!
//! ```paxos protocol=multi-paxos caption
//! cluster nodes=3 clients=1 protocol=multi-paxos
//! client c1 put x 1 at n1
//! run steps=40
//! ```
//! ````
//!
//! Every block is checked at build time with the widget's own checks
//! ([`paxos_viz::embed::check_attributes`]): a misspelt attribute, a value out of range, an
//! unknown scenario, a script that does not parse or cannot run, a step past the run's end.
//! Each mistake is reported with the chapter's file, the line in it, and the script's own line
//! and column, and the build fails: nothing is silently dropped.
//!
//! Fences follow CommonMark: backticks or tildes, three or more, indented at most three
//! spaces; a block inside a longer fence (an example of the syntax, as above) is left alone.
//! A block's body may be one line `{{#include path}}` (mdBook's own syntax; the path is
//! relative to the chapter's file) to keep a long script in a file of its own. The preprocessor
//! reads that file itself, before mdBook's `links` (book.toml: `before = ["links"]`), so that a
//! mistake in the script is reported at the script file's own line and column.

use paxos_viz::embed::check_attributes;

/// One mistake in one block: where, and what the widget would have said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mistake {
    /// The chapter's line (1-based) the mistake is on: the fence's, or the script line's.
    pub line: usize,
    /// The column in that line, where the script names one.
    pub column: Option<usize>,
    /// The fence's line, for "the block at line N".
    pub block: usize,
    /// The included script file `line` counts in, when the body is `{{#include path}}`.
    pub file: Option<String>,
    /// The widget's sentence.
    pub message: String,
}

/// A fence's opening or closing line: its character, its length, its indent and its info.
struct Fence<'a> {
    ch: char,
    len: usize,
    indent: usize,
    info: &'a str,
}

fn fence(line: &str) -> Option<Fence<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(ch).len();
    if len < 3 {
        return None;
    }
    let info = rest[len..].trim();
    // A backtick fence's info string may not contain a backtick (CommonMark 4.5).
    if ch == '`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        ch,
        len,
        indent,
        info,
    })
}

/// Whether `line` closes a fence opened by `open`.
fn closes(open: &Fence<'_>, line: &str) -> bool {
    fence(line).is_some_and(|f| f.ch == open.ch && f.len >= open.len && f.info.is_empty())
}

/// An info string's attributes: `name`, `name=value`, `name="value"` or `name='value'`.
fn attributes(info: &str) -> Result<Vec<(String, String, bool)>, String> {
    let mut out = Vec::new();
    let mut chars = info.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else {
            return Ok(out);
        };
        if first == '=' || first == '"' || first == '\'' {
            return Err(format!(
                "`{first}` where an attribute's name should be, in the info string `{info}`"
            ));
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '=' {
                break;
            }
            name.push(c);
            chars.next();
        }
        if chars.peek() != Some(&'=') {
            out.push((name, String::new(), true));
            continue;
        }
        chars.next();
        let mut value = String::new();
        match chars.peek().copied() {
            Some(q @ ('"' | '\'')) => {
                chars.next();
                loop {
                    match chars.next() {
                        Some(c) if c == q => break,
                        Some(c) => value.push(c),
                        None => {
                            return Err(format!("{name}={q}{value}: the quote {q} is not closed"))
                        }
                    }
                }
            }
            _ => {
                while let Some(&c) = chars.peek() {
                    if c.is_whitespace() {
                        break;
                    }
                    value.push(c);
                    chars.next();
                }
            }
        }
        out.push((name, value, false));
    }
}

/// `text` inside a double-quoted HTML attribute, on one line (a blank line would end the
/// Markdown HTML block the element sits in).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#10;"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// "line L, column C" at the start of a script's error (after a `script: ` prefix): the
/// script's own position.
fn script_position(message: &str) -> Option<(usize, usize)> {
    let at = message.find("line ")?;
    let rest = &message[at + 5..];
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// One block: its widget element, or its mistakes. `fence_line` is the chapter line of the
/// opening fence; the body starts on the next line.
fn widget(
    info: &str,
    body: &[&str],
    fence_line: usize,
    indent: usize,
    include: Include<'_>,
) -> Result<String, Vec<Mistake>> {
    let at_fence = |message: String| Mistake {
        line: fence_line,
        column: None,
        block: fence_line,
        file: None,
        message,
    };
    let mut attrs = attributes(info).map_err(|e| vec![at_fence(e)])?;
    // Each body line without the fence's indent (CommonMark removes up to that many spaces).
    let lines: Vec<&str> = body
        .iter()
        .map(|l| {
            let strip = (l.len() - l.trim_start_matches(' ').len()).min(indent);
            &l[strip..]
        })
        .collect();
    let mut text = lines.join("\n");
    let first_body_line = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
    // `{{#include path}}`: the script is the file's, and so are the line numbers.
    let mut included = None;
    let include_path = text
        .trim()
        .strip_prefix("{{#include ")
        .and_then(|rest| rest.strip_suffix("}}"))
        .map(|p| p.trim().to_string());
    if let Some(path) = include_path {
        text = include(&path).map_err(|e| {
            vec![Mistake {
                line: fence_line + 1 + first_body_line,
                column: None,
                block: fence_line,
                file: None,
                message: format!("{{{{#include {path}}}}}: {e}"),
            }]
        })?;
        included = Some(path);
    }
    let run = text.trim();
    let given = ["scenario", "script", "run"]
        .into_iter()
        .find(|n| attrs.iter().any(|(k, _, _)| k.eq_ignore_ascii_case(n)));
    if !run.is_empty() {
        if let Some(name) = given {
            return Err(vec![at_fence(format!(
                "the block has a body and a {name} attribute: give the run in one place"
            ))]);
        }
        let one_word = !run.contains(char::is_whitespace);
        let kind = if one_word && (run.starts_with("v1.") || run.starts_with("v2.")) {
            "run"
        } else if one_word && !paxos_viz::embed::is_url(run) {
            "scenario"
        } else {
            "script"
        };
        // A script keeps its lines as written, so that its line numbers are the block's.
        let value = if kind == "script" {
            format!("{}\n", text.trim_end())
        } else {
            run.to_string()
        };
        attrs.push((kind.to_string(), value, false));
    }
    let pairs: Vec<(String, String)> = attrs
        .iter()
        .map(|(k, v, _)| (k.clone(), v.clone()))
        .collect();
    if let Err(errors) = check_attributes(&pairs, None) {
        // A script's mistakes come one per line ("script: line 1, ...\nline 3, ..."): each is
        // reported at its own line.
        let errors =
            errors
                .into_iter()
                .flat_map(|message| match message.strip_prefix("script: ") {
                    Some(rest) if rest.contains('\n') => rest
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| format!("script: {}", l.trim()))
                        .collect::<Vec<_>>(),
                    _ => vec![message],
                });
        return Err(errors
            .map(|message| match script_position(&message) {
                Some((line, column)) if message.starts_with("script: ") => Mistake {
                    line: if included.is_some() {
                        line
                    } else {
                        fence_line + line
                    },
                    column: Some(column),
                    block: fence_line,
                    file: included.clone(),
                    message,
                },
                _ if message.starts_with("scenario=") || message.starts_with("run: ") => Mistake {
                    line: fence_line + 1 + first_body_line,
                    column: None,
                    block: fence_line,
                    file: None,
                    message,
                },
                _ => at_fence(message),
            })
            .collect());
    }
    let mut element = format!("{}<paxos-viz", " ".repeat(indent));
    for (name, value, flag) in &attrs {
        element.push(' ');
        element.push_str(name);
        if !flag {
            element.push_str("=\"");
            element.push_str(&escape(value));
            element.push('"');
        }
    }
    element.push_str("></paxos-viz>");
    Ok(element)
}

/// Reads a `{{#include path}}` body's file: the path as written in the block, relative to the
/// chapter.
pub type Include<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// A chapter's Markdown with every ```` ```paxos ```` block replaced by its widget, or every
/// mistake in its blocks. `include` reads the files of `{{#include path}}` bodies.
pub fn expand(markdown: &str, include: Include<'_>) -> Result<String, Vec<Mistake>> {
    let lines: Vec<&str> = markdown.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut mistakes = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some(open) = fence(lines[i]) else {
            out.push(lines[i].to_string());
            i += 1;
            continue;
        };
        let end = (i + 1..lines.len())
            .find(|&j| closes(&open, lines[j]))
            .unwrap_or(lines.len());
        let word = open.info.split_whitespace().next().unwrap_or("");
        if word == "paxos" {
            let info = open.info["paxos".len()..].trim();
            match widget(info, &lines[i + 1..end], i + 1, open.indent, include) {
                Ok(element) => {
                    // Blank lines around it: an HTML block of its own, whatever is next to it.
                    out.push(String::new());
                    out.push(element);
                    out.push(String::new());
                }
                Err(found) => mistakes.extend(found),
            }
        } else {
            // Any other block, examples of ```paxos blocks included, stays as written.
            out.extend(
                lines[i..(end + 1).min(lines.len())]
                    .iter()
                    .map(|l| l.to_string()),
            );
        }
        i = end + 1;
    }
    if mistakes.is_empty() {
        Ok(out.join("\n"))
    } else {
        Err(mistakes)
    }
}

/// Runs the preprocessor over mdBook's JSON (`[context, book]` on standard input): the book
/// with its chapters expanded, or one line per mistake in the whole book (`file:line:column:
/// message`), for the build to fail with.
pub fn preprocess(input: &str) -> Result<String, String> {
    let parsed: serde_json::Value =
        serde_json::from_str(input).map_err(|e| format!("mdBook's input is not JSON: {e}"))?;
    let context = parsed.get(0).cloned().unwrap_or_default();
    let mut book = parsed
        .get(1)
        .cloned()
        .ok_or("mdBook's input is not [context, book]")?;
    // Chapters' files are under `<root>/<book.src>`; an included script is relative to its
    // chapter's file.
    let root = context.get("root").and_then(|r| r.as_str()).unwrap_or(".");
    let src = context
        .pointer("/config/book/src")
        .and_then(|s| s.as_str())
        .unwrap_or("src");
    let src_dir = std::path::Path::new(root).join(src);
    let mut report = Vec::new();
    walk(&mut book, &src_dir, &mut report);
    if !report.is_empty() {
        return Err(report.join("\n"));
    }
    serde_json::to_string(&book).map_err(|e| e.to_string())
}

/// Expands every chapter under `value`. Chapters nest (`sub_items`); the book's list is
/// `items` (mdBook 0.5) or `sections` (0.4).
fn walk(value: &mut serde_json::Value, src_dir: &std::path::Path, report: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, src_dir, report)),
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(chapter)) = map.get_mut("Chapter") {
                let text = |key: &str| {
                    chapter
                        .get(key)
                        .and_then(|p| p.as_str())
                        .map(str::to_string)
                };
                let file = text("source_path")
                    .or_else(|| text("path"))
                    .unwrap_or("?".into());
                let name = text("name").unwrap_or_default();
                // The chapter's folder, as written in its path ("" at the top).
                let folder = match file.rfind('/') {
                    Some(at) => file[..=at].to_string(),
                    None => String::new(),
                };
                let include = |path: &str| {
                    std::fs::read_to_string(src_dir.join(&folder).join(path))
                        .map_err(|e| format!("cannot read {folder}{path}: {e}"))
                };
                if let Some(serde_json::Value::String(content)) = chapter.get_mut("content") {
                    match expand(content, &include) {
                        Ok(expanded) => *content = expanded,
                        Err(mistakes) => report.extend(mistakes.iter().map(|m| {
                            let column = m.column.map(|c| format!(":{c}")).unwrap_or_default();
                            let at = match &m.file {
                                Some(script) => format!("{folder}{script}:{}{column}", m.line),
                                None => format!("{file}:{}{column}", m.line),
                            };
                            format!(
                                "{at}: chapter \"{name}\" ({file}), the ```paxos block at line {}: {}",
                                m.block, m.message
                            )
                        })),
                    }
                }
                if let Some(sub) = chapter.get_mut("sub_items") {
                    walk(sub, src_dir, report);
                }
            } else {
                for key in ["items", "sections"] {
                    if let Some(v) = map.get_mut(key) {
                        walk(v, src_dir, report);
                    }
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_files(path: &str) -> Result<String, String> {
        Err(format!("no file {path} here"))
    }

    #[test]
    fn a_scenario_block_becomes_a_widget_with_its_attributes() {
        let md = "Before.\n\n```paxos step=4 controls=minimal caption height=440\nadopt-accepted-value\n```\nAfter.\n";
        let out = expand(md, &no_files).unwrap();
        assert!(
            out.contains("\n<paxos-viz step=\"4\" controls=\"minimal\" caption height=\"440\" scenario=\"adopt-accepted-value\"></paxos-viz>\n\nAfter."),
            "{out}"
        );
        assert!(out.starts_with("Before.\n"));
        assert!(!out.contains("```"));
    }

    #[test]
    fn a_script_block_keeps_its_lines_in_one_attribute() {
        let md = "```paxos caption\ncluster acceptors=3 proposers=1 learners=1\n# \"quoted\" & <b>\npropose p1 A\nrun steps=20\n```\n";
        let out = expand(md, &no_files).unwrap();
        assert!(out.contains("script=\"cluster acceptors=3 proposers=1 learners=1&#10;# &quot;quoted&quot; &amp; &lt;b&gt;&#10;propose p1 A&#10;run steps=20&#10;\""), "{out}");
        assert_eq!(out.lines().filter(|l| l.contains("<paxos-viz")).count(), 1);
    }

    #[test]
    fn links_and_multi_paxos_blocks() {
        let out = expand(
            "```paxos protocol=multi-paxos step=5\nsteady-state\n```\n",
            &no_files,
        )
        .unwrap();
        assert!(
            out.contains("protocol=\"multi-paxos\" step=\"5\" scenario=\"steady-state\""),
            "{out}"
        );
        let out = expand(
            "```paxos title=\"Two values\" theme='dark'\nhappy-path\n```",
            &no_files,
        )
        .unwrap();
        assert!(out.contains("title=\"Two values\" theme=\"dark\""), "{out}");
    }

    #[test]
    fn blocks_inside_longer_fences_and_other_languages_stay_as_written() {
        let md = "````markdown\n```paxos\nnot-a-scenario\n```\n````\n\n```rust\nfn main() {}\n```\n~~~paxos\nhappy-path\n~~~\n";
        let out = expand(md, &no_files).unwrap();
        assert!(
            out.starts_with(
                "````markdown\n```paxos\nnot-a-scenario\n```\n````\n\n```rust\nfn main() {}\n```\n"
            ),
            "{out}"
        );
        assert!(
            out.contains("<paxos-viz scenario=\"happy-path\"></paxos-viz>"),
            "{out}"
        );
        // `paxos-viz` is another language, not ours.
        assert!(expand("```paxos-viz\nnope\n```", &no_files)
            .unwrap()
            .contains("nope"));
    }

    #[test]
    fn an_indented_block_in_a_list_keeps_its_indent() {
        let out = expand(
            "1. A list\n\n   ```paxos\n   happy-path\n   ```\n",
            &no_files,
        )
        .unwrap();
        assert!(
            out.contains("\n   <paxos-viz scenario=\"happy-path\"></paxos-viz>\n"),
            "{out}"
        );
    }

    #[test]
    fn every_mistake_is_reported_with_its_line_and_column() {
        let md = "# A chapter\n\n```paxos controls=some\nhappy-path\n```\n\n```paxos\ncluster acceptors=3 proposers=1 learners=1\npropse p1 A\n```\n\n```paxos\nhapy-path\n```\n";
        let mistakes = expand(md, &no_files).unwrap_err();
        assert_eq!(mistakes.len(), 3, "{mistakes:?}");
        assert_eq!((mistakes[0].line, mistakes[0].block), (3, 3));
        assert!(
            mistakes[0].message.starts_with("controls=\"some\""),
            "{}",
            mistakes[0].message
        );
        // The script's line 2 is the chapter's line 9; its column is the script's.
        assert_eq!(
            (mistakes[1].line, mistakes[1].column, mistakes[1].block),
            (9, Some(1), 7)
        );
        assert!(
            mistakes[1].message.starts_with("script: line 2, column 1"),
            "{}",
            mistakes[1].message
        );
        assert_eq!((mistakes[2].line, mistakes[2].block), (13, 12));
        assert!(
            mistakes[2].message.contains("did you mean"),
            "{}",
            mistakes[2].message
        );
    }

    #[test]
    fn a_run_in_two_places_and_a_broken_info_string_are_mistakes() {
        let e = expand("```paxos scenario=happy-path\nhappy-path\n```", &no_files).unwrap_err();
        assert!(e[0].message.contains("give the run in one place"), "{e:?}");
        let e = expand("```paxos height=\"440\n```", &no_files).unwrap_err();
        assert!(e[0].message.contains("not closed"), "{e:?}");
        let e = expand("```paxos scenaro=happy-path\n```", &no_files).unwrap_err();
        assert!(e[0].message.contains("did you mean scenario?"), "{e:?}");
    }

    #[test]
    fn the_book_json_is_walked_into_nested_chapters() {
        let chapter = |name: &str, content: &str, sub: serde_json::Value| {
            serde_json::json!({"Chapter": {"name": name, "content": content, "number": null,
                "sub_items": sub, "path": format!("{name}.md"), "source_path": format!("{name}.md"), "parent_names": []}})
        };
        let good = chapter(
            "inner",
            "```paxos\nhappy-path\n```\n",
            serde_json::json!([]),
        );
        let book = serde_json::json!({"items": [chapter("outer", "text", serde_json::json!([good])), "Separator"]});
        let input = serde_json::json!([{"root": "."}, book]).to_string();
        let out: serde_json::Value = serde_json::from_str(&preprocess(&input).unwrap()).unwrap();
        let inner = &out["items"][0]["Chapter"]["sub_items"][0]["Chapter"]["content"];
        assert!(
            inner
                .as_str()
                .unwrap()
                .contains("<paxos-viz scenario=\"happy-path\">"),
            "{inner}"
        );
        assert_eq!(out["items"][1], "Separator");
        let bad = chapter("bad", "x\n```paxos step=oops\n```\n", serde_json::json!([]));
        let input = serde_json::json!([{}, {"items": [bad]}]).to_string();
        let err = preprocess(&input).unwrap_err();
        assert!(
            err.starts_with(
                "bad.md:2: chapter \"bad\" (bad.md), the ```paxos block at line 2: step=\"oops\""
            ),
            "{err}"
        );
    }

    #[test]
    fn an_included_script_is_read_and_its_mistakes_are_at_its_own_lines() {
        let files = |path: &str| match path {
            "scripts/good.txt" => Ok(
                "cluster acceptors=3 proposers=1 learners=1\npropose p1 A\nrun steps=20\n"
                    .to_string(),
            ),
            "scripts/bad.txt" => {
                Ok("cluster acceptors=3 proposers=1 learners=1\n\npropose p9 A\n".to_string())
            }
            other => Err(format!("no file {other}")),
        };
        let out = expand(
            "```paxos caption\n{{#include scripts/good.txt}}\n```\n",
            &files,
        )
        .unwrap();
        assert!(out.contains("<paxos-viz caption script=\"cluster acceptors=3 proposers=1 learners=1&#10;propose p1 A&#10;run steps=20&#10;\"></paxos-viz>"), "{out}");
        let e = expand(
            "text\n\n```paxos\n{{#include scripts/bad.txt}}\n```\n",
            &files,
        )
        .unwrap_err();
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            (e[0].file.as_deref(), e[0].line, e[0].block),
            (Some("scripts/bad.txt"), 3, 3)
        );
        assert!(
            e[0].message.starts_with("script: line 3, column"),
            "{}",
            e[0].message
        );
        let e = expand("```paxos\n{{#include scripts/none.txt}}\n```\n", &files).unwrap_err();
        assert_eq!((e[0].line, e[0].file.as_deref()), (2, None));
        assert!(
            e[0].message.contains("no file scripts/none.txt"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn includes_are_relative_to_the_chapter_in_the_books_source_folder() {
        let root = std::env::temp_dir().join(format!("mdbook-paxos-{}", std::process::id()));
        std::fs::create_dir_all(root.join("pages/guide/scripts")).unwrap();
        std::fs::write(
            root.join("pages/guide/scripts/s.txt"),
            "cluster acceptors=3 proposers=1 learners=1\nrun steps=x\n",
        )
        .unwrap();
        let chapter = serde_json::json!({"Chapter": {"name": "Guide", "content": "```paxos\n{{#include scripts/s.txt}}\n```\n",
            "number": null, "sub_items": [], "path": "guide/a.md", "source_path": "guide/a.md", "parent_names": []}});
        let context = serde_json::json!({"root": root.to_str().unwrap(), "config": {"book": {"src": "pages"}}});
        let err = preprocess(&serde_json::json!([context, {"items": [chapter]}]).to_string())
            .unwrap_err();
        std::fs::remove_dir_all(&root).unwrap();
        assert!(err.starts_with("guide/scripts/s.txt:2:"), "{err}");
        assert!(
            err.contains(
                "chapter \"Guide\" (guide/a.md), the ```paxos block at line 1: script: line 2"
            ),
            "{err}"
        );
    }
}
