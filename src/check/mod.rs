//! Site-wide rules that are not about one Markdown body: brand colour
//! contrast (WCAG relative luminance, never rounded up), pages past their
//! `review_by` date, stale help services, front-matter references to help
//! services that do not exist, reading level ([`reading`]) and the rules
//! every rendered page must meet whatever the theme ([`html`]). (Per-body
//! rules — alt text, headings, link text, tables, raw HTML — run while
//! Markdown is rendered, in `markdown`.)

mod council;
pub mod coverage;
pub mod html;
mod numbers;
pub mod reading;

pub use council::{
    hidden_uses, missing_local_services, missing_organisation_file, placeholders, HiddenUse,
};
pub use numbers::unlisted_numbers;

use std::path::Path;

use crate::base::date::Date;
use crate::base::diagnostic::{did_you_mean, Diagnostic};
use crate::load::config::{Config, CONFIG_FILE};
use crate::load::content::Content;
use crate::load::downloads;
use crate::load::signpost::Directory;
use crate::markdown::Rendered;

use crate::base::colour::{contrast, format_ratio, nearest_passing};

/// The brand pairs that must contrast, with their minimum ratios; each
/// error at the key that sets the colour (in whichever layer's site.yaml).
pub fn contrast_errors(config: &Config) -> Vec<Diagnostic> {
    located_in_config(unlocated_contrast_errors(config), config)
}

fn unlocated_contrast_errors(config: &Config) -> Vec<Diagnostic> {
    let brand = &config.brand;
    let pairs = [
        ("text", brand.text, "background", brand.background, 4.5),
        ("link", brand.link, "background", brand.background, 4.5),
        (
            "on_primary",
            brand.on_primary,
            "primary",
            brand.primary,
            4.5,
        ),
        ("focus", brand.focus, "text", brand.text, 3.0),
    ];
    pairs
        .into_iter()
        .filter_map(|(name, colour, against_name, against, minimum)| {
            let ratio = contrast(colour, against);
            if ratio >= minimum {
                return None;
            }
            let hint = match nearest_passing(colour, against, minimum) {
                Some(shade) => format!("the nearest shade of brand.{name} that passes is \"{}\"", shade.hex()),
                None => format!("choose a different brand.{name}"),
            };
            Some(
                Diagnostic::error(
                    CONFIG_FILE,
                    format!(
                        "brand.{name} {} on brand.{against_name} {} has a contrast of {}, below the {}:1 that WCAG AA needs",
                        colour.hex(),
                        against.hex(),
                        format_ratio(ratio),
                        minimum
                    ),
                )
                .with_hint(hint),
            )
        })
        .collect()
}

/// Places the brand errors at their key in `site.yaml`.
fn located_in_config(mut diagnostics: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    for diagnostic in &mut diagnostics {
        let key = diagnostic
            .message
            .strip_prefix("brand.")
            .and_then(|rest| rest.split(' ').next())
            .unwrap_or_default();
        let (path, pos) = config.locate(&["brand", key]);
        diagnostic.path = path;
        diagnostic.line = pos.line;
        diagnostic.column = pos.column;
    }
    diagnostics
}

/// Front matter and shortcodes that name a service the directory lacks.
/// Ids of services that are in error, and local services the site must
/// provide (reported once by [`missing_local_services`]), are not reported
/// again here; nor is anything when a signposts file could not be read.
/// A service `signposts.hide:` hides is no error on the upstream's pages
/// (whose files under `upstream` the council cannot edit: it just
/// disappears, see [`hidden_uses`]) and an error naming the `hide:` line
/// on the site's own. `reported` holds ids already reported (by the
/// default language, whose front matter a translation inherits), so each
/// is reported once; the ids reported here are added to it.
pub fn unknown_signposts(
    content: &Content,
    bodies: &[Rendered],
    directory: &Directory,
    config: &Config,
    upstream: Option<&Path>,
    reported: &mut std::collections::BTreeSet<String>,
) -> Vec<Diagnostic> {
    if directory.incomplete {
        return Vec::new();
    }
    let reported_elsewhere = |id: &str| {
        reported.contains(id)
            || directory.invalid_ids.contains(id)
            || config.signpost_replace.contains_key(id)
            || config
                .local_services
                .iter()
                .chain(&config.upstream_local_services)
                .any(|service| service.id == id)
    };
    let mut diagnostics = Vec::new();
    let mut found = std::collections::BTreeSet::new();
    for (page, body) in content.pages.iter().zip(bodies) {
        let from_upstream = upstream.is_some_and(|folder| page.source.starts_with(folder));
        for (id, pos) in references(page, body) {
            if directory.get(id).is_some() || (from_upstream && directory.hidden.contains(id)) {
                continue;
            }
            let diagnostic = if directory.hidden.contains(id) {
                hidden_reference(id, config)
            } else if reported_elsewhere(id) {
                continue;
            } else {
                found.insert(id.to_string());
                unknown_reference(id, directory)
            };
            diagnostics.push(Diagnostic {
                path: page.source.clone(),
                ..diagnostic.at_pos(pos)
            });
        }
    }
    reported.extend(found);
    diagnostics
}

/// Every service a page names: its front matter's, then its inline cards'.
pub(crate) fn references<'a>(
    page: &'a crate::load::content::Page,
    body: &'a Rendered,
) -> impl Iterator<Item = (&'a str, crate::base::diagnostic::Pos)> {
    let front = page.signposts.iter().map(|r| (r.id.as_str(), r.pos));
    let inline = body.shortcodes.iter().map(|s| (s.id.as_str(), s.pos));
    front.chain(inline)
}

/// A site's own page naming a service its `signposts.hide:` hides.
fn hidden_reference(id: &str, config: &Config) -> Diagnostic {
    let (path, pos) = config.locate_value(&["signposts", "hide"], id);
    Diagnostic::error(
        "",
        format!(
            "signpost \"{id}\" is hidden by {}:{}",
            path.display(),
            pos.line
        ),
    )
    .with_hint(format!("remove it from this page, or take \"{id}\" out of `signposts.hide:` (or show one of your own services instead with `signposts.replace:`)"))
}

/// A page naming a service nobody has.
fn unknown_reference(id: &str, directory: &Directory) -> Diagnostic {
    let ids = directory.services.iter().map(|s| s.id.as_str());
    let hint = match did_you_mean(id, ids) {
        Some(close) => format!("did you mean \"{close}\"?"),
        None => "services are defined in content/_signposts/*.yaml".to_string(),
    };
    Diagnostic::error("", format!("unknown signpost \"{id}\"")).with_hint(hint)
}

/// Warnings about the conversation's dates: it closes within a week, or
/// it has closed and the site does not yet say what happens next.
pub fn consultation_warnings(config: &Config, today: Date) -> Vec<Diagnostic> {
    let Some(consultation) = &config.consultation else {
        return Vec::new();
    };
    let (path, pos) = config.locate(&["consultation", "closes"]);
    let days_left = today.days_until(consultation.closes);
    let warning = match consultation.state(today) {
        crate::load::config::State::Open if days_left <= 7 => Diagnostic::warning(
            path,
            format!(
                "the conversation closes on {} (in {days_left} day(s))",
                consultation.closes
            ),
        )
        .with_hint("when it has closed, say what happens next in `consultation.after`"),
        crate::load::config::State::Closed if consultation.after.is_none() => Diagnostic::warning(
            path,
            format!(
                "the conversation closed on {}, and the site does not say what happens next",
                consultation.closes
            ),
        )
        .with_hint("add `after:` under `consultation:`, e.g. \"We will publish what we heard in spring 2027.\""),
        _ => return Vec::new(),
    };
    vec![warning.at_pos(pos)]
}

/// A warning when `robots.txt` would be published in a folder of the
/// domain (`base_url` with a path), where crawlers never read it: its
/// sitemap line belongs in the domain's own `robots.txt`. `robots_txt:
/// false` says the host has done that, and stops publishing the file.
pub fn robots_warning(config: &Config) -> Option<Diagnostic> {
    if !config.robots_txt || config.root == "/" {
        return None;
    }
    let (path, pos) = config.locate(&["base_url"]);
    let warning = Diagnostic::warning(
        path,
        format!(
            "robots.txt will be published at {}robots.txt, where crawlers never look: they read it only at the root of a domain",
            config.root
        ),
    )
    .at_pos(pos)
    .with_hint(format!(
        "add `Sitemap: {}/sitemap.xml` to the domain's own robots.txt (docs/hosting.md), then set `robots_txt: false` in site.yaml",
        config.base_url
    ));
    Some(warning)
}

/// A warning when the generated accessibility statement cannot yet say
/// how accessible the site is (see [`crate::load::config::Accessibility::missing`]):
/// it then says the site has not been assessed, which a public body must
/// put right. None when the site writes its own `content/accessibility.md`.
pub fn statement_warning(config: &Config, content: &Content) -> Option<Diagnostic> {
    let missing = config.accessibility.missing();
    let own_statement = content.pages.iter().any(|p| p.rel == "accessibility.md");
    if missing.is_empty() || own_statement {
        return None;
    }
    let (path, pos) = config.locate(&["accessibility"]);
    let warning = Diagnostic::warning(
        path,
        format!(
            "the accessibility statement says the site has not been assessed: `accessibility:` needs {}",
            missing.join(", ")
        ),
    )
    .at_pos(pos)
    .with_hint("a public body must publish a statement saying how far its site meets WCAG 2.2 AA, and how to report a problem; Beacon claims nothing until these are set (docs/accessibility.md)");
    Some(warning)
}

/// A warning per host under `hosting:` that lets a site send no headers
/// of its own (GitHub Pages, GitLab Pages), naming what is lost and what
/// the pages' own meta tags still do.
pub fn hosting_warnings(config: &Config) -> Vec<Diagnostic> {
    config
        .hosting
        .iter()
        .filter(|host| host.sends_no_headers())
        .map(|host| {
            let (path, pos) = config.locate_value(&["hosting"], host.name());
            Diagnostic::warning(
                path,
                format!(
                    "{} sends none of the site's security headers: `frame-ancestors` (other sites may frame the pages), Strict-Transport-Security (HSTS) and X-Content-Type-Options are lost",
                    host.name()
                ),
            )
            .at_pos(pos)
            .with_hint("every page's own Content-Security-Policy and referrer meta tags still keep scripts, styles, images and requests to this site and hide which page a visitor came from; for the headers too, publish on a host from docs/hosting.md or put a CDN that sets them in front")
        })
        .collect()
}

/// Warnings for pages whose `review_by` date has passed.
pub fn overdue_reviews(content: &Content, today: Date) -> Vec<Diagnostic> {
    content
        .pages
        .iter()
        .filter_map(|page| {
            let due = page.review_by?;
            (due < today).then(|| {
                let warning = Diagnostic::warning(
                    &page.source,
                    format!("this page was due for review on {due}"),
                );
                match page.review_by_pos {
                    Some(pos) => warning.at_pos(pos),
                    None => warning.at(1, 1),
                }
                .with_hint("check it is still right, then set `updated:` and a new `review_by:`")
            })
        })
        .collect()
}

/// A warning for each PDF or office document whose sidecar does not say it
/// was checked: Beacon checks pages, not documents.
pub fn unchecked_documents(content: &Content) -> Vec<Diagnostic> {
    content
        .assets
        .iter()
        .filter(|asset| downloads::is_unchecked_document(&asset.rel))
        .filter_map(|asset| match &asset.sidecar {
            Some(downloads::Sidecar {
                accessibility_checked: Some(_),
                ..
            }) => None,
            _ => Some(
                Diagnostic::warning(
                    Path::new("content").join(&asset.rel),
                    "Beacon cannot check this document's accessibility: it checks pages, not PDFs or office files",
                )
                .with_hint(format!(
                    "check it against {} (or publish it as a page), then say so in {}.yaml: `accessibility_checked: YYYY-MM-DD`",
                    downloads::GUIDANCE,
                    Path::new(&asset.rel).file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned())
                )),
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::colour::Colour;

    fn colour(hex: &str) -> Colour {
        Colour::parse(hex).unwrap()
    }

    #[test]
    fn robots_txt_in_a_folder_is_warned_about_until_the_site_stops_publishing_it() {
        let in_folder = "title: T\nbase_url: https://e.gov.uk/cse\n";
        let config = crate::load::config::parse(in_folder, None).unwrap();
        let warning = robots_warning(&config).expect("a warning");
        assert!(!warning.is_error());
        assert_eq!(
            warning.message,
            "robots.txt will be published at /cse/robots.txt, where crawlers never look: they read it only at the root of a domain"
        );
        assert_eq!((warning.line, warning.column), (2, 11));
        assert!(warning
            .hint
            .as_deref()
            .unwrap()
            .contains("Sitemap: https://e.gov.uk/cse/sitemap.xml"));
        let handled =
            crate::load::config::parse(&format!("{in_folder}robots_txt: false\n"), None).unwrap();
        assert!(robots_warning(&handled).is_none());
        let at_root =
            crate::load::config::parse("title: T\nbase_url: https://e.gov.uk\n", None).unwrap();
        assert!(robots_warning(&at_root).is_none());
    }

    #[test]
    fn known_pairs_have_known_ratios() {
        // The WCAG formula gives 19.587:1 for GOV.UK's text colour on white.
        let ratio = contrast(colour("#0b0c0c"), colour("#ffffff"));
        assert!((ratio - 19.587).abs() < 0.001, "{ratio}");
        assert_eq!(format_ratio(ratio), "19.5:1");
        assert!(contrast(colour("#ffdd00"), colour("#0b0c0c")) > 14.0);
        assert_eq!(
            format_ratio(contrast(colour("#000"), colour("#fff"))),
            "21.0:1"
        );
    }

    #[test]
    fn ratios_are_never_rounded_up() {
        // #777777 on white is 4.478:1: it fails and must not print as 4.5.
        let ratio = contrast(colour("#777777"), colour("#ffffff"));
        assert!(ratio < 4.5);
        assert_eq!(format_ratio(ratio), "4.4:1");
    }

    #[test]
    fn a_failing_pair_reports_the_nearest_passing_shade() {
        let shade = nearest_passing(colour("#777777"), colour("#ffffff"), 4.5).unwrap();
        assert!(contrast(shade, colour("#ffffff")) >= 4.5);
        assert_eq!(shade.hex(), "#767676");
    }

    #[test]
    fn brand_errors_name_both_colours_and_the_ratio() {
        let config = crate::load::config::parse(
            "title: T\nbase_url: https://e.org\nbrand:\n  link: \"#7f7f7f\"\n",
            None,
        )
        .unwrap();
        let errors = contrast_errors(&config);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].message.starts_with(
                "brand.link #7f7f7f on brand.background #ffffff has a contrast of 4.0:1"
            ),
            "{}",
            errors[0].message
        );
        assert!(errors[0].hint.as_deref().unwrap().contains("nearest shade"));
        assert_eq!(
            (errors[0].path.as_path(), errors[0].line, errors[0].column),
            (std::path::Path::new("site.yaml"), 4, 9)
        );
    }
}
