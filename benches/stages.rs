//! Criterion benchmarks of the build's stages on a generated 1,000-page site:
//! front-matter parsing, Markdown rendering with the real link resolver,
//! rendering one output page with the theme, loading a whole site, and a
//! whole build (in memory and to disk).
//!
//! ```sh
//! cargo bench --bench stages                 # everything
//! cargo bench --bench stages -- markdown     # one group
//! ```
//!
//! `BEACON_BENCH_PAGES` changes the size of the generated site (default 1000).
//! The site and the `build` output go to `BEACON_BENCH_DIR`, else `/dev/shm`
//! when it exists (so `build` measures Beacon rather than the disk), else the
//! system's temporary folder.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use beacon::base::date::Date;
use beacon::load::config::{self, Config, R};
use beacon::load::content::{self, Content};
use beacon::load::i18n::Urls;
use beacon::load::layers::Layers;
use beacon::markdown;
use beacon::render::links::LinkIndex;
use beacon::render::rs;
use beacon::render::Job;
use beacon::site::{self, Options};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, SamplingMode, Throughput};

#[allow(dead_code)]
#[path = "sitegen/mod.rs"]
mod sitegen;

/// A generated site in a temporary folder.
struct Fixture {
    dir: tempfile::TempDir,
    spec: sitegen::Spec,
}

/// A temporary folder in memory when possible.
fn scratch_dir() -> tempfile::TempDir {
    let parent = std::env::var_os("BEACON_BENCH_DIR")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|shm| shm.is_dir()))
        .unwrap_or_else(std::env::temp_dir);
    tempfile::Builder::new()
        .prefix("beacon-bench")
        .tempdir_in(parent)
        .expect("a temporary folder")
}

impl Fixture {
    fn new() -> Fixture {
        let pages = std::env::var("BEACON_BENCH_PAGES")
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(1000);
        let spec = sitegen::Spec::new(pages);
        let dir = scratch_dir();
        sitegen::write_beacon(&spec, dir.path()).expect("the generated site is written");
        Fixture { dir, spec }
    }

    fn site(&self) -> &Path {
        self.dir.path()
    }

    fn options(&self) -> Options {
        let mut options = Options::new(self.site());
        options.today = Date::parse("2026-11-28").expect("a valid date");
        options
    }

    fn config(&self) -> Config {
        config::load(&Layers::single(self.site()), None)
            .unwrap_or_else(|errors| panic!("site.yaml: {errors:?}"))
    }

    fn content(&self, config: &Config) -> Content {
        let (loaded, diagnostics) = content::load(&Layers::single(self.site()), config, false);
        assert!(diagnostics.is_empty(), "content: {diagnostics:?}");
        loaded.content
    }

    /// A page with a table (every tenth page has one).
    fn sample_rel(&self) -> String {
        self.spec.rel(10.min(self.spec.pages))
    }
}

fn front_matter(c: &mut Criterion, fixture: &Fixture) {
    let config = fixture.config();
    let rel = fixture.sample_rel();
    let source = PathBuf::from("content").join(&rel);
    let text = std::fs::read_to_string(fixture.site().join(&source)).expect("the page exists");
    let mut group = c.benchmark_group("front_matter");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse_page", |b| {
        b.iter(|| content::parse_page(black_box(&rel), &source, black_box(&text), &config))
    });
    group.bench_function("split_front_matter", |b| {
        b.iter(|| content::split_front_matter(black_box(&text), &source))
    });
    group.finish();
}

fn markdown_render(c: &mut Criterion, fixture: &Fixture) {
    let config = fixture.config();
    let content = fixture.content(&config);
    let generated = rs::linkable_urls(&config, &Urls::default());
    let index = LinkIndex::new(&content, &config, &generated);
    let page = content
        .page_by_rel(&fixture.sample_rel())
        .expect("the sample page is loaded");
    let resolver = index.for_page(&page.rel);
    let options = markdown::Options {
        allow_html: config.allow_html,
        source: &page.source,
        body_line: page.body_line,
        resolver: &resolver,
        measure_readability: true,
        warning_label: "Warning",
        language: "en",
        captions_label: "English",
        long_sentence_words: 25,
    };
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(page.body.len() as u64));
    group.bench_function("render", |b| {
        b.iter(|| markdown::render(black_box(&page.body), &options))
    });
    group.bench_function("link_index", |b| {
        b.iter(|| LinkIndex::new(black_box(&content), &config, &generated))
    });
    group.finish();
}

fn page_render(c: &mut Criterion, fixture: &Fixture) {
    let loaded = site::load(&fixture.options())
        .unwrap_or_else(|errors| panic!("the site loads: {errors:?}"));
    let renderer = loaded
        .renderer()
        .unwrap_or_else(|error| panic!("the renderer starts: {error:?}"));
    let rel = fixture.sample_rel();
    let index = loaded
        .content
        .pages
        .iter()
        .position(|page| page.rel == rel)
        .expect("the sample page is loaded");
    let mut group = c.benchmark_group("render");
    group.bench_function("content_page", |b| {
        b.iter(|| renderer.render(black_box(Job::Content(index))))
    });
    group.bench_function("hub_page", |b| {
        b.iter(|| renderer.render(black_box(Job::Hub(R::Recognise, 1))))
    });
    group.bench_function("audience_page", |b| {
        b.iter(|| renderer.render(black_box(Job::Audience(0, 1))))
    });
    group.finish();
}

fn whole_site(c: &mut Criterion, fixture: &Fixture) {
    let options = fixture.options();
    let mut group = c.benchmark_group(format!("site_{}_pages", fixture.spec.pages));
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(fixture.spec.pages as u64));
    group.bench_function("load", |b| b.iter(|| site::load(black_box(&options))));
    group.bench_function("check", |b| b.iter(|| site::check(black_box(&options))));
    group.bench_function("build_in_memory", |b| {
        b.iter(|| site::build_in_memory(black_box(&options)))
    });
    let out = scratch_dir();
    group.bench_function("build", |b| {
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(out.path().join("public"));
                Options {
                    out_dir: Some(out.path().join("public")),
                    ..options.clone()
                }
            },
            |options| site::build(&options).map(|report| report.pages),
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn stages(c: &mut Criterion) {
    let fixture = Fixture::new();
    front_matter(c, &fixture);
    markdown_render(c, &fixture);
    page_render(c, &fixture);
    whole_site(c, &fixture);
}

criterion_group!(benches, stages);
criterion_main!(benches);
