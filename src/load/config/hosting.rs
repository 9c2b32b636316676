//! `hosting:` in `site.yaml`: the hosts a site is published on, which
//! decide the header files `build` writes beside the pages and what
//! `check` warns a host cannot send.

use super::Validator;
use crate::base::diagnostic::{did_you_mean, Diagnostic};

/// A host named under `hosting:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Host {
    /// Cloudflare Pages: reads `_headers`.
    CloudflarePages,
    /// Netlify: reads `_headers`.
    Netlify,
    /// Azure Static Web Apps: reads `staticwebapp.config.json`.
    AzureStaticWebApps,
    /// IIS: reads `web.config`.
    Iis,
    /// nginx: configured by hand from `docs/hosting/nginx.conf`.
    Nginx,
    /// Apache: configured by hand from `docs/hosting/apache.conf`.
    Apache,
    /// AWS S3 + CloudFront: response-headers policies from
    /// `docs/hosting/cloudfront-*.json`.
    AwsCloudfront,
    /// GitHub Pages: sends no headers a site can choose.
    GithubPages,
    /// GitLab Pages: sends no headers a site can choose.
    GitlabPages,
}

impl Host {
    /// Every host, by the name `site.yaml` gives it.
    pub const ALL: [(&'static str, Host); 9] = [
        ("cloudflare-pages", Host::CloudflarePages),
        ("netlify", Host::Netlify),
        ("azure-static-web-apps", Host::AzureStaticWebApps),
        ("iis", Host::Iis),
        ("nginx", Host::Nginx),
        ("apache", Host::Apache),
        ("aws-cloudfront", Host::AwsCloudfront),
        ("github-pages", Host::GithubPages),
        ("gitlab-pages", Host::GitlabPages),
    ];

    /// The name `site.yaml` gives this host.
    pub fn name(self) -> &'static str {
        Host::ALL
            .iter()
            .find(|(_, host)| *host == self)
            .map_or("", |(name, _)| name)
    }

    /// True for a host that lets a site send no headers of its own.
    pub fn sends_no_headers(self) -> bool {
        matches!(self, Host::GithubPages | Host::GitlabPages)
    }
}

/// What a site writes when `hosting:` is left out: `_headers`, as
/// Cloudflare Pages and Netlify read it.
pub const DEFAULT_HOSTING: [Host; 1] = [Host::CloudflarePages];

impl Validator<'_> {
    /// `hosting:` as hosts, each unknown name an error at its own place
    /// with the closest name; an empty list is an error too (it would
    /// publish no headers while saying nothing about why).
    pub(super) fn hosting(&mut self, raw: Option<Vec<String>>) -> Vec<Host> {
        let Some(names) = raw else {
            return DEFAULT_HOSTING.to_vec();
        };
        if names.is_empty() {
            self.error(
                &["hosting"],
                "`hosting:` names no host".into(),
                "name where the site is published, like `hosting: [azure-static-web-apps]`, or leave the key out for `_headers`",
            );
            return DEFAULT_HOSTING.to_vec();
        }
        let mut hosts = Vec::new();
        for name in names {
            match Host::ALL.iter().find(|(known, _)| *known == name.trim()) {
                Some((_, host)) if !hosts.contains(host) => hosts.push(*host),
                Some(_) => {}
                None => self.unknown_host(&name),
            }
        }
        hosts
    }

    fn unknown_host(&mut self, name: &str) {
        let names = Host::ALL.map(|(known, _)| known);
        let hint = match did_you_mean(name, names.iter().copied()) {
            Some(close) => format!("did you mean \"{close}\"?"),
            None => format!("the hosts Beacon knows: {}", names.join(", ")),
        };
        let (path, pos) = super::locate_value(self.sources, &["hosting"], name);
        self.diagnostics.push(
            Diagnostic::error(
                path,
                format!("hosting \"{name}\" is not a host Beacon knows"),
            )
            .at_pos(pos)
            .with_hint(hint),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::config::parse;

    const BASE: &str = "title: T\nbase_url: https://example.org\n";

    #[test]
    fn hosting_defaults_to_headers_for_cloudflare_and_netlify() {
        let config = parse(BASE, None).unwrap();
        assert_eq!(config.hosting, vec![Host::CloudflarePages]);
    }

    #[test]
    fn hosting_reads_every_known_host_once() {
        let text = format!("{BASE}hosting: [iis, azure-static-web-apps, iis, github-pages]\n");
        let config = parse(&text, None).unwrap();
        assert_eq!(
            config.hosting,
            vec![Host::Iis, Host::AzureStaticWebApps, Host::GithubPages]
        );
        for (name, host) in Host::ALL {
            assert_eq!(host.name(), name);
        }
    }

    #[test]
    fn an_unknown_host_is_an_error_at_its_place_with_the_closest_name() {
        let text = format!("{BASE}hosting:\n  - iis\n  - azure-static-webapps\n");
        let errors = parse(&text, None).unwrap_err();
        assert_eq!(errors.len(), 1);
        let shown = format!("{} {:?}", errors[0], errors[0].hint);
        assert!(
            shown.contains("hosting \"azure-static-webapps\" is not a host Beacon knows"),
            "{shown}"
        );
        assert!(
            shown.contains("did you mean \"azure-static-web-apps\"?"),
            "{shown}"
        );
        assert_eq!((errors[0].line, errors[0].column), (5, 5), "{shown}");
    }

    #[test]
    fn an_empty_hosting_list_is_an_error() {
        let errors = parse(&format!("{BASE}hosting: []\n"), None).unwrap_err();
        assert!(
            errors[0].to_string().contains("names no host"),
            "{}",
            errors[0]
        );
        assert_eq!(errors[0].line, 3);
    }
}
