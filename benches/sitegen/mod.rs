//! A deterministic generator of benchmark campaign sites.
//!
//! Shared by `examples/gen-site.rs` (the command-line generator) and
//! `benches/stages.rs` (the criterion benchmarks). Every page is a pure
//! function of the seed, its number and the page count, so a page can be
//! generated on its own (a link's target title is known without generating
//! the target) and the same arguments always give byte-identical files.
//!
//! The same pages can be written as a Beacon site and as a Hugo site with
//! minimal templates that publish the same URLs: home, the three section
//! hubs, every page, the R and audience term pages and a sitemap.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The three sections (one per R), in order.
pub const SECTIONS: [&str; 3] = ["realise", "recognise", "react"];

/// The audience keys of `site.yaml`'s defaults.
pub const AUDIENCES: [&str; 4] = ["public", "parents", "professionals", "young-people"];

/// Ids of the services written to `content/_signposts/national.yaml`.
pub const SERVICES: [&str; 5] = [
    "police-emergency",
    "adult-helpline",
    "young-peoples-line",
    "missing-line",
    "police-non-emergency",
];

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 0x5EED_BEAC_0000_0001;

/// A small, fast, deterministic PRNG (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for one stream, mixed from a seed and a stream number.
    pub fn new(seed: u64, stream: u64) -> Rng {
        let mut rng = Rng(seed ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        rng.next_u64();
        rng
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) % n as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// How many content pages (besides the home and section `_index.md`).
    pub pages: usize,
    /// The PRNG seed.
    pub seed: u64,
}

impl Spec {
    /// `pages` pages with the default seed.
    pub fn new(pages: usize) -> Spec {
        Spec {
            pages,
            seed: DEFAULT_SEED,
        }
    }

    /// Digits in a page's file name: at least 5, more for huge sites.
    fn width(&self) -> usize {
        self.pages.to_string().len().max(5)
    }

    /// The section of page `n` (1-based): pages go round the three Rs.
    pub fn section(&self, n: usize) -> &'static str {
        SECTIONS[(n - 1) % 3]
    }

    /// The file name of page `n`, without `.md`.
    pub fn slug(&self, n: usize) -> String {
        format!("page-{n:0width$}", width = self.width())
    }

    /// Path of page `n` relative to `content/`.
    pub fn rel(&self, n: usize) -> String {
        format!("{}/{}.md", self.section(n), self.slug(n))
    }

    /// The URL path of page `n` (the same for Beacon and Hugo).
    pub fn url(&self, n: usize) -> String {
        format!("/{}/{}/", self.section(n), self.slug(n))
    }

    /// Page `n`'s title, computed without generating the page.
    pub fn title(&self, n: usize) -> String {
        let mut rng = Rng::new(self.seed, n as u64 * 2 + 1);
        let topic = rng.pick(TOPICS);
        let place = rng.pick(PLACES);
        format!("{topic} {place} ({n})")
    }

    /// Which generated page page `n` links to (never itself).
    fn link_target(&self, n: usize, rng: &mut Rng) -> Option<usize> {
        if self.pages < 2 {
            return None;
        }
        let other = rng.between(1, self.pages - 1);
        Some(if other >= n { other + 1 } else { other })
    }
}

/// Which generator a page is written for: links and shortcodes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    /// Links to `.md` files, `{{ signpost id }}` shortcodes, images beside
    /// the content.
    Beacon,
    /// Links to URLs, no shortcodes, images under `static/`.
    Hugo,
}

/// The front matter and body of page `n` (1-based).
pub fn page(spec: &Spec, n: usize, flavour: Flavour) -> String {
    let mut rng = Rng::new(spec.seed, n as u64 * 2);
    let own = (n - 1) % 3;
    let mut out = String::with_capacity(5_000);

    // Front matter.
    let title = spec.title(n);
    let mut rs = vec![SECTIONS[own]];
    if rng.chance(30) {
        rs.push(SECTIONS[(own + rng.between(1, 2)) % 3]);
    }
    let mut audiences: Vec<&str> = AUDIENCES
        .iter()
        .copied()
        .filter(|_| rng.chance(50))
        .collect();
    if audiences.is_empty() {
        audiences.push(*rng.pick(&AUDIENCES));
    }
    let year = 2024 + rng.below(2);
    let month = rng.between(1, 12);
    let day = rng.between(1, 28);
    out.push_str("---\n");
    let _ = writeln!(out, "title: \"{title}\"");
    let _ = writeln!(
        out,
        "description: \"{} {}\"",
        rng.pick(DESCRIPTIONS),
        rng.pick(PLACES)
    );
    let _ = writeln!(out, "rs: [{}]", rs.join(", "));
    let _ = writeln!(out, "audiences: [{}]", audiences.join(", "));
    if n.is_multiple_of(7) {
        let first = SERVICES[1 + n % 2];
        let _ = writeln!(out, "signposts: [{first}, police-emergency]");
    }
    let _ = writeln!(out, "weight: {}", rng.between(1, 100));
    let _ = writeln!(out, "date: {year}-{month:02}-{day:02}");
    out.push_str("---\n\n");

    // Body: about 600 words.
    let start = out.len();
    paragraph(&mut out, &mut rng, 5);
    match flavour {
        Flavour::Beacon => out.push_str(&format!("![{}](../images/pic.svg)\n\n", rng.pick(ALTS))),
        Flavour::Hugo => out.push_str(&format!("![{}](/images/pic.svg)\n\n", rng.pick(ALTS))),
    }

    let _ = writeln!(out, "## {}\n", rng.pick(HEADINGS));
    paragraph(&mut out, &mut rng, 5);
    out.push_str("The child may:\n\n");
    let first = rng.below(SIGNS.len());
    for k in 0..rng.between(4, 6) {
        // A step of 3 is coprime with the 10 signs: no sign twice.
        let _ = writeln!(out, "- {}", SIGNS[(first + 3 * k) % SIGNS.len()]);
    }
    out.push('\n');
    let _ = writeln!(out, "### {}\n", rng.pick(SUBHEADINGS));
    paragraph(&mut out, &mut rng, 4);

    let _ = writeln!(out, "## {}\n", rng.pick(HEADINGS));
    paragraph(&mut out, &mut rng, 3);
    if let Some(target) = spec.link_target(n, &mut rng) {
        let href = match flavour {
            Flavour::Beacon => format!("../{}", spec.rel(target)),
            Flavour::Hugo => spec.url(target),
        };
        let _ = writeln!(
            out,
            "You can also read [{}]({href}), which covers a related question.\n",
            spec.title(target)
        );
    }
    let audience = rng.pick(&AUDIENCES);
    let _ = writeln!(
        out,
        "If you need to talk to someone now, see [where to get help](/get-help/) or the pages [for {}](/for/{audience}/).\n",
        audience_label(audience)
    );
    let _ = writeln!(out, "> {} {}", sentence(&mut rng), sentence(&mut rng));
    let _ = writeln!(out, ">\n> \u{2014} {}\n", rng.pick(SPEAKERS));
    out.push_str("What you can do:\n\n");
    let first = rng.below(STEPS.len());
    for step in 1..=rng.between(3, 5) {
        let _ = writeln!(out, "{step}. {}", STEPS[(first + step) % STEPS.len()]);
    }
    out.push('\n');

    let _ = writeln!(out, "## {}\n", rng.pick(HEADINGS));
    paragraph(&mut out, &mut rng, 4);
    if n.is_multiple_of(10) {
        out.push_str("| Sign | What it can mean | What to do |\n|---|---|---|\n");
        for _ in 0..4 {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                rng.pick(SIGNS),
                rng.pick(MEANINGS),
                rng.pick(STEPS)
            );
        }
        out.push('\n');
    }
    if n.is_multiple_of(13) {
        let service = SERVICES[1 + n % 4];
        match flavour {
            Flavour::Beacon => {
                let _ = writeln!(out, "{{{{ signpost {service} }}}}\n");
            }
            Flavour::Hugo => {
                let _ = writeln!(out, "**Help:** {}\n", service.replace('-', " "));
            }
        }
    }
    let _ = writeln!(out, "### {}\n", rng.pick(SUBHEADINGS));
    while word_count(&out[start..]) < 590 {
        paragraph(&mut out, &mut rng, 4);
    }
    out
}

/// The label of an audience key, as in `site.yaml`'s defaults.
fn audience_label(key: &str) -> &'static str {
    match key {
        "public" => "everyone",
        "parents" => "parents and carers",
        "professionals" => "people who work with children",
        _ => "children and young people",
    }
}

/// Words separated by whitespace.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Appends a paragraph of `sentences` generated sentences.
fn paragraph(out: &mut String, rng: &mut Rng, sentences: usize) {
    for index in 0..sentences {
        if index > 0 {
            out.push(' ');
        }
        out.push_str(&sentence(rng));
    }
    out.push_str("\n\n");
}

/// One plain English sentence.
fn sentence(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=5 => format!(
            "{} {} {} {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            rng.pick(OBJECTS),
            rng.pick(ENDINGS)
        ),
        6 | 7 => format!(
            "If you see {} {}, {}.",
            rng.pick(OBJECTS),
            rng.pick(ENDINGS),
            rng.pick(ADVICE)
        ),
        _ => rng.pick(FACTS).to_string(),
    }
}

const TOPICS: &[&str] = &[
    "Noticing changes in behaviour",
    "Talking about new friends",
    "Spotting gifts with no clear source",
    "Understanding grooming",
    "Asking about late nights",
    "Keeping children safe",
    "Listening without judging",
    "Reporting a worry",
    "Supporting a child who tells you",
    "Knowing the myths",
    "Watching for missing episodes",
    "Helping a worried parent",
];

const PLACES: &[&str] = &[
    "at home",
    "at school",
    "online",
    "in the community",
    "at work",
    "on public transport",
    "in sports clubs",
    "in shops and cafes",
];

const DESCRIPTIONS: &[&str] = &[
    "What to look for and what to do about exploitation",
    "Plain facts and next steps for adults who are worried",
    "How to notice the signs early and who to call",
    "Simple advice on keeping children and young people safe",
    "Why it matters and how to act when something feels wrong",
];

const ALTS: &[&str] = &[
    "A parent and a teenager talking at a kitchen table",
    "A youth worker listening to a young person on a bench",
    "A phone screen showing a message from an unknown contact",
    "A group of friends walking home from school",
];

const HEADINGS: &[&str] = &[
    "What to look out for",
    "Why it can be hard to see",
    "What you can do",
    "Who can help",
    "Talking to a child",
    "Keeping a record",
    "Common myths",
    "What happens next",
];

const SUBHEADINGS: &[&str] = &[
    "At home",
    "At school",
    "Online",
    "In the community",
    "If you work with children",
    "If you are a young person",
];

const SIGNS: &[&str] = &[
    "stay out late without saying where they were",
    "have a new phone they will not talk about",
    "get gifts or money from people you do not know",
    "seem scared, angry or withdrawn",
    "stop seeing old friends",
    "miss school or lose interest in lessons",
    "get into cars with older people",
    "have older boyfriends or girlfriends",
    "spend a lot of time online in secret",
    "have injuries they cannot explain",
];

const MEANINGS: &[&str] = &[
    "someone may be grooming them",
    "they may be under pressure",
    "they may be afraid to talk",
    "an adult may be controlling them",
];

const STEPS: &[&str] = &[
    "Stay calm and listen.",
    "Tell the child they did the right thing.",
    "Write down what you saw and heard.",
    "Do not promise to keep it a secret.",
    "Call the police on 999 if a child is in danger now.",
    "Talk to the safeguarding lead where you work.",
    "Contact children's services for advice.",
];

const SPEAKERS: &[&str] = &[
    "a parent",
    "a youth worker",
    "a teacher",
    "a young person",
    "a police officer",
];

const SUBJECTS: &[&str] = &[
    "A parent",
    "A teacher",
    "A youth worker",
    "A neighbour",
    "A carer",
    "A friend",
    "A shop worker",
    "A taxi driver",
    "A sports coach",
    "A school nurse",
    "Someone at the council",
    "An older brother or sister",
];

const VERBS: &[&str] = &[
    "may notice",
    "can ask about",
    "should write down",
    "might hear about",
    "can talk calmly about",
    "may worry about",
    "should not ignore",
    "can report",
];

const OBJECTS: &[&str] = &[
    "a new phone",
    "gifts with no clear source",
    "older friends",
    "late nights out",
    "missed school days",
    "a sudden change in mood",
    "secret messages",
    "new clothes and trainers",
    "rides in cars they do not know",
    "money that nobody can explain",
    "a loss of interest in hobbies",
    "visits to hotels or parties",
];

const ENDINGS: &[&str] = &[
    "at home",
    "at school",
    "online",
    "in the park",
    "after school",
    "at the weekend",
    "in the town centre",
    "over the holidays",
    "on social media",
    "near the station",
];

const ADVICE: &[&str] = &[
    "trust your instincts and ask for advice",
    "write down what you noticed and when",
    "talk to someone you trust about it",
    "call the helpline for a confidential chat",
    "tell the safeguarding lead where you work",
];

const FACTS: &[&str] = &[
    "It is never the child's fault.",
    "Exploitation can happen to any child, in any town.",
    "Boys are exploited as well as girls.",
    "Abusers often give gifts or attention first.",
    "Many children do not see that they are being exploited.",
    "You do not need proof to share a worry.",
    "Asking for advice early can stop harm from growing.",
    "Children can be exploited by people their own age.",
];

/// `site.yaml` for the Beacon site.
pub const SITE_YAML: &str = r##"title: "Benchmark campaign"
base_url: "https://example.org"
language: en
organisation:
  name: "Benchmark Council"
quick_exit:
  enabled: true
  url: "https://www.bbc.co.uk/weather"
  text: "Exit this page"
markdown:
  allow_html: false
signposts:
  max_age_months: 12
theme: default
accessibility:
  contact_email: "web@example.org"
  compliance: fully
  last_reviewed: 2026-11-28
"##;

/// The help directory of the Beacon site.
pub const NATIONAL_YAML: &str = r##"# Generated for benchmarks: example services, not a real directory.
- id: police-emergency
  name: Police (emergency)
  description: Call 999 if a child is in immediate danger.
  priority: emergency
  area: national
  phone: "999"
  hours: "24 hours a day, every day"
  free: true
  verified: 2026-11-28
- id: adult-helpline
  name: Helpline for worried adults
  description: Advice for any adult who is worried about a child.
  priority: urgent
  area: national
  audiences: [public, parents, professionals]
  phone: "0808 800 5000"
  web: https://www.example.org/adult-helpline
  hours: "Monday to Friday, 8am to 10pm"
  free: true
  verified: 2026-11-28
- id: young-peoples-line
  name: Helpline for young people
  description: Free, confidential help for anyone under 19.
  priority: urgent
  area: national
  audiences: [young-people]
  phone: "0800 1111"
  web: https://www.example.org/young-people
  hours: "24 hours a day, every day"
  free: true
  confidential: true
  maximum_age: 18
  verified: 2026-11-28
- id: missing-line
  name: Missing persons line
  description: Support when a child has gone missing or run away.
  priority: support
  area: national
  phone: "116 000"
  web: https://www.example.org/missing
  free: true
  confidential: true
  verified: 2026-11-28
- id: police-non-emergency
  name: Police (non-emergency)
  description: Report a worry to the police when nobody is in danger right now.
  priority: support
  area: national
  phone: "101"
  web: https://www.example.org/police
  verified: 2026-11-28
"##;

/// The image every page shows.
pub const PIC_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180"><rect width="320" height="180" fill="#e8f1f8"/><circle cx="110" cy="80" r="30" fill="#1d70b8"/><circle cx="210" cy="90" r="24" fill="#0b0c0c"/><rect x="70" y="120" width="180" height="12" fill="#1d70b8"/></svg>
"##;

/// Front matter and text of the home page's `_index.md`.
fn home_index() -> String {
    let mut rng = Rng::new(DEFAULT_SEED, u64::MAX);
    let mut out = String::from(
        "---\ntitle: \"Benchmark campaign\"\ndescription: \"A generated campaign for measuring build speed.\"\n---\n\n",
    );
    paragraph(&mut out, &mut rng, 4);
    out
}

/// Front matter and text of a section's `_index.md`.
fn section_index(index: usize) -> String {
    let mut rng = Rng::new(DEFAULT_SEED, u64::MAX - 1 - index as u64);
    let title = ["Realise", "Recognise", "React"][index];
    let mut out = format!(
        "---\ntitle: \"{title}\"\ndescription: \"Every page in the {title} section of the campaign.\"\n---\n\n"
    );
    paragraph(&mut out, &mut rng, 3);
    out
}

/// Creates `dir` (and parents) and writes `text` to `dir/name`.
fn write(dir: &Path, name: &str, text: &str) -> io::Result<()> {
    fs::create_dir_all(dir)?;
    fs::write(dir.join(name), text)
}

/// Writes a Beacon site: `site.yaml`, `content/` with the home and section
/// intros, the pages, an image and the help directory.
pub fn write_beacon(spec: &Spec, out: &Path) -> io::Result<()> {
    write(out, "site.yaml", SITE_YAML)?;
    let content = out.join("content");
    write(&content, "_index.md", &home_index())?;
    write(&content.join("images"), "pic.svg", PIC_SVG)?;
    write(&content.join("_signposts"), "national.yaml", NATIONAL_YAML)?;
    for (index, section) in SECTIONS.iter().enumerate() {
        write(&content.join(section), "_index.md", &section_index(index))?;
    }
    for n in 1..=spec.pages {
        let path = content.join(spec.rel(n));
        fs::write(path, page(spec, n, Flavour::Beacon))?;
    }
    Ok(())
}

/// `hugo.toml`: the same taxonomies as Beacon's Rs and audiences, audience
/// terms at `/for/<key>/`, one feed (home), a sitemap and robots.txt.
pub const HUGO_TOML: &str = r##"baseURL = "https://example.org/"
languageCode = "en-gb"
title = "Benchmark campaign"
buildFuture = true
enableRobotsTXT = true
disableKinds = ["taxonomy"]
ignoreErrors = ["error-disable-taxonomy"]

[taxonomies]
r = "rs"
audience = "audiences"

[permalinks]
audiences = "/for/:slug/"

[outputs]
home = ["html", "rss"]
section = ["html"]
term = ["html"]
page = ["html"]
"##;

const HUGO_BASEOF: &str = r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ .Description }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:description" content="{{ .Description }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<a class="skip" href="#main-content">Skip to main content</a>
<header>
<a href="/quick-exit/" id="quick-exit">Exit this page</a>
<a href="{{ "/" | relURL }}">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
<main id="main-content">
{{ block "main" . }}{{ end }}
</main>
<aside id="help"><h2>Worried about a child?</h2><p>If a child is in immediate danger, call 999.</p><p><a href="/get-help/">Get help</a></p></aside>
<footer><a href="/accessibility/">Accessibility</a></footer>
</body>
</html>
"##;

/// The section menu, rendered once: `site.Sections` walks every page in
/// Hugo 0.168, so calling it from each page makes a build quadratic.
const HUGO_NAV: &str = r##"<nav aria-label="Sections"><ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
"##;

const HUGO_HOME: &str = r##"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ol>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>: {{ .Description }} ({{ len .Pages }} pages)</li>
{{ end }}</ol>
{{ end }}
"##;

const HUGO_LIST: &str = r##"{{ define "main" }}
<nav aria-label="Breadcrumb"><a href="/">Home</a></nav>
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>
{{ end }}</ul>
{{ end }}
"##;

const HUGO_SINGLE: &str = r##"{{ define "main" }}
<nav aria-label="Breadcrumb"><a href="/">Home</a>{{ with .Parent }} › <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Description }}</p>
<ul class="tags">{{ range .GetTerms "rs" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}{{ range .GetTerms "audiences" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ if not .Date.IsZero }}<p>Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
<nav aria-label="On this page">{{ .TableOfContents }}</nav>
{{ .Content }}
<nav aria-label="Previous and next">{{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
"##;

const HUGO_404: &str = r##"{{ define "main" }}
<h1>Page not found</h1>
<p><a href="/">Go to the home page</a></p>
{{ end }}
"##;

const HUGO_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:40em;margin:auto}\n";

/// Writes the same pages as a Hugo site with minimal templates.
pub fn write_hugo(spec: &Spec, out: &Path) -> io::Result<()> {
    write(out, "hugo.toml", HUGO_TOML)?;
    let layouts = out.join("layouts").join("_default");
    write(&layouts, "baseof.html", HUGO_BASEOF)?;
    write(&layouts, "list.html", HUGO_LIST)?;
    write(&layouts, "single.html", HUGO_SINGLE)?;
    write(&out.join("layouts"), "index.html", HUGO_HOME)?;
    write(&out.join("layouts"), "404.html", HUGO_404)?;
    write(&out.join("layouts").join("partials"), "nav.html", HUGO_NAV)?;
    write(&out.join("static").join("images"), "pic.svg", PIC_SVG)?;
    write(&out.join("static").join("assets"), "style.css", HUGO_CSS)?;
    write_hugo_content(spec, out)
}

/// `hugo.toml` of the second, minimal Hugo shape: Hugo's defaults (every
/// kind on, feeds for lists, taxonomy and term pages at `/rs/…` and
/// `/audiences/…`), so the comparison does not rest on one set of Hugo
/// templates tuned to publish Beacon's URLs.
pub const HUGO_MINIMAL_TOML: &str = r##"baseURL = "https://example.org/"
languageCode = "en-gb"
title = "Benchmark campaign"
buildFuture = true

[taxonomies]
r = "rs"
audience = "audiences"
"##;

const HUGO_MINIMAL_BASEOF: &str = r##"<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} – {{ site.Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body>
</html>
"##;

const HUGO_MINIMAL_SINGLE: &str = r##"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}{{ end }}
"##;

const HUGO_MINIMAL_LIST: &str = r##"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"##;

const HUGO_MINIMAL_INDEX: &str = r##"{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"##;

/// Writes the same pages as a Hugo site of the minimal shape: `baseof`,
/// `single`, `list` and `index` templates, and the `rs` and `audiences`
/// taxonomies with Hugo's own term pages.
pub fn write_hugo_minimal(spec: &Spec, out: &Path) -> io::Result<()> {
    write(out, "hugo.toml", HUGO_MINIMAL_TOML)?;
    let layouts = out.join("layouts").join("_default");
    write(&layouts, "baseof.html", HUGO_MINIMAL_BASEOF)?;
    write(&layouts, "single.html", HUGO_MINIMAL_SINGLE)?;
    write(&layouts, "list.html", HUGO_MINIMAL_LIST)?;
    write(&out.join("layouts"), "index.html", HUGO_MINIMAL_INDEX)?;
    write(&out.join("static").join("images"), "pic.svg", PIC_SVG)?;
    write_hugo_content(spec, out)
}

/// The home and section intros and every page, as Hugo content (both
/// Hugo shapes share it).
fn write_hugo_content(spec: &Spec, out: &Path) -> io::Result<()> {
    let content = out.join("content");
    write(&content, "_index.md", &home_index())?;
    for (index, section) in SECTIONS.iter().enumerate() {
        write(&content.join(section), "_index.md", &section_index(index))?;
    }
    for n in 1..=spec.pages {
        let path = content.join(spec.rel(n));
        fs::write(path, page(spec, n, Flavour::Hugo))?;
    }
    Ok(())
}

/// Copies the example campaign (`site.yaml`, `content/`, `themes/`) from
/// the repository into `to`, so a bench can edit it.
pub fn copy_example(from: &Path, to: &Path) {
    for item in ["site.yaml", "content", "themes"] {
        let source = from.join(item);
        if source.is_file() {
            std::fs::create_dir_all(to).expect("mkdir");
            std::fs::copy(&source, to.join(item)).expect("copy");
            continue;
        }
        for entry in walkdir::WalkDir::new(&source)
            .into_iter()
            .filter_map(Result::ok)
        {
            let target = to
                .join(item)
                .join(entry.path().strip_prefix(&source).expect("inside"));
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else {
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).expect("mkdir");
                }
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
}

/// The middle value (the upper one of an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// The first page (by name) in a generated site's `content/realise/`.
pub fn first_page(folder: &Path) -> String {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("read folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "_index.md")
        .collect();
    names.sort();
    format!("content/realise/{}", names[0])
}
