//! The page text's toolbar: heading, list, a link to another page chosen
//! from the site's pages, a help service's card chosen by name, and an
//! image with its description. Each writes plain Markdown into the text
//! area at the cursor (the text stays Markdown, never a rich-text round
//! trip). It needs JavaScript, so it is sent inert in a `<template>` that
//! the editor's script puts in place; without JavaScript the hint under
//! the text area says how to write each by hand. The help-services filter
//! is sent the same way.

use std::fmt::Write;
use std::path::{Component, Path};

use crate::base::escape::escape_html;
use crate::edit::{Entry, Snapshot};

/// The toolbar and its dialogs for `entry`'s page text, inert until the
/// script uses them.
pub fn body_tools(snapshot: &Snapshot, entry: &Entry) -> String {
    let mut pages: Vec<&Entry> = snapshot
        .pages
        .iter()
        .filter(|other| other.language == entry.language && other.id != entry.id)
        .collect();
    pages.sort_by(|a, b| a.page.title.cmp(&b.page.title));
    let mut page_options = String::new();
    for other in pages {
        let link = relative_link(Path::new(&entry.page.rel), Path::new(&other.page.rel));
        let _ = write!(
            page_options,
            "<option value=\"{}\">{}</option>",
            escape_html(&link),
            escape_html(&other.page.title)
        );
    }
    let mut service_options = String::new();
    for (id, name) in &snapshot.services {
        let _ = write!(
            service_options,
            "<option value=\"{}\">{}</option>",
            escape_html(id),
            escape_html(name)
        );
    }
    format!(
        "<template id=\"body-tools\"><div class=\"toolbar\" role=\"toolbar\" aria-label=\"Add to the page text\" aria-controls=\"field-body\"><button type=\"button\" class=\"button button--secondary button--small\" data-tool=\"heading\">Heading</button><button type=\"button\" class=\"button button--secondary button--small\" data-tool=\"list\">List</button><button type=\"button\" class=\"button button--secondary button--small\" data-tool=\"link\">Link to a page</button><button type=\"button\" class=\"button button--secondary button--small\" data-tool=\"service\">Help service card</button><button type=\"button\" class=\"button button--secondary button--small\" data-tool=\"image\">Image</button></div>\
<dialog class=\"dialog\" id=\"tool-link\" aria-labelledby=\"tool-link-title\"><form method=\"dialog\"><h2 id=\"tool-link-title\">Link to a page</h2><div class=\"field\"><label class=\"label\" for=\"tool-link-page\">Page</label><select class=\"select\" id=\"tool-link-page\">{page_options}</select></div><div class=\"field\"><label class=\"label\" for=\"tool-link-words\">Words to link</label><div class=\"hint\" id=\"tool-link-words-hint\">Say where the link goes, like \"the signs of grooming\". Leave it empty to use the page's title.</div><input class=\"input\" id=\"tool-link-words\" type=\"text\" aria-describedby=\"tool-link-words-hint\"></div><div class=\"button-group\"><button class=\"button\" value=\"insert\">Add the link</button><button class=\"button button--secondary\" value=\"cancel\">Cancel</button></div></form></dialog>\
<dialog class=\"dialog\" id=\"tool-service\" aria-labelledby=\"tool-service-title\"><form method=\"dialog\"><h2 id=\"tool-service-title\">Add a help service's card</h2><p>The card shows the service's numbers and opening hours from the help directory, so they stay right when the directory changes.</p><div class=\"field\"><label class=\"label\" for=\"tool-service-id\">Help service</label><select class=\"select\" id=\"tool-service-id\">{service_options}</select></div><div class=\"button-group\"><button class=\"button\" value=\"insert\">Add the card</button><button class=\"button button--secondary\" value=\"cancel\">Cancel</button></div></form></dialog>\
<dialog class=\"dialog\" id=\"tool-image\" aria-labelledby=\"tool-image-title\"><form method=\"dialog\"><h2 id=\"tool-image-title\">Add an image</h2><div class=\"field\"><label class=\"label\" for=\"tool-image-file\">Image file</label><div class=\"hint\" id=\"tool-image-file-hint\">Its place in the site's content folder, relative to this page, like images/helpline.png.</div><input class=\"input\" id=\"tool-image-file\" type=\"text\" aria-describedby=\"tool-image-file-hint\"></div><div class=\"field\" id=\"tool-image-alt-field\"><label class=\"label\" for=\"tool-image-alt\">What the image shows</label><div class=\"hint\" id=\"tool-image-alt-hint\">For people who cannot see it. Needed: an image without it cannot be added.</div><p class=\"error-message\" id=\"tool-image-alt-error\" hidden><span class=\"visually-hidden\">Error:</span> Say what the image shows</p><input class=\"input\" id=\"tool-image-alt\" type=\"text\" aria-describedby=\"tool-image-alt-hint\"></div><div class=\"button-group\"><button class=\"button\" value=\"insert\">Add the image</button><button class=\"button button--secondary\" value=\"cancel\">Cancel</button></div></form></dialog></template>\n\
<template id=\"service-filter\"><div class=\"field filter\"><label class=\"label label--small\" for=\"service-filter-input\">Find a help service</label><input class=\"input\" id=\"service-filter-input\" type=\"search\" aria-describedby=\"service-filter-status\"><p class=\"hint\" id=\"service-filter-status\" aria-live=\"polite\"></p></div></template>\n"
    )
}

/// The Markdown link from the page in `from` to the page in `to`, both
/// relative to `content/` (`realise/a.md` → `recognise/b.md` is
/// `../recognise/b.md`).
pub fn relative_link(from: &Path, to: &Path) -> String {
    let parts = |path: &Path| -> Vec<String> {
        path.components()
            .filter_map(|part| match part {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect()
    };
    let from = parts(from.parent().unwrap_or(Path::new("")));
    let to = parts(to);
    let shared = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut link: Vec<String> = vec!["..".to_string(); from.len() - shared];
    link.extend(to[shared..].iter().cloned());
    link.join("/")
}

#[cfg(test)]
mod tests {
    use super::relative_link;
    use std::path::Path;

    #[test]
    fn links_go_from_the_page_s_folder_to_the_other_file() {
        let cases = [
            ("realise/a.md", "recognise/b.md", "../recognise/b.md"),
            ("realise/a.md", "realise/c.md", "c.md"),
            ("_index.md", "react/_index.md", "react/_index.md"),
            ("react/deep/x.md", "_index.md", "../../_index.md"),
        ];
        for (from, to, link) in cases {
            assert_eq!(relative_link(Path::new(from), Path::new(to)), link);
        }
    }
}
