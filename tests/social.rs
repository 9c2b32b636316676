//! Social cards: every kind of page carries the full Open Graph and
//! Twitter card meta with an absolute image URL; the image is the page's
//! `image:`, else its own card (`social_cards: pages`), else
//! `social_image:`, else the generated card of its R, audience, get-help
//! or home; generated cards are 1200×630 PNGs, byte-identical from build
//! to build, kept from the output instead of drawn again; and every
//! mistake in the new keys is an error at its line.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use beacon::base::media::png_size;
use beacon::site::{self, Options, Report};
use common::{Output, TestSite};

/// The `content` of `<meta property|name="key" content="…">`.
fn meta(html: &str, key: &str) -> Option<String> {
    ["property", "name"].iter().find_map(|attribute| {
        let opening = format!("<meta {attribute}=\"{key}\" content=\"");
        let start = html.find(&opening)? + opening.len();
        let end = html[start..].find('"')?;
        Some(html[start..start + end].to_string())
    })
}

/// Every social meta tag of a page, asserted present; returns og:image.
fn assert_full_meta(out: &Output, rel: &str, locale: &str) -> String {
    let html = out.text(rel);
    for key in [
        "og:title",
        "og:description",
        "og:url",
        "og:type",
        "og:site_name",
        "og:image:alt",
        "twitter:title",
        "twitter:description",
        "twitter:image",
        "twitter:image:alt",
    ] {
        let value = meta(&html, key).unwrap_or_else(|| panic!("{rel} has no {key}"));
        assert!(!value.trim().is_empty(), "{rel}: {key} is empty");
    }
    assert_eq!(meta(&html, "og:locale").as_deref(), Some(locale), "{rel}");
    assert_eq!(
        meta(&html, "twitter:card").as_deref(),
        Some("summary_large_image"),
        "{rel}"
    );
    let url = meta(&html, "og:url").unwrap();
    assert!(
        url.starts_with("https://example.org/campaign/"),
        "{rel}: {url}"
    );
    let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{rel} has no og:image"));
    assert!(
        image.starts_with("https://example.org/campaign/"),
        "{rel}: {image}"
    );
    assert_eq!(meta(&html, "twitter:image"), Some(image.clone()), "{rel}");
    assert_eq!(
        meta(&html, "og:image:width").as_deref(),
        Some("1200"),
        "{rel}"
    );
    assert_eq!(
        meta(&html, "og:image:height").as_deref(),
        Some("630"),
        "{rel}"
    );
    image
}

/// The output path of an absolute URL on the fixture site.
fn output_path(url: &str) -> &str {
    url.strip_prefix("https://example.org/campaign/")
        .unwrap_or_else(|| panic!("{url} is not on the site"))
}

/// The card a page shares, as an output path.
fn card_of(out: &Output, rel: &str) -> String {
    let html = out.text(rel);
    output_path(&meta(&html, "og:image").unwrap_or_else(|| panic!("{rel}: no og:image")))
        .to_string()
}

/// A PNG of the given size (one colour).
fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, width, height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        writer
            .write_image_data(&vec![200; (width * height * 3) as usize])
            .unwrap();
    }
    bytes
}

/// The bilingual fixture with a section outside the Rs.
fn bilingual() -> TestSite {
    let site = TestSite::fixture("bilingual");
    site.write(
        "content/guides/_index.md",
        "---\ntitle: Guides\ndescription: Guides to print.\n---\n\nGuides.\n",
    );
    site
}

fn cards(out: &Output) -> Vec<&String> {
    out.files
        .keys()
        .filter(|rel| rel.contains("cards/"))
        .collect()
}

#[test]
fn every_kind_of_page_carries_the_full_social_meta_with_its_card() {
    let site = bilingual();
    let out = site.build();
    let expected = [
        ("index.html", "en_GB", "cards/home-"),
        ("realise/index.html", "en_GB", "cards/realise-"),
        ("recognise/index.html", "en_GB", "cards/recognise-"),
        ("for/parents/index.html", "en_GB", "cards/for-parents-"),
        ("get-help/index.html", "en_GB", "cards/get-help-"),
        ("get-help/parents/index.html", "en_GB", "cards/get-help-"),
        ("realise/about/index.html", "en_GB", "cards/realise-"),
        ("recognise/signs/index.html", "en_GB", "cards/recognise-"),
        ("react/call/index.html", "en_GB", "cards/react-"),
        ("guides/index.html", "en_GB", "cards/home-"),
        ("staying-safe-online/index.html", "en_GB", "cards/home-"),
        ("accessibility/index.html", "en_GB", "cards/home-"),
        ("404.html", "en_GB", "cards/home-"),
        ("cy/index.html", "cy_GB", "cy/cards/home-"),
        (
            "cy/adnabod/arwyddion/index.html",
            "cy_GB",
            "cy/cards/recognise-",
        ),
        ("cy/get-help/index.html", "cy_GB", "cy/cards/get-help-"),
        ("cy/404.html", "cy_GB", "cy/cards/home-"),
    ];
    for (rel, locale, card) in expected {
        let image = assert_full_meta(&out, rel, locale);
        let path = output_path(&image);
        assert!(path.starts_with(card), "{rel} shares {path}, not {card}…");
        assert!(path.ends_with(".png"), "{path}");
        let bytes = out
            .files
            .get(path)
            .unwrap_or_else(|| panic!("{rel} shares {path}, which was not written"));
        assert_eq!(png_size(bytes), Some((1200, 630)), "{path}");
    }
    let page = out.text("realise/about/index.html");
    assert_eq!(meta(&page, "og:type").as_deref(), Some("article"));
    assert_eq!(
        meta(&out.text("index.html"), "og:type").as_deref(),
        Some("website")
    );
    assert_eq!(
        meta(&page, "og:url").as_deref(),
        Some("https://example.org/campaign/realise/about/")
    );
    assert_eq!(
        meta(&page, "og:image:alt").as_deref(),
        Some("Fixture campaign. Realise. It could happen here.")
    );
    // About a dozen cards per language: home, get-help, three Rs and four
    // audiences.
    let english = cards(&out)
        .into_iter()
        .filter(|rel| rel.starts_with("cards/"))
        .count();
    assert_eq!(english, 9, "{:?}", cards(&out));
    assert_eq!(cards(&out).len(), 18, "{:?}", cards(&out));
}

#[test]
fn welsh_cards_carry_welsh_words() {
    let site = bilingual();
    site.replace(
        "site.yaml",
        "    organisation: { name: \"Cyngor Enghreifftiol\" }",
        "    organisation: { name: \"Cyngor Enghreifftiol\" }\n    rs:\n      react: { title: \"Ymateb ŷn\", summary: \"Gwybod beth i wneud.\" }",
    );
    let out = site.build();
    let html = out.text("cy/react/call/index.html");
    assert_eq!(
        meta(&html, "og:image:alt").as_deref(),
        Some("Ymgyrch enghreifftiol. Ymateb ŷn. Gwybod beth i wneud.")
    );
    let welsh = card_of(&out, "cy/react/call/index.html");
    assert!(welsh.starts_with("cy/cards/react-"), "{welsh}");
    assert_ne!(
        welsh.trim_start_matches("cy/"),
        card_of(&out, "react/call/index.html"),
        "the Welsh card is not the English one"
    );
}

#[test]
fn generated_cards_are_the_same_bytes_every_build() {
    let first = bilingual().build();
    let second = bilingual().build();
    let names = cards(&first);
    assert!(!names.is_empty());
    assert_eq!(names, cards(&second));
    for rel in names {
        assert_eq!(first.files[rel], second.files[rel], "{rel} differs");
        assert_eq!(png_size(&first.files[rel]), Some((1200, 630)));
    }
}

#[test]
fn a_pages_own_image_wins_with_its_alt_text_and_size() {
    let site = bilingual();
    site.write_bytes("content/realise/share.png", &png(300, 200));
    site.write_bytes("content/images/hub.jpg", b"not read by anyone");
    site.replace(
        "content/realise/about.md",
        "rs: [realise]",
        "rs: [realise]\nimage: share.png\nimage_alt: A parent talking with a teenager",
    );
    site.replace(
        "content/recognise/_index.md",
        "---\n",
        "---\nimage: /realise/share.png\nimage_alt: The hub picture\n",
    );
    let out = site.build();
    let html = out.text("realise/about/index.html");
    assert_eq!(
        meta(&html, "og:image").as_deref(),
        Some("https://example.org/campaign/realise/share.png")
    );
    assert_eq!(meta(&html, "twitter:image"), meta(&html, "og:image"));
    assert_eq!(
        meta(&html, "og:image:alt").as_deref(),
        Some("A parent talking with a teenager")
    );
    assert_eq!(meta(&html, "og:image:width").as_deref(), Some("300"));
    assert_eq!(meta(&html, "og:image:height").as_deref(), Some("200"));
    let hub = out.text("recognise/index.html");
    assert_eq!(
        meta(&hub, "og:image").as_deref(),
        Some("https://example.org/campaign/realise/share.png")
    );
    assert_eq!(
        meta(&hub, "og:image:alt").as_deref(),
        Some("The hub picture")
    );
    // A page of that hub still shares the hub's card.
    assert!(card_of(&out, "recognise/signs/index.html").starts_with("cards/recognise-"));
}

#[test]
fn a_translation_takes_its_originals_image_and_may_translate_the_alt_text() {
    let site = bilingual();
    site.write_bytes("content/recognise/signs.png", &png(1200, 630));
    site.replace(
        "content/recognise/signs.md",
        "---\n",
        "---\nimage: signs.png\nimage_alt: A worried parent\n",
    );
    let out = site.build();
    let welsh = out.text("cy/adnabod/arwyddion/index.html");
    assert_eq!(
        meta(&welsh, "og:image").as_deref(),
        Some("https://example.org/campaign/recognise/signs.png")
    );
    assert_eq!(
        meta(&welsh, "og:image:alt").as_deref(),
        Some("A worried parent")
    );
    site.replace(
        "content/recognise/signs.cy.md",
        "slug: arwyddion\n",
        "slug: arwyddion\nimage_alt: Rhiant pryderus\n",
    );
    let out = site.build();
    let welsh = out.text("cy/adnabod/arwyddion/index.html");
    assert_eq!(
        meta(&welsh, "og:image:alt").as_deref(),
        Some("Rhiant pryderus")
    );
}

#[test]
fn social_image_replaces_the_generated_cards_and_per_page_cards_win_over_it() {
    let site = bilingual();
    site.write_bytes("content/images/share.png", &png(1200, 628));
    site.write(
        "site.yaml",
        &format!(
            "{}social_image: images/share.png\nsocial_image_alt: The three Rs of the campaign\n",
            std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
        ),
    );
    let out = site.build();
    for rel in [
        "index.html",
        "realise/index.html",
        "realise/about/index.html",
        "for/parents/index.html",
        "get-help/index.html",
        "404.html",
        "cy/index.html",
    ] {
        let html = out.text(rel);
        assert_eq!(
            meta(&html, "og:image").as_deref(),
            Some("https://example.org/campaign/images/share.png"),
            "{rel}"
        );
        assert_eq!(
            meta(&html, "og:image:alt").as_deref(),
            Some("The three Rs of the campaign")
        );
        assert_eq!(meta(&html, "og:image:height").as_deref(), Some("628"));
    }
    assert!(
        cards(&out).is_empty(),
        "no card is drawn: {:?}",
        cards(&out)
    );

    // With social_cards: pages, a content page's own card wins; the other
    // pages keep social_image, and a page's image: wins over both.
    site.replace(
        "site.yaml",
        "social_image:",
        "social_cards: pages\nsocial_image:",
    );
    site.write_bytes("content/react/call.png", &png(600, 315));
    site.replace(
        "content/react/call.md",
        "---\n",
        "---\nimage: call.png\nimage_alt: A phone\n",
    );
    let out = site.build();
    assert!(card_of(&out, "realise/about/index.html").starts_with("cards/page-realise-about-"));
    assert_eq!(card_of(&out, "react/call/index.html"), "react/call.png");
    assert_eq!(card_of(&out, "realise/index.html"), "images/share.png");
    assert_eq!(card_of(&out, "index.html"), "images/share.png");
}

#[test]
fn social_cards_pages_gives_every_content_page_a_card_with_its_title() {
    let site = bilingual();
    site.replace(
        "site.yaml",
        "robots_txt: false",
        "robots_txt: false\nsocial_cards: pages",
    );
    let out = site.build();
    for (rel, title, card) in [
        (
            "realise/about/index.html",
            "About exploitation",
            "cards/page-realise-about-",
        ),
        (
            "recognise/signs/index.html",
            "Signs",
            "cards/page-recognise-signs-",
        ),
        ("guides/index.html", "Guides", "cards/page-guides-"),
        (
            "cy/adnabod/arwyddion/index.html",
            "Arwyddion",
            "cy/cards/page-adnabod-arwyddion-",
        ),
    ] {
        let html = out.text(rel);
        let path = card_of(&out, rel);
        assert!(path.starts_with(card), "{rel}: {path}");
        assert!(out.has(&path), "{path} not written");
        let alt = meta(&html, "og:image:alt").unwrap();
        assert!(alt.contains(title), "{rel}: {alt}");
    }
    // Hubs, audiences, get-help and home keep their shared cards.
    assert!(card_of(&out, "realise/index.html").starts_with("cards/realise-"));
    assert!(card_of(&out, "for/parents/index.html").starts_with("cards/for-parents-"));
    assert!(card_of(&out, "index.html").starts_with("cards/home-"));
    let per_page = cards(&out)
        .into_iter()
        .filter(|rel| rel.contains("cards/page-"))
        .count();
    let pages = out
        .files
        .keys()
        .filter(|rel| {
            let html = rel.ends_with("index.html");
            html && meta(&out.text(rel), "og:image")
                .is_some_and(|image| image.contains("cards/page-"))
        })
        .count();
    assert_eq!(per_page, pages, "one card per content page");
    assert!(per_page >= 5, "{per_page}");
}

fn build_into(site: &TestSite, out: &Path) -> Report {
    let options = Options {
        out_dir: Some(out.to_path_buf()),
        ..site.options()
    };
    site::build(&options).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn card_files(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    beacon::write::list_files(dir)
        .into_iter()
        .filter(|rel| rel.contains("cards/"))
        .map(|rel| {
            let path = dir.join(&rel);
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (rel, (std::fs::read(&path).unwrap(), modified))
        })
        .collect()
}

#[test]
fn cards_in_the_output_are_kept_and_redrawn_only_when_what_they_show_changes() {
    let site = bilingual();
    site.replace(
        "site.yaml",
        "robots_txt: false",
        "robots_txt: false\nsocial_cards: pages",
    );
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let first = build_into(&site, &public);
    let total = first.cards.drawn;
    assert!(total > 20, "{:?}", first.cards);
    assert_eq!(first.cards.reused, 0);
    let before = card_files(&public);
    assert_eq!(before.len(), total);

    // Nothing changed: every card is kept, none drawn or rewritten.
    let second = build_into(&site, &public);
    assert_eq!((second.cards.drawn, second.cards.reused), (0, total));
    assert_eq!(card_files(&public), before, "bytes and times unchanged");

    // Kept, not drawn: a card whose pixels were spoiled (its header left
    // whole) stays spoiled, since the build never reads past the header.
    let (spoiled, _) = before
        .iter()
        .find(|(rel, _)| rel.contains("page-realise-about-"))
        .unwrap();
    let mut bytes = std::fs::read(public.join(spoiled)).unwrap();
    bytes.truncate(40);
    std::fs::write(public.join(spoiled), &bytes).unwrap();
    let third = build_into(&site, &public);
    assert_eq!(third.cards.drawn, 0);
    assert_eq!(std::fs::read(public.join(spoiled)).unwrap(), bytes);

    // A page's new title: that page's card only, under a new name; the
    // old one is removed.
    site.replace(
        "content/realise/about.md",
        "title: About exploitation",
        "title: What exploitation is",
    );
    let fourth = build_into(&site, &public);
    assert_eq!((fourth.cards.drawn, fourth.cards.reused), (1, total - 1));
    assert!(!public.join(spoiled).exists(), "the old card is removed");
    let after = card_files(&public);
    let new: Vec<&String> = after
        .keys()
        .filter(|rel| !before.contains_key(*rel))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].starts_with("cards/page-realise-about-"));

    // A new brand colour redraws every card.
    site.write(
        "site.yaml",
        &format!(
            "{}brand: {{ primary: \"#6f2c91\" }}\n",
            std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
        ),
    );
    let fifth = build_into(&site, &public);
    assert_eq!((fifth.cards.drawn, fifth.cards.reused), (total, 0));

    // A new logo too.
    site.replace(
        "content/images/logo.svg",
        "</svg>",
        "<circle r=\"2\"/></svg>",
    );
    let sixth = build_into(&site, &public);
    assert_eq!((sixth.cards.drawn, sixth.cards.reused), (total, 0));

    // `check` uses the cards the output holds.
    let options = Options {
        out_dir: Some(public.clone()),
        ..site.options()
    };
    let checked = site::check(&options).unwrap_or_else(|d| panic!("{d:#?}"));
    assert_eq!((checked.cards.drawn, checked.cards.reused), (0, total));
}

/// The errors of a failed in-memory build, as (message, line, column).
fn errors_of(site: &TestSite) -> Vec<(String, String, usize, usize)> {
    site.errors()
        .into_iter()
        .map(|d| (d.path.display().to_string(), d.message, d.line, d.column))
        .collect()
}

#[test]
fn image_mistakes_are_errors_at_their_line() {
    let site = bilingual();
    site.write_bytes("content/realise/map.svg", b"<svg/>");
    site.replace(
        "content/realise/about.md",
        "rs: [realise]",
        "rs: [realise]\nimage: share.png",
    );
    let error = site.error();
    assert_eq!(error.message, "`image` needs `image_alt`");
    assert_eq!(
        (error.path.display().to_string(), error.line, error.column),
        ("content/realise/about.md".into(), 5, 8)
    );
    assert!(error.hint.unwrap().contains("image_alt:"));

    site.replace(
        "content/realise/about.md",
        "image: share.png",
        "image: share.png\nimage_alt: \"  \"",
    );
    assert_eq!(site.error().message, "\"image_alt\" is empty");

    site.replace(
        "content/realise/about.md",
        "image_alt: \"  \"",
        "image_alt: A map",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "image \"share.png\" is not a file in this site"
    );
    assert_eq!((error.line, error.column), (5, 8));

    site.replace(
        "content/realise/about.md",
        "image: share.png",
        "image: map.svg",
    );
    let error = site.error();
    assert_eq!(
        error.message,
        "image \"map.svg\" is not a PNG, JPEG, GIF or WebP image"
    );
    assert_eq!((error.line, error.column), (5, 8));

    site.replace("content/realise/about.md", "image: map.svg\n", "");
    let error = site.error();
    assert_eq!(error.message, "`image_alt` without `image`");
    assert_eq!((error.line, error.column), (5, 12));
}

#[test]
fn site_yaml_mistakes_are_errors_at_their_key() {
    let cases = [
        (
            "social_image: images/nothere.png\nsocial_image_alt: Our logo\n",
            "social_image \"images/nothere.png\" is not a file in content/",
        ),
        (
            "social_image: images/logo.svg\nsocial_image_alt: Our logo\n",
            "social_image \"images/logo.svg\" is not a PNG, JPEG, GIF or WebP image",
        ),
        (
            "social_image: images/share.png\n",
            "`social_image` needs `social_image_alt`",
        ),
        (
            "social_image: ../secret.png\nsocial_image_alt: x\n",
            "social_image \"../secret.png\" is not a path inside content/",
        ),
        (
            "social_image_alt: Our logo\n",
            "`social_image_alt` without `social_image`",
        ),
        (
            "social_cards: page\n",
            "social_cards \"page\" is not `default` or `pages`",
        ),
    ];
    for (yaml, message) in cases {
        let site = bilingual();
        site.write_bytes("content/images/share.png", &png(10, 10));
        let text = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
        let line = text.lines().count() + 1;
        site.write("site.yaml", &format!("{text}{yaml}"));
        let errors = errors_of(&site);
        assert_eq!(errors.len(), 1, "{yaml}: {errors:#?}");
        let (path, got, at, _) = &errors[0];
        assert_eq!(got, message, "{yaml}");
        assert_eq!(path, "site.yaml");
        assert_eq!(*at, line, "{yaml}: the line of the key");
    }
    let site = bilingual();
    site.write(
        "site.yaml",
        &format!(
            "{}social_cards: page\n",
            std::fs::read_to_string(site.path().join("site.yaml")).unwrap()
        ),
    );
    assert_eq!(
        site.error().hint.as_deref(),
        Some("did you mean \"pages\"?")
    );
}

#[test]
fn a_logo_the_cards_cannot_draw_is_an_error_at_organisation_logo() {
    for (name, bytes) in [
        (
            "images/logo.svg",
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g>"[..],
        ),
        ("images/logo.png", &b"\x89PNG\r\n\x1a\n broken"[..]),
    ] {
        let site = bilingual();
        site.write_bytes(&format!("content/{name}"), bytes);
        site.replace(
            "site.yaml",
            "logo: images/logo.svg",
            &format!("logo: {name}"),
        );
        let error = site.error();
        assert!(
            error
                .message
                .starts_with(&format!("organisation.logo \"{name}\" cannot be drawn on the social cards: it is not a readable")),
            "{}",
            error.message
        );
        if name.ends_with(".svg") {
            // An SVG's own syntax error is at its line in the SVG.
            assert!(
                error.path.ends_with("content/images/logo.svg"),
                "{error:#?}"
            );
            assert_eq!((error.line, error.column), (1, 44), "{name}");
        } else {
            assert_eq!(error.path, Path::new("site.yaml"));
            assert_eq!((error.line, error.column), (10, 9), "{name}");
        }
        assert!(error.hint.is_some());
    }
}
