//! Property tests over every input parser: front matter, `site.yaml`, the
//! help directory, a Markdown body, and a whole small site. Whatever the
//! input, Beacon returns a result or diagnostics: it never panics, and no
//! single input takes more than 2 s. The inputs mix random text with the
//! tokens each format cares about (YAML keys and punctuation, Markdown
//! syntax, links, headings, entities, conflict markers) so the parsers are
//! pushed past their first line. `PROPTEST_CASES` sets how many per target
//! (default 256; CI runs the default).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use beacon::load::config;
use beacon::load::content;
use beacon::load::signpost;
use beacon::markdown::{self, LinkError, LinkKind, Resolve};
use common::TestSite;
use proptest::prelude::*;

const LIMIT: Duration = Duration::from_secs(2);

/// Tokens that mean something to YAML, front matter or Markdown.
const TOKENS: [&str; 45] = [
    "---\n",
    "\n",
    "  ",
    "- ",
    ": ",
    "title",
    "description",
    "rs",
    "[realise]",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "#",
    "## ",
    "### ",
    "*",
    "_",
    "`",
    "```",
    "> ",
    "[!IMPORTANT]",
    "[!WARNING]",
    "[!DETAILS]",
    "[!DETAILS] Summary",
    "[!BUTTON] ",
    "\n>\n> ",
    "[x](",
    "a.md",
    "../",
    ")",
    "![",
    "&amp;",
    "<b>",
    "|",
    "|---|",
    "{{ signpost ",
    " }}",
    "<<<<<<< ",
    "=======",
    ">>>>>>> ",
    "\u{feff}",
    "é",
];

/// Text built from tokens and random words, up to about 64 KiB.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(TOKENS.to_vec()).prop_map(str::to_string),
        1 => "[a-z ]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(8).collect::<String>()),
    ];
    proptest::collection::vec(piece, 0..4000).prop_map(|pieces| pieces.concat())
}

fn within_limit<T>(what: &str, run: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = run();
    let elapsed = started.elapsed();
    assert!(elapsed < LIMIT, "{what} took {elapsed:?}");
    result
}

struct AnyLink;
impl Resolve for AnyLink {
    fn resolve(&self, dest: &str, _kind: LinkKind) -> Result<String, LinkError> {
        if dest.contains("..") {
            return Err(LinkError {
                message: "outside".into(),
                hint: None,
            });
        }
        Ok(dest.to_string())
    }
}

fn config() -> beacon::load::config::Config {
    config::parse("title: T\nbase_url: https://e.org\n", None).unwrap()
}

proptest! {
    #[test]
    fn front_matter_never_panics(body in text()) {
        let config = config();
        let input = format!("---\n{body}");
        within_limit("front matter", || {
            content::parse_page("realise/x.md", Path::new("content/realise/x.md"), &input, &config)
        });
    }

    #[test]
    fn site_yaml_never_panics(body in text()) {
        let _ = within_limit("site.yaml", || config::parse(&body, None));
        let _ = within_limit("site.yaml with keys", || {
            config::parse(&format!("title: T\nbase_url: https://e.org\n{body}"), None)
        });
    }

    #[test]
    fn signposts_never_panic(body in text()) {
        let config = config();
        within_limit("signposts", || {
            signpost::parse_file(&body, Path::new("content/_signposts/x.yaml"), &config)
        });
        within_limit("a service", || {
            signpost::parse_file(
                &format!("- id: x\n  name: X\n  {body}"),
                Path::new("content/_signposts/x.yaml"),
                &config,
            )
        });
    }

    #[test]
    fn markdown_bodies_never_panic(body in text()) {
        let options = markdown::Options {
            allow_html: false,
            source: Path::new("content/x.md"),
            body_line: 5,
            resolver: &AnyLink,
            measure_readability: true,
            warning_label: "Warning",
            language: "en",
            captions_label: "English",
            long_sentence_words: 25,
        };
        within_limit("markdown", || markdown::render(&body, &options));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn a_whole_site_never_panics(page in text(), config_tail in text(), services in text()) {
        let site = TestSite::fixture("basic");
        site.write("content/realise/fuzzed.md", &format!("---\ntitle: F\ndescription: D\nrs: [realise]\n---\n{page}"));
        let config = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
        site.write("site.yaml", &format!("{config}{config_tail}"));
        site.write("content/_signposts/fuzzed.yaml", &services);
        let options = site.options();
        let _ = within_limit("a whole site", || beacon::site::build_in_memory(&options));
    }
}

/// A megabyte of each format, once: still no panic, still under the limit.
#[test]
fn a_megabyte_of_each_format_is_handled() {
    let mega: String = TOKENS.iter().cycle().take(300_000).copied().collect();
    assert!(mega.len() > 1_000_000, "{}", mega.len());
    let config = config();
    within_limit("front matter (1 MB)", || {
        content::parse_page(
            "x.md",
            Path::new("content/x.md"),
            &format!("---\n{mega}"),
            &config,
        )
    });
    let _ = within_limit("site.yaml (1 MB)", || config::parse(&mega, None));
    within_limit("signposts (1 MB)", || {
        signpost::parse_file(&mega, Path::new("content/_signposts/x.yaml"), &config)
    });
    let options = markdown::Options {
        allow_html: false,
        source: Path::new("content/x.md"),
        body_line: 1,
        resolver: &AnyLink,
        measure_readability: true,
        warning_label: "Warning",
        language: "en",
        captions_label: "English",
        long_sentence_words: 25,
    };
    within_limit("markdown (1 MB)", || markdown::render(&mega, &options));
}
