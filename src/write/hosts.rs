//! Header files for the hosts that read one from the site (`hosting:` in
//! `site.yaml`): `staticwebapp.config.json` for Azure Static Web Apps and
//! `web.config` for IIS. Each carries exactly the policy the pages carry
//! (`base::policy`), the search page's policy only where `_headers` has
//! it, and the 404 page.

use crate::base::escape::escape_xml;
use crate::base::policy::{self, CSP, SEARCH_CSP};

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

/// `staticwebapp.config.json`: the headers as `globalHeaders`, a route per
/// `relaxed` path (from the host's root, ending in `/`) overriding the
/// policy there, and `not_found` (the 404 page's URL path) for every
/// missing file.
pub fn static_web_app_config(relaxed: &[String], not_found: &str) -> String {
    let global: serde_json::Map<String, serde_json::Value> = headers_with(CSP)
        .into_iter()
        .map(|(name, value)| (name.to_string(), value.into()))
        .collect();
    let routes: Vec<serde_json::Value> = relaxed
        .iter()
        .map(|path| {
            serde_json::json!({
                "route": format!("{path}*"),
                "headers": { "Content-Security-Policy": policy::as_header(SEARCH_CSP) }
            })
        })
        .collect();
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

/// `web.config` for IIS: the headers as custom headers (without the
/// `X-Powered-By` IIS adds), the search page's policy in a `<location>`
/// per `relaxed` path, `not_found` as the 404 page, and the file types
/// IIS would otherwise refuse. `root` is the site's URL path (`/` or
/// `/cse/`): `<location>` paths are relative to the folder the file is in.
pub fn web_config(relaxed: &[String], not_found: &str, root: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- Written by Beacon's build (hosting: [iis]); edit site.yaml, not this file. -->\n<configuration>\n  <system.webServer>\n",
    );
    xml.push_str(&custom_headers(&headers_with(CSP), "    ", false));
    xml.push_str(&format!(
        "    <httpErrors errorMode=\"Custom\" existingResponse=\"Replace\">\n      <remove statusCode=\"404\" />\n      <error statusCode=\"404\" path=\"{}\" responseMode=\"ExecuteURL\" />\n    </httpErrors>\n    <staticContent>\n",
        escape_xml(not_found)
    ));
    for (extension, mime) in IIS_TYPES {
        xml.push_str(&format!(
            "      <remove fileExtension=\"{extension}\" />\n      <mimeMap fileExtension=\"{extension}\" mimeType=\"{mime}\" />\n"
        ));
    }
    xml.push_str("    </staticContent>\n  </system.webServer>\n");
    for path in relaxed {
        let inside = path
            .strip_prefix(root)
            .unwrap_or(path)
            .trim_end_matches('/');
        xml.push_str(&format!(
            "  <location path=\"{}\">\n    <system.webServer>\n",
            escape_xml(inside)
        ));
        let search = [("Content-Security-Policy", policy::as_header(SEARCH_CSP))];
        xml.push_str(&custom_headers(&search, "      ", true));
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

    fn relaxed() -> Vec<String> {
        vec![
            "/cse/search/".into(),
            "/cse/cy/search/".into(),
            "/cse/pagefind/".into(),
        ]
    }

    #[test]
    fn the_static_web_app_config_carries_the_page_policy_and_relaxes_search_only() {
        let text = static_web_app_config(&relaxed(), "/cse/404.html");
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["globalHeaders"]["Content-Security-Policy"],
            policy::as_header(CSP)
        );
        for (name, value) in policy::HEADERS {
            assert_eq!(json["globalHeaders"][name], value, "{name}");
        }
        let routes = json["routes"].as_array().unwrap();
        assert_eq!(routes.len(), 3);
        assert_eq!(routes[1]["route"], "/cse/cy/search/*");
        assert_eq!(
            routes[1]["headers"]["Content-Security-Policy"],
            policy::as_header(SEARCH_CSP)
        );
        assert_eq!(json["responseOverrides"]["404"]["rewrite"], "/cse/404.html");
    }

    #[test]
    fn web_config_is_xml_with_the_page_policy_and_search_locations_inside_the_site() {
        let text = web_config(&relaxed(), "/cse/404.html", "/cse/");
        let doc = roxmltree::Document::parse(&text).unwrap();
        let added: Vec<(&str, &str)> = doc
            .descendants()
            .filter(|n| n.has_tag_name("add"))
            .map(|n| (n.attribute("name").unwrap(), n.attribute("value").unwrap()))
            .collect();
        let policy_header = policy::as_header(CSP);
        assert!(added.contains(&("Content-Security-Policy", policy_header.as_str())));
        let locations: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("location"))
            .filter_map(|n| n.attribute("path"))
            .collect();
        assert_eq!(locations, ["search", "cy/search", "pagefind"]);
        let error = doc.descendants().find(|n| n.has_tag_name("error")).unwrap();
        assert_eq!(error.attribute("path"), Some("/cse/404.html"));
    }
}
