//! The values every page of a language shares: the site, its brand and
//! its assets' versioned URLs.

use super::theme::Theme;
use super::views::{self, Views};
use crate::load::config::{Config, R};

/// The URL of a theme asset, versioned by its content so a changed file
/// is fetched anew.
pub(super) fn asset_url(views: &Views<'_>, theme: &Theme, name: &str) -> String {
    let version = theme
        .static_files
        .get(name)
        .map(|file| short_hash(&file.bytes))
        .unwrap_or_default();
    format!("{}?v={version}", views.url(&format!("assets/{name}")))
}

/// The shared values; `logo_size` is the logo's width and height, so the
/// header reserves its space before it loads.
pub(super) fn site_view<'a>(
    views: &Views<'a>,
    theme: &Theme,
    logo_size: Option<(u32, u32)>,
) -> views::SiteView<'a> {
    let config = views.config;
    let asset = |name: &str| asset_url(views, theme, name);
    views::SiteView {
        title: &config.title,
        base_url: &config.base_url,
        root: &config.root,
        language: &config.language,
        organisation: views::OrganisationView {
            name: &config.organisation_name,
            logo: config.logo.as_ref().map(|logo| views.url(logo)),
            logo_width: logo_size.map(|(width, _)| width),
            logo_height: logo_size.map(|(_, height)| height),
            url: config.organisation_url.as_deref(),
            phone: config.organisation_phone.as_deref().map(views::phone_view),
        },
        footer_links: &config.footer_links,
        quick_exit: &config.quick_exit,
        rs: R::ALL.iter().map(|&r| views.r(r)).collect(),
        audiences: config
            .audiences
            .iter()
            .filter_map(|a| views.audience(&a.key))
            .collect(),
        assets: views::AssetsView {
            default_css: asset("beacon-default.css"),
            css: asset("beacon.css"),
            brand_css: format!(
                "{}?v={}",
                views.url("assets/brand.css"),
                short_hash(brand_css(config).as_bytes())
            ),
            js: asset("quick-exit.js"),
        },
        icon: config
            .icon
            .as_ref()
            .or(config.logo.as_ref())
            .map_or_else(|| asset("icon.svg"), |file| views.url(file)),
        urls: views::UrlsView {
            home: views.url(&views.urls.home()),
            get_help: views.url(&views.urls.get_help(None)),
            staying_safe: views.url(&views.urls.staying_safe()),
            accessibility: views.url(&views.urls.accessibility()),
            feed: views.url(&views.urls.feed()),
            search: config.search.then(|| views.url(&views.urls.search())),
        },
        emergency: views::EmergencyView {
            number: "999",
            href: "tel:999",
        },
    }
}

/// The Open Graph locale for a language tag: `en` → `en_GB`, `cy` →
/// `cy_GB` (the campaign is British), `pt-BR` → `pt_BR`, else the tag.
pub fn locale(language: &str) -> String {
    match language {
        "en" => "en_GB".into(),
        "cy" => "cy_GB".into(),
        other => other.replace('-', "_"),
    }
}

/// The generated stylesheet that turns brand colours into CSS properties.
pub fn brand_css(config: &Config) -> String {
    let brand = &config.brand;
    format!(
        ":root {{\n  --brand-primary: {};\n  --brand-text: {};\n  --brand-background: {};\n  --brand-link: {};\n  --brand-focus: {};\n  --brand-on-primary: {};\n}}\n",
        brand.primary.hex(),
        brand.text.hex(),
        brand.background.hex(),
        brand.link.hex(),
        brand.focus.hex(),
        brand.on_primary.hex()
    )
}

/// A short, stable content hash for cache-busting asset URLs (FNV-1a).
pub fn short_hash(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{:08x}", hash >> 32)
}
