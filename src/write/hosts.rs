//! Header files for the hosts that read one from the site (`hosting:` in
//! `site.yaml`): `_headers` for Cloudflare Pages and Netlify,
//! `staticwebapp.config.json` for Azure Static Web Apps and `web.config`
//! for IIS. Each carries exactly the policy the pages carry
//! (`base::policy`), the search page's policy only where the search pages
//! are, a year's caching for versioned files and revalidation for the
//! rest, and the 404 page.

use crate::base::escape::escape_xml;
use crate::base::policy::{self, CACHE_PAGES, CACHE_VERSIONED, CSP, SEARCH_CSP};

/// The URL paths (from the host's root, each ending in `/`) a host file
/// treats apart.
#[derive(Debug, Clone, Default)]
pub struct HostPaths {
    /// Each language's search page and the index: the search policy.
    pub relaxed: Vec<String>,
    /// Folders whose files change name when they change (`assets/`, each
    /// language's `cards/`): cached for a year.
    pub versioned: Vec<String>,
    /// The 404 page's URL path.
    pub not_found: String,
    /// The site's URL path (`/` or `/cse/`).
    pub root: String,
}

/// IIS serves no file whose extension it has no type for (a 404.3), and
/// knows none of these: Pagefind's index files, its WebAssembly, the Atom
/// feed's and the help directory's types, captions.
const IIS_TYPES: [(&str, &str); 9] = [
    (".pagefind", "application/octet-stream"),
    (".pf_meta", "application/octet-stream"),
    (".pf_index", "application/octet-stream"),
    (".pf_fragment", "application/octet-stream"),
    (".pf_filter", "application/octet-stream"),
    (".wasm", "application/wasm"),
    (".webp", "image/webp"),
    (".vtt", "text/vtt"),
    (".json", "application/json"),
];

/// `_headers` (Netlify / Cloudflare Pages) with the same policy as the
/// meta tags, plus what only a header can say (`frame-ancestors`). The
/// relaxed paths get the search page's policy instead:
/// `! Content-Security-Policy` is Cloudflare Pages' way to drop the
/// site-wide value there rather than add to it (two policies would both
/// apply, and the stricter would stop search); see docs/hosting.md. The
/// versioned folders are cached for a year; pages keep the hosts' own
/// default, which revalidates (a second `Cache-Control` rule for every
/// path would be joined to the year's with a comma).
pub fn headers(paths: &HostPaths) -> String {
    let mut text = format!(
        "/*\n  Content-Security-Policy: {}\n",
        policy::as_header(CSP)
    );
    for (name, value) in policy::HEADERS {
        text.push_str(&format!("  {name}: {value}\n"));
    }
    for path in &paths.relaxed {
        text.push_str(&format!(
            "{path}*\n  ! Content-Security-Policy\n  Content-Security-Policy: {}\n",
            policy::as_header(SEARCH_CSP)
        ));
    }
    for path in &paths.versioned {
        text.push_str(&format!("{path}*\n  Cache-Control: {CACHE_VERSIONED}\n"));
    }
    text
}

/// The headers every response carries, the policy first.
fn headers_with(csp: &str) -> Vec<(&'static str, String)> {
    let mut headers = vec![("Content-Security-Policy", policy::as_header(csp))];
    headers.extend(
        policy::HEADERS
            .iter()
            .map(|(name, value)| (*name, value.to_string())),
    );
    headers
}

/// `staticwebapp.config.json`: the headers (and pages' revalidation) as
/// `globalHeaders`; a route per relaxed path overriding the policy there
/// and per versioned folder overriding the caching (Azure applies a
/// route's headers over the global ones); the 404 page for every missing
/// file.
pub fn static_web_app_config(paths: &HostPaths) -> String {
    let mut global: serde_json::Map<String, serde_json::Value> = headers_with(CSP)
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.into()))
        .collect();
    global.insert("Cache-Control".into(), CACHE_PAGES.into());
    let route = |path: &String, name: &str, value: String| serde_json::json!({ "route": format!("{path}*"), "headers": { name: value } });
    let routes: Vec<serde_json::Value> = (paths.relaxed.iter())
        .map(|path| {
            route(
                path,
                "Content-Security-Policy",
                policy::as_header(SEARCH_CSP),
            )
        })
        .chain(
            (paths.versioned.iter())
                .map(|path| route(path, "Cache-Control", CACHE_VERSIONED.to_string())),
        )
        .collect();
    let not_found = &paths.not_found;
    let config = serde_json::json!({
        "globalHeaders": global,
        "routes": routes,
        "responseOverrides": { "404": { "rewrite": not_found, "statusCode": 404 } },
        "mimeTypes": { ".pagefind": "application/octet-stream",
                       ".pf_meta": "application/octet-stream",
                       ".pf_index": "application/octet-stream",
                       ".pf_fragment": "application/octet-stream",
                       ".pf_filter": "application/octet-stream" }
    });
    let mut text = serde_json::to_string_pretty(&config).unwrap_or_default();
    text.push('\n');
    text
}

/// `web.config` for IIS: the headers (and pages' revalidation) as custom
/// headers (without the `X-Powered-By` IIS adds), the search page's policy
/// and the versioned folders' caching in a `<location>` each, the 404
/// page, and the file types IIS would otherwise refuse. `<location>` paths
/// are relative to the folder the file is in, the site's root.
pub fn web_config(paths: &HostPaths) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Written by Beacon's build (hosting: [iis]); edit site.yaml, not this file. -->\n<configuration>\n  <system.webServer>\n",
    );
    let mut site_wide = headers_with(CSP);
    site_wide.push(("Cache-Control", CACHE_PAGES.to_string()));
    xml.push_str(&custom_headers(&site_wide, "    ", false));
    xml.push_str(&format!(
        "    <httpErrors errorMode=\"Custom\" existingResponse=\"Replace\">\n      <remove statusCode=\"404\" />\n      <error statusCode=\"404\" path=\"{}\" responseMode=\"ExecuteURL\" />\n    </httpErrors>\n    <staticContent>\n",
        escape_xml(&paths.not_found)
    ));
    for (extension, mime) in IIS_TYPES {
        xml.push_str(&format!(
            "      <remove fileExtension=\"{extension}\" />\n      <mimeMap fileExtension=\"{extension}\" mimeType=\"{mime}\" />\n"
        ));
    }
    xml.push_str("    </staticContent>\n  </system.webServer>\n");
    let search = ("Content-Security-Policy", policy::as_header(SEARCH_CSP));
    let cache = ("Cache-Control", CACHE_VERSIONED.to_string());
    let located = (paths.relaxed.iter().map(|path| (path, &search)))
        .chain(paths.versioned.iter().map(|path| (path, &cache)));
    for (path, header) in located {
        let inside = path
            .strip_prefix(&paths.root)
            .unwrap_or(path)
            .trim_end_matches('/');
        xml.push_str(&format!(
            "  <location path=\"{}\">\n    <system.webServer>\n",
            escape_xml(inside)
        ));
        xml.push_str(&custom_headers(
            std::slice::from_ref(header),
            "      ",
            true,
        ));
        xml.push_str("    </system.webServer>\n  </location>\n");
    }
    xml.push_str("</configuration>\n");
    xml
}

/// `<httpProtocol><customHeaders>` adding `headers`, each removed first
/// (an inherited value would otherwise be sent as well).
fn custom_headers(headers: &[(&str, String)], indent: &str, nested: bool) -> String {
    let mut xml = format!("{indent}<httpProtocol>\n{indent}  <customHeaders>\n");
    if !nested {
        xml.push_str(&format!("{indent}    <remove name=\"X-Powered-By\" />\n"));
    }
    for (name, value) in headers {
        xml.push_str(&format!(
            "{indent}    <remove name=\"{name}\" />\n{indent}    <add name=\"{name}\" value=\"{}\" />\n",
            escape_xml(value)
        ));
    }
    xml.push_str(&format!(
        "{indent}  </customHeaders>\n{indent}</httpProtocol>\n"
    ));
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> HostPaths {
        HostPaths {
            relaxed: vec![
                "/cse/search/".into(),
                "/cse/cy/search/".into(),
                "/cse/pagefind/".into(),
            ],
            versioned: vec![
                "/cse/assets/".into(),
                "/cse/cards/".into(),
                "/cse/cy/cards/".into(),
            ],
            not_found: "/cse/404.html".into(),
            root: "/cse/".into(),
        }
    }

    #[test]
    fn the_static_web_app_config_carries_the_page_policy_and_relaxes_search_only() {
        let text = static_web_app_config(&paths());
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["globalHeaders"]["Content-Security-Policy"],
            policy::as_header(CSP)
        );
        for (name, value) in policy::HEADERS {
            assert_eq!(json["globalHeaders"][name], value, "{name}");
        }
        assert_eq!(json["globalHeaders"]["Cache-Control"], CACHE_PAGES);
        let routes = json["routes"].as_array().unwrap();
        assert_eq!(routes.len(), 6);
        assert_eq!(routes[1]["route"], "/cse/cy/search/*");
        assert_eq!(
            routes[1]["headers"]["Content-Security-Policy"],
            policy::as_header(SEARCH_CSP)
        );
        assert_eq!(routes[5]["route"], "/cse/cy/cards/*");
        assert_eq!(routes[5]["headers"]["Cache-Control"], CACHE_VERSIONED);
        assert_eq!(routes[5]["headers"].as_object().unwrap().len(), 1);
        assert_eq!(json["responseOverrides"]["404"]["rewrite"], "/cse/404.html");
    }

    #[test]
    fn web_config_is_xml_with_the_page_policy_and_search_and_cache_locations_inside_the_site() {
        let text = web_config(&paths());
        let doc = roxmltree::Document::parse(&text).unwrap();
        let added = |node: roxmltree::Node| -> Vec<(String, String)> {
            node.descendants()
                .filter(|n| n.has_tag_name("add"))
                .map(|n| {
                    let attribute = |name| n.attribute(name).unwrap().to_string();
                    (attribute("name"), attribute("value"))
                })
                .collect()
        };
        let server = doc
            .root_element()
            .children()
            .find(|n| n.has_tag_name("system.webServer"))
            .unwrap();
        let site_wide = added(server);
        assert!(site_wide.contains(&("Content-Security-Policy".into(), policy::as_header(CSP))));
        assert!(site_wide.contains(&("Cache-Control".into(), CACHE_PAGES.into())));
        let locations: Vec<(&str, Vec<(String, String)>)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("location"))
            .map(|n| (n.attribute("path").unwrap(), added(n)))
            .collect();
        let paths: Vec<&str> = locations.iter().map(|(path, _)| *path).collect();
        assert_eq!(
            paths,
            [
                "search",
                "cy/search",
                "pagefind",
                "assets",
                "cards",
                "cy/cards"
            ]
        );
        assert_eq!(
            locations[4].1,
            [("Cache-Control".to_string(), CACHE_VERSIONED.to_string())]
        );
        let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
        assert_eq!(error.attribute("path"), Some("/cse/404.html"));
    }

    #[test]
    fn headers_cache_versioned_folders_for_a_year_and_leave_pages_to_revalidate() {
        let text = headers(&paths());
        let rules: Vec<&str> = text.lines().filter(|l| !l.starts_with(' ')).collect();
        assert_eq!(
            rules,
            [
                "/*",
                "/cse/search/*",
                "/cse/cy/search/*",
                "/cse/pagefind/*",
                "/cse/assets/*",
                "/cse/cards/*",
                "/cse/cy/cards/*"
            ]
        );
        assert!(text.ends_with(&format!(
            "/cse/cy/cards/*\n  Cache-Control: {CACHE_VERSIONED}\n"
        )));
        assert_eq!(text.matches("Cache-Control").count(), 3);
    }
}
