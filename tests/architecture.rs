//! The shape of the code, checked: every module imports only modules below
//! it in the layer table (the one `src/lib.rs` documents), and no file
//! grows past 600 lines of non-test code. Read from the source text, so a
//! new import that runs the wrong way fails here before it becomes a cycle.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Each module (by its path under the crate) and its rank: a module may
/// use a module of a lower rank, never one of the same or a higher rank
/// (so there can be no cycle). A file belongs to the longest entry its
/// module path starts with. Keep this table and `src/lib.rs`'s in step.
const RANKS: &[(&str, u32)] = &[
    // base: shared pieces that know nothing of a site.
    ("base::diagnostic", 0),
    ("base::date", 0),
    ("base::escape", 0),
    ("base::colour", 0),
    ("base::policy", 0),
    ("base::media", 0),
    ("base::fsutil", 1),
    ("base::yaml", 2),
    ("base", 3),
    // load: the site's files into the model.
    ("load::layers", 10),
    ("load::lock", 11),
    ("load::downloads", 11),
    ("load::config", 12),
    ("load::i18n", 13),
    ("load::signpost", 14),
    ("load::content", 14),
    ("load", 15),
    // markdown: each body into HTML and facts.
    ("markdown", 20),
    // check: validate.
    ("check", 30),
    // render: the model into pages.
    ("render::pagination", 40),
    ("render::key", 40),
    ("render::rs", 41),
    ("render::theme", 41),
    ("render::cards", 41),
    ("render", 42),
    // write: pages onto disk.
    ("write", 50),
    // site: the one hall.
    ("site", 60),
    // commands.
    ("init", 70),
    ("watch", 70),
    ("upstream", 71),
    // The editor uses the upstream review cycle (override a national page,
    // accept its change) as it is, so it sits above it; serve above both.
    ("edit", 72),
    ("serve", 73),
    ("main", 80),
    ("", 90),
];

/// The most lines of non-test code one file may hold.
const MAX_FILE_LINES: usize = 600;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/` that is not a test module of its own
/// (`tests.rs`, `*_tests.rs`), with its module path (`load::config::raw`).
fn source_files() -> Vec<(String, PathBuf)> {
    let root = src();
    let mut files: Vec<(String, PathBuf)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "rs"))
        .filter(|entry| {
            let name = entry.file_name().to_string_lossy();
            name != "tests.rs" && !name.ends_with("_tests.rs")
        })
        .map(|entry| {
            let rel = entry.path().strip_prefix(&root).unwrap().to_path_buf();
            (module_path(&rel), entry.path().to_path_buf())
        })
        .collect();
    files.sort();
    files
}

/// `load/config/mod.rs` → `load::config`; `lib.rs` → ``; `main.rs` → `main`.
fn module_path(rel: &Path) -> String {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    if parts.first().is_some_and(|first| first == "cli") {
        // The command line's own modules, beside `main.rs`.
        return "main".to_string();
    }
    parts.join("::")
}

/// The code of a file without its tests: everything from a `#[cfg(test)]`
/// that opens a `mod` to the end, and each other `#[cfg(test)]` item's line.
fn non_test_code(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        if lines[index].trim() == "#[cfg(test)]" {
            let next = lines[index + 1..]
                .iter()
                .find(|line| !line.trim().starts_with("#["))
                .map_or("", |line| line.trim());
            if next.starts_with("mod ") || next.starts_with("pub mod ") {
                break;
            }
            index += 2;
            continue;
        }
        kept.push(lines[index]);
        index += 1;
    }
    kept
}

/// The entry of [`RANKS`] a module path belongs to (the longest prefix).
fn owner(module: &str) -> (&'static str, u32) {
    RANKS
        .iter()
        .filter(|(prefix, _)| {
            prefix.is_empty() || module == *prefix || module.starts_with(&format!("{prefix}::"))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .copied()
        .unwrap_or(("", 90))
}

/// The module paths a line names through `crate::` (or `beacon::`, in
/// `main.rs`), with `crate::a::{b, c}` read as `a::b` and `a::c`.
fn named_modules(line: &str, roots: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for root in roots {
        let needle = format!("{root}::");
        let mut rest = line;
        while let Some(at) = rest.find(&needle) {
            let before = rest[..at].chars().last();
            rest = &rest[at + needle.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String = rest
                .chars()
                .take_while(|c| {
                    c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == ':'
                })
                .collect();
            let path = path.trim_end_matches(':').to_string();
            let after = &rest[path.len()..];
            if let Some(group) = after.strip_prefix("::{") {
                let inner = group.split('}').next().unwrap_or("");
                for item in inner.split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    if item == "self" || item.is_empty() {
                        found.push(path.clone());
                    } else {
                        found.push(format!("{path}::{item}"));
                    }
                }
            } else {
                found.push(path);
            }
        }
    }
    found
}

#[test]
fn no_module_imports_one_above_it() {
    let mut wrong = BTreeSet::new();
    let mut checked = 0;
    for (module, path) in source_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let (own, rank) = owner(&module);
        let roots: &[&str] = if module == "main" {
            &["beacon", "crate"]
        } else {
            &["crate"]
        };
        for (number, line) in non_test_code(&text).iter().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in named_modules(line, roots) {
                let (target, target_rank) = owner(&used);
                checked += 1;
                if target != own && target_rank >= rank {
                    wrong.insert(format!(
                        "{}:{}: {own} (rank {rank}) uses {used} ({target}, rank {target_rank})",
                        path.strip_prefix(src()).unwrap().display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} imports read: is the parser broken?"
    );
    assert!(
        wrong.is_empty(),
        "imports that run up the layers (see src/lib.rs):\n{}",
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn every_module_has_a_rank_of_its_own_family() {
    let unranked: Vec<String> = source_files()
        .into_iter()
        .filter(|(module, _)| !module.is_empty() && owner(module).0.is_empty())
        .map(|(module, _)| module)
        .collect();
    assert!(
        unranked.is_empty(),
        "modules the layer table does not place: {unranked:?}"
    );
}

#[test]
fn no_file_holds_more_than_600_lines_of_non_test_code() {
    let too_long: Vec<String> = source_files()
        .into_iter()
        .filter_map(|(_, path)| {
            let text = std::fs::read_to_string(&path).unwrap();
            let lines = non_test_code(&text).len();
            (lines > MAX_FILE_LINES).then(|| {
                format!(
                    "{}: {lines} lines",
                    path.strip_prefix(src()).unwrap().display()
                )
            })
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "files over {MAX_FILE_LINES} lines of non-test code (split them by job):\n{}",
        too_long.join("\n")
    );
}

#[test]
fn the_checks_read_what_they_claim() {
    // The parser on the shapes the source uses, so the tests above cannot
    // pass by reading nothing.
    assert_eq!(
        named_modules("use crate::load::config::{Config, R};", &["crate"]),
        ["load::config::Config", "load::config::R"]
    );
    assert_eq!(
        named_modules("    let x = crate::base::fsutil::read(p)?;", &["crate"]),
        ["base::fsutil::read"]
    );
    assert_eq!(owner("base::fsutil::read"), ("base::fsutil", 1));
    assert_eq!(owner("render::pages"), ("render", 42));
    assert_eq!(owner("render::rs"), ("render::rs", 41));
    assert_eq!(module_path(Path::new("load/config/mod.rs")), "load::config");
    let code =
        "fn a() {}\n#[cfg(test)]\nuse x;\nfn b() {}\n#[cfg(test)]\nmod tests {\n fn c() {}\n}\n";
    assert_eq!(non_test_code(code), ["fn a() {}", "fn b() {}"]);
}
