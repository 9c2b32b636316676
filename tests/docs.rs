//! The README and the guides in `docs/` stay usable: every relative link
//! and anchor in them resolves, every `site.yaml` key the code accepts is
//! documented somewhere in `docs/`, and the README stays a short front door
//! whose first two commands build the example site and run the tests.
//!
//! These tests read files only; they do not use the library, so they keep
//! working while its modules move.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use walkdir::WalkDir;

/// The most lines the README may have before it stops being a front door.
const README_MAX_LINES: usize = 260;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// README.md and every Markdown file under docs/, in a stable order.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    files.extend(guides());
    files
}

/// Every Markdown file under docs/.
fn guides() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(root().join("docs"))
        .into_iter()
        .map(|entry| entry.expect("walking docs/"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no guides found under docs/");
    files
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// GitHub's anchor for a heading: lower case, every character that is not
/// a letter, a digit, a space, `-` or `_` removed, each space made `-`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings, with GitHub's `-1`, `-2`…
/// for repeated ones.
fn anchors(markdown: &str) -> BTreeSet<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut anchors = BTreeSet::new();
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(heading) = heading.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let base = slug(&heading.take().unwrap_or_default());
                let count = seen.entry(base.clone()).or_insert(0);
                let anchor = if *count == 0 {
                    base.clone()
                } else {
                    format!("{base}-{count}")
                };
                *count += 1;
                anchors.insert(anchor);
            }
            _ => {}
        }
    }
    anchors
}

/// Every link and image destination in a Markdown file, outside code.
fn destinations(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect()
}

/// Whether a destination names a scheme (`https:`, `mailto:`, `tel:`…),
/// so it leaves the repository.
fn has_scheme(destination: &str) -> bool {
    match destination.find(':') {
        Some(colon) => {
            let scheme = &destination[..colon];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for file in markdown_files() {
        let text = read(&file);
        let folder = file.parent().expect("a file has a folder");
        for destination in destinations(&text) {
            if destination.is_empty() || has_scheme(&destination) {
                continue;
            }
            checked += 1;
            let (path, anchor) = match destination.split_once('#') {
                Some((path, anchor)) => (path, Some(anchor)),
                None => (destination.as_str(), None),
            };
            let target = if path.is_empty() {
                file.clone()
            } else if let Some(from_root) = path.strip_prefix('/') {
                root().join(from_root)
            } else {
                folder.join(path)
            };
            if !target.exists() {
                failures.push(format!(
                    "{}: `{destination}`: {} does not exist",
                    relative(&file),
                    relative(&target)
                ));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            if target.extension().is_none_or(|ext| ext != "md") {
                continue;
            }
            let known = anchors(&read(&target));
            if !known.contains(anchor) {
                failures.push(format!(
                    "{}: `{destination}`: no heading in {} has the anchor #{anchor}",
                    relative(&file),
                    relative(&target)
                ));
            }
        }
    }
    assert!(
        checked > 0,
        "no relative links found: is the parser reading the files?"
    );
    assert!(
        failures.is_empty(),
        "{} broken relative link(s) in the README and docs/:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// The folder holding the raw mirror of site.yaml: the folder of the one
/// `config/raw.rs` under src/.
fn raw_config_folder() -> PathBuf {
    let found: Vec<PathBuf> = WalkDir::new(root().join("src"))
        .into_iter()
        .map(|entry| entry.expect("walking src/"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| path.ends_with("config/raw.rs"))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one config/raw.rs under src/, found {found:?}"
    );
    found[0]
        .parent()
        .expect("raw.rs has a folder")
        .to_path_buf()
}

/// One key `site.yaml` accepts: the struct it belongs to and its name.
struct Key {
    owner: String,
    name: String,
    at: String,
}

/// The fields of every `struct Raw…` with `#[serde(deny_unknown_fields)]`
/// in a Rust source file, by their YAML names.
fn raw_keys(file: &Path) -> Vec<Key> {
    let text = read(file);
    let mut keys = Vec::new();
    // Attributes and doc comments seen since the last item.
    let mut deny_unknown = false;
    // The struct being read, when it is one of ours.
    let mut owner: Option<String> = None;
    // The field's attributes: `rename = "…"`, and whether it is flattened.
    let mut rename: Option<String> = None;
    let mut flatten = false;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(name) = owner.as_ref() {
            if line.starts_with('}') {
                owner = None;
                continue;
            }
            if line.starts_with("#[") {
                if let Some(new) = serde_rename(line) {
                    rename = Some(new);
                }
                flatten |= line.starts_with("#[serde(") && line.contains("flatten");
                continue;
            }
            if line.starts_with("//") || line.is_empty() {
                continue;
            }
            if let Some(field) = field_name(line) {
                if !flatten {
                    keys.push(Key {
                        owner: name.clone(),
                        name: rename.take().unwrap_or(field),
                        at: format!("{}:{}", relative(file), number + 1),
                    });
                }
            }
            rename = None;
            flatten = false;
            continue;
        }
        if line.starts_with("#[") {
            deny_unknown |= line.starts_with("#[serde(") && line.contains("deny_unknown_fields");
            continue;
        }
        if line.starts_with("//") || line.is_empty() {
            continue;
        }
        if let Some(name) = raw_struct_name(line) {
            if deny_unknown && line.ends_with('{') {
                owner = Some(name);
            }
        }
        deny_unknown = false;
    }
    keys
}

/// `Raw…` from a line such as `pub(crate) struct RawBrand {`.
fn raw_struct_name(line: &str) -> Option<String> {
    let rest = line.split_once("struct ")?.1;
    let before = line.split_once("struct ")?.0.trim();
    if !(before.is_empty() || before.starts_with("pub")) {
        return None;
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    name.starts_with("Raw").then_some(name)
}

/// The field's name from `pub name: Type,`, `pub(crate) name: Type,` or
/// `name: Type,`.
fn field_name(line: &str) -> Option<String> {
    let mut rest = line;
    if let Some(after) = rest.strip_prefix("pub") {
        rest = after.trim_start();
        if rest.starts_with('(') {
            rest = rest.split_once(')')?.1.trim_start();
        }
    }
    let (name, _) = rest.split_once(':')?;
    let name = name.trim().trim_start_matches("r#");
    (!name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then(|| name.to_string())
}

/// The `x` of `#[serde(rename = "x")]` (among other serde arguments).
fn serde_rename(line: &str) -> Option<String> {
    if !line.starts_with("#[serde(") {
        return None;
    }
    line.match_indices("rename").find_map(|(at, word)| {
        let after = line[at + word.len()..].trim_start();
        let after = after.strip_prefix('=')?.trim_start().strip_prefix('"')?;
        Some(after.split_once('"')?.0.to_string())
    })
}

/// Whether the guides document a key: as `` `key` ``, or as `key:` at the
/// start of a YAML line (after spaces, `- ` or `#`).
fn documented(key: &str, guides: &[String]) -> bool {
    let quoted = format!("`{key}`");
    let yaml = format!("{key}:");
    guides.iter().any(|text| {
        text.contains(&quoted)
            || text
                .lines()
                .any(|line| line.trim_start_matches([' ', '-', '#']).starts_with(&yaml))
    })
}

#[test]
fn every_site_yaml_key_the_code_accepts_is_documented() {
    let folder = raw_config_folder();
    let mut sources: Vec<PathBuf> = WalkDir::new(&folder)
        .into_iter()
        .map(|entry| entry.expect("walking the config folder"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| entry.into_path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    sources.sort();
    let keys: Vec<Key> = sources.iter().flat_map(|file| raw_keys(file)).collect();
    // A sanity check on the reading itself, so a change in how the structs
    // are written cannot make this test pass by finding nothing.
    let names: BTreeSet<&str> = keys.iter().map(|key| key.name.as_str()).collect();
    for expected in [
        "title",
        "base_url",
        "brand",
        "primary",
        "quick_exit",
        "page_size",
    ] {
        assert!(
            names.contains(expected),
            "site.yaml's key `{expected}` not found in the raw structs of {}: \
             has the way they are written changed?",
            relative(&folder)
        );
    }

    let guides: Vec<String> = guides().iter().map(|path| read(path)).collect();
    let missing: Vec<String> = keys
        .iter()
        .filter(|key| !documented(&key.name, &guides))
        .map(|key| format!("`{}` ({}, {})", key.name, key.owner, key.at))
        .collect();
    assert!(
        missing.is_empty(),
        "{} site.yaml key(s) the code accepts are not documented in docs/ \
         (as `key` or as a YAML line `key:`):\n  {}",
        missing.len(),
        missing.join("\n  ")
    );
}

/// The text of every fenced code block, in order.
fn fenced_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => current = Some(String::new()),
            Event::Text(text) => {
                if let Some(block) = current.as_mut() {
                    block.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(block) = current.take() {
                    blocks.push(block);
                }
            }
            _ => {}
        }
    }
    blocks
}

#[test]
fn the_readme_is_a_short_front_door_that_starts_with_build_and_test() {
    let readme = read(&root().join("README.md"));
    let lines = readme.lines().count();
    assert!(
        lines <= README_MAX_LINES,
        "README.md has {lines} lines; keep it a front door of at most {README_MAX_LINES} \
         and move the detail into a guide under docs/"
    );

    let blocks = fenced_blocks(&readme);
    assert!(
        blocks.len() >= 2,
        "README.md has fewer than two code blocks"
    );
    let build = blocks[0].trim();
    let command = build.split('#').next().unwrap_or_default().trim();
    assert!(
        command == "cargo run --release -- build" && !build.contains('\n'),
        "the README's first command must build the example site \
         (`cargo run --release -- build`), found:\n{build}"
    );
    assert_eq!(
        blocks[1].trim(),
        "cargo test",
        "the README's second command must run the tests"
    );
}

#[test]
fn the_editing_guide_is_written_for_people_who_never_write_yaml() {
    let guide = read(&root().join("docs/editing.md"));
    for word in ["yaml", "front matter", "site.yaml", "cargo"] {
        assert!(
            !guide.to_lowercase().contains(word),
            "docs/editing.md is for comms officers: it should not mention \"{word}\""
        );
    }
    let readme = read(&root().join("README.md"));
    assert!(
        readme.contains("(docs/editing.md)"),
        "the README links to the editing guide"
    );
}
