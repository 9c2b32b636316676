//! Hostile input shapes that were once quadratic or unbounded, each at or
//! past the size that hung a build: 250,000 headings with the same text, a
//! line of 6,000,000 inline entities (over the 16 MiB text limit, so
//! refused at once), 640,000 broken links; and the ladders of issue 27,
//! each input at growing sizes so growth shows: a page title of 10 to
//! 100 KB drawn on its social card, a logo's turbulence octaves (10⁴ to
//! 10⁹) and chained blurs (2,000 and 25,000: filters are refused), logos
//! of plain, dashed, see-through, masked, clipped and pattern-filled
//! rectangles up to the drawing budget and just past it, and a PNG logo
//! declaring 30000×30000 pixels; logo text (refused: its layout is
//! quadratic) and `<use>` fanning out to a million shapes. Each build (or refusal) must
//! take under a second (the median of three builds, after one untimed).
//! Not a timed test: run `cargo bench --bench hostile`; it prints each
//! time and exits non-zero when one is over the target.

use std::path::Path;
use std::time::{Duration, Instant};

use beacon::site::{self, Options};

/// The allocator the `beacon` binary uses, so the times are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const TARGET: Duration = Duration::from_secs(1);

/// What a shape puts in the site: the big page's body and title, and the
/// organisation's logo (file name under content/, bytes).
#[derive(Default)]
struct Input {
    body: String,
    title: Option<String>,
    logo: Option<(&'static str, Vec<u8>)>,
}

/// A shape's name and what it puts in the site.
type Shape = (String, Box<dyn Fn() -> Input>);

/// A page body.
fn body(text: String) -> Input {
    Input {
        body: text,
        ..Input::default()
    }
}

/// An SVG logo.
fn svg_logo(svg: String) -> Input {
    Input {
        logo: Some(("logo.svg", svg.into_bytes())),
        ..Input::default()
    }
}

const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">"#;

fn shapes() -> Vec<Shape> {
    let mut shapes: Vec<Shape> = vec![
        (
            "250,000 headings with the same text".into(),
            Box::new(|| body("## Same heading\n\nText.\n\n".repeat(250_000))),
        ),
        (
            "one line of 6,000,000 entities".into(),
            Box::new(|| body(format!("{}\n", "&amp;".repeat(6_000_000)))),
        ),
        (
            "640,000 broken links".into(),
            Box::new(|| {
                body(
                    (0..640_000)
                        .map(|n| format!("[x](missing-{n}.md)\n"))
                        .collect(),
                )
            }),
        ),
    ];
    // The ladders: each input at growing sizes, so a time that grows
    // faster than the size shows.
    for kb in [10, 20, 40, 100] {
        shapes.push((
            format!("title of {kb} KB, social_cards: pages"),
            Box::new(move || Input {
                title: Some("Recognise the signs ".repeat(kb * 1024 / 20)),
                ..Input::default()
            }),
        ));
    }
    for octaves in [10_000u64, 100_000, 1_000_000_000] {
        shapes.push((
            format!("logo: feTurbulence of {octaves} octaves"),
            Box::new(move || {
                svg_logo(format!(
                    "{SVG_OPEN}<filter id=\"t\"><feTurbulence baseFrequency=\"0.05\" numOctaves=\"{octaves}\"/></filter><rect width=\"200\" height=\"50\" filter=\"url(#t)\"/></svg>"
                ))
            }),
        ));
    }
    for blurs in [2_000, 25_000] {
        shapes.push((
            format!("logo: {blurs} chained blurs"),
            Box::new(move || {
                let chain: String = (0..blurs)
                    .map(|n| format!("<feGaussianBlur stdDeviation=\"50\" result=\"b{n}\"/>"))
                    .collect();
                svg_logo(format!(
                    "{SVG_OPEN}<filter id=\"f\" x=\"-10\" y=\"-10\" width=\"21\" height=\"21\">{chain}</filter><rect width=\"200\" height=\"50\" filter=\"url(#f)\"/></svg>"
                ))
            }),
        ));
    }
    // What the logo budget lets through, up to its limit and just past
    // it: plain shapes (one each), dashed strokes (tiny-skia gives up on a
    // stroke of over a million dashes), groups drawn on layers of their
    // own (see-through, masked, clipped) and pattern fills.
    let kinds: [(&str, &str, &str, [usize; 3]); 6] = [
        ("plain", "", "", [1_000, 5_000, 19_000]),
        ("dashed", "", "fill=\"none\" stroke=\"black\" stroke-dasharray=\"0.0001\"", [1_000, 5_000, 19_000]),
        ("see-through", "", "opacity=\"0.5\"", [100, 900, 1_000]),
        ("masked", "<mask id=\"m\"><rect width=\"200\" height=\"50\" fill=\"white\"/></mask>", "mask=\"url(#m)\"", [100, 800, 1_000]),
        ("clipped", "<clipPath id=\"c\"><circle cx=\"100\" cy=\"25\" r=\"20\"/></clipPath>", "clip-path=\"url(#c)\"", [100, 800, 1_000]),
        ("pattern-filled", "<pattern id=\"p\" width=\"0.5\" height=\"0.5\" patternUnits=\"userSpaceOnUse\"><rect width=\"0.25\" height=\"0.25\"/></pattern>", "fill=\"url(#p)\"", [100, 350, 400]),
    ];
    for (kind, defs, attribute, counts) in kinds {
        for count in counts {
            shapes.push((
                format!("logo: {count} {kind} rectangles"),
                Box::new(move || {
                    let drawn: String = (0..count)
                        .map(|n| {
                            format!(
                                "<rect x=\"{}\" width=\"120\" height=\"30\" {attribute}/>",
                                n % 80
                            )
                        })
                        .collect();
                    svg_logo(format!("{SVG_OPEN}<defs>{defs}</defs>{drawn}</svg>"))
                }),
            ));
        }
    }
    for kb in [10, 100, 1000] {
        shapes.push((
            format!("logo: {kb} KB of text"),
            Box::new(move || {
                let words = "Cyngor Sir ".repeat(kb * 1024 / 11);
                svg_logo(format!(
                    "{SVG_OPEN}<text x=\"0\" y=\"40\" font-size=\"40\">{words}</text></svg>"
                ))
            }),
        ));
    }
    for levels in [4, 5, 6] {
        shapes.push((
            format!("logo: <use> fanning out to 10^{levels} rectangles"),
            Box::new(move || {
                let mut svg = format!("{SVG_OPEN}<defs><rect id=\"l0\" width=\"1\" height=\"1\"/>");
                for level in 1..=levels {
                    let uses: String = (0..10)
                        .map(|_| format!("<use href=\"#l{}\"/>", level - 1))
                        .collect();
                    svg.push_str(&format!("<g id=\"l{level}\">{uses}</g>"));
                }
                svg.push_str(&format!("</defs><use href=\"#l{levels}\"/></svg>"));
                svg_logo(svg)
            }),
        ));
    }
    shapes.push((
        "logo: PNG declaring 30000×30000".into(),
        Box::new(|| Input {
            logo: Some(("logo.png", png_header_only(30_000, 30_000))),
            ..Input::default()
        }),
    ));
    shapes
}

/// A PNG with only a header declaring `width`×`height` RGBA pixels.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc.sum().to_be_bytes());
    png.extend(b"\0\0\0\0IEND\xaeB`\x82");
    png
}

fn main() {
    // As `beacon build` and `check` do (src/main.rs): freed memory stays
    // with the process instead of going back to the OS (option 15 is
    // mimalloc's purge delay).
    // SAFETY: sets one integer option.
    unsafe { libmimalloc_sys::mi_option_set(15, -1) };
    let shapes = shapes();
    // `cargo bench --bench hostile -- links` runs only the shapes whose
    // name contains "links" (cargo adds `--bench`, which is skipped).
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with("--"));
    let mut over = 0;
    for (name, input) in shapes {
        if filter
            .as_deref()
            .is_some_and(|filter| !name.contains(filter))
        {
            continue;
        }
        let site = tempfile::tempdir().expect("temp dir");
        write_site(site.path(), &input());
        let options = Options::new(site.path());
        // The median of three builds, each timed on its own (the slowest
        // is printed too: the machine is shared and noisy).
        let mut times = Vec::new();
        let mut result = site::build_in_memory(&options);
        for run in 0..3 {
            let started = Instant::now();
            let again = site::build_in_memory(&options);
            times.push(started.elapsed());
            if run == 0 {
                result = again;
            }
        }
        times.sort();
        let (elapsed, slowest) = (times[1], times[2]);
        let outcome = match &result {
            Ok(files) => format!("built, {} files", files.len()),
            Err(diagnostics) => format!(
                "{} diagnostic(s): {}",
                diagnostics.len(),
                diagnostics[0].message
            ),
        };
        println!(
            "{name}: {:.2} s, slowest {:.2} s ({outcome})",
            elapsed.as_secs_f64(),
            slowest.as_secs_f64()
        );
        if elapsed > TARGET {
            over += 1;
        }
    }
    if over > 0 {
        eprintln!("{over} shape(s) over {} s", TARGET.as_secs());
        std::process::exit(1);
    }
}

fn write_site(dir: &Path, input: &Input) {
    let write = |rel: &str, bytes: &[u8]| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        std::fs::write(path, bytes).expect("file");
    };
    let mut config = "title: Hostile\nbase_url: https://example.org\n".to_string();
    if let Some((name, bytes)) = &input.logo {
        config.push_str(&format!("organisation:\n  name: Hostile\n  logo: {name}\n"));
        write(&format!("content/{name}"), bytes);
    }
    if input.title.is_some() {
        config.push_str("social_cards: pages\n");
    }
    write("site.yaml", config.as_bytes());
    write(
        "content/_index.md",
        b"---\ntitle: Home\ndescription: Home.\n---\n",
    );
    let title = input.title.as_deref().unwrap_or("Big");
    write(
        "content/realise/big.md",
        format!(
            "---\ntitle: \"{title}\"\ndescription: A big page.\nrs: [realise]\n---\n\n{}",
            input.body
        )
        .as_bytes(),
    );
}
