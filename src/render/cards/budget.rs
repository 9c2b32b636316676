//! What a logo may cost to draw, checked before it is drawn.
//!
//! A logo is drawn once per build at no more than 360×84 pixels, so its
//! cost comes from what it asks the drawing to do, not from its size on
//! screen. The limits ([`MAX_SIDE`], [`MAX_ELEMENTS`], no filters) keep the
//! drawing of any logo of 1 MB or less to well under a second and a few
//! megabytes:
//!
//! - a PNG's declared width and height are read from its header before a
//!   pixel is decoded (a 74-byte PNG can declare 30000×30000, 3.6 GB);
//! - an SVG may not use filters (`<filter>`: blur, turbulence, lighting…).
//!   A logo needs none, and a few hundred bytes of filter can take minutes
//!   or gigabytes to draw (octaves, chained blurs, enlarged regions);
//! - an SVG may hold at most [`MAX_ELEMENTS`] drawn elements after its
//!   `<use>` references are expanded.
//!
//! When usvg refuses an SVG, [`explain`] turns its reason into words and,
//! for a syntax error, the SVG's own line and column.

use resvg::usvg;

/// The largest width or height, in pixels, a PNG logo may declare.
pub const MAX_SIDE: u32 = 4096;

/// The most drawn elements (groups, paths, text), counted after `<use>`
/// is expanded, an SVG logo may hold: a detailed crest traced from a
/// scan has a few thousand.
pub const MAX_ELEMENTS: usize = 20_000;

/// The deepest nesting usvg reads (its own limit, named in messages).
const MAX_DEPTH: usize = 1024;

/// Why a logo cannot be drawn: the reason, in words, and its line and
/// column in the logo file when the reason is at one place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What is wrong, as the end of "… cannot be drawn on the social
    /// cards: {why}".
    pub why: String,
    /// The line and column (from 1) in the logo file, when known.
    pub at: Option<(usize, usize)>,
    /// How to fix it, when there is more to say than "replace it".
    pub fix: Option<&'static str>,
}

impl Refusal {
    /// A refusal with no place in the file.
    pub fn new(why: impl Into<String>) -> Refusal {
        Refusal {
            why: why.into(),
            at: None,
            fix: None,
        }
    }
}

/// Refuses a PNG whose header declares more than [`MAX_SIDE`] pixels a
/// side, before anything is decoded.
pub fn check_png(bytes: &[u8]) -> Result<(), Refusal> {
    let size = imagesize::blob_size(bytes)
        .map_err(|_| Refusal::new("it is not a readable PNG (its header is broken)"))?;
    if size.width > MAX_SIDE as usize || size.height > MAX_SIDE as usize {
        return Err(Refusal::new(format!(
            "it declares {}×{} pixels, and a logo may be at most {MAX_SIDE}×{MAX_SIDE}",
            size.width, size.height
        )));
    }
    Ok(())
}

/// Refuses an SVG tree that uses a filter or holds more than
/// [`MAX_ELEMENTS`] elements. `text` is the SVG's source, read again only
/// to find where a refused filter is.
pub fn check_svg(tree: &usvg::Tree, text: &str) -> Result<(), Refusal> {
    if let Some(filter) = tree.filters().first() {
        return Err(Refusal {
            why: "it uses an SVG filter (<filter>), which logos on the cards may not: \
                  a logo needs none, and filters such as blur or turbulence can take \
                  minutes to draw"
                .into(),
            at: element_position(text, "filter", filter.id()),
            fix: Some(
                "remove the filter (drawing programs call it an effect: a shadow, glow or blur) \
                 and export the logo again, or export it as a PNG",
            ),
        });
    }
    let elements = count_elements(tree.root());
    if elements > MAX_ELEMENTS {
        return Err(Refusal::new(format!(
            "it draws {elements} elements once its <use> references are expanded, \
             and a logo may draw at most {MAX_ELEMENTS}"
        )));
    }
    Ok(())
}

/// Counts the groups, paths, images and text in a tree, with the ones
/// inside patterns, masks and clip paths, without recursion.
fn count_elements(root: &usvg::Group) -> usize {
    let mut count = 0;
    let mut groups = vec![root];
    while let Some(group) = groups.pop() {
        for node in group.children() {
            count += 1;
            if let usvg::Node::Group(child) = node {
                groups.push(child);
            }
            node.subroots(|subroot| count += count_elements_shallow(subroot));
        }
        if count > MAX_ELEMENTS {
            break;
        }
    }
    count
}

/// The elements of a pattern, mask or clip path (their own subroots are
/// few and small: usvg removes self-references).
fn count_elements_shallow(root: &usvg::Group) -> usize {
    let mut count = 0;
    let mut groups = vec![root];
    while let Some(group) = groups.pop() {
        count += group.children().len();
        groups.extend(group.children().iter().filter_map(|node| match node {
            usvg::Node::Group(child) => Some(child.as_ref()),
            _ => None,
        }));
    }
    count
}

/// An SVG usvg could not read, in words and with the SVG's own line and
/// column for a syntax error.
pub fn explain(error: &usvg::Error, text: &str) -> Refusal {
    match error {
        usvg::Error::ParsingFailed(roxmltree::Error::NodesLimitReached) => nodes_limit(text),
        usvg::Error::ParsingFailed(roxmltree::Error::NoRootNode) => {
            Refusal::new("it is not a readable SVG (it has no <svg> element)")
        }
        usvg::Error::ParsingFailed(
            roxmltree::Error::UnexpectedEndOfStream | roxmltree::Error::UnclosedRootNode,
        ) => Refusal {
            why: "it is not a readable SVG (it ends before its elements are closed)".into(),
            at: Some(end_of(text)),
            fix: None,
        },
        usvg::Error::ParsingFailed(xml) => {
            let pos = xml.pos();
            Refusal {
                why: format!("it is not a readable SVG ({})", describe_xml(xml)),
                at: Some((pos.row as usize, pos.col as usize)),
                fix: None,
            }
        }
        usvg::Error::ElementsLimitReached => Refusal::new(format!(
            "it has more elements than the drawing reads, and a logo may draw at most {MAX_ELEMENTS}"
        )),
        usvg::Error::InvalidSize => Refusal::new(
            "the SVG has no size: give its <svg> element a width and height, or a viewBox",
        ),
        other => Refusal::new(format!("it is not a readable SVG ({other})")),
    }
}

/// The line and column just past the last character of `text`.
fn end_of(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, last.chars().count() + 1)
}

/// roxmltree's message without the position it appends (the position is
/// given as the diagnostic's own line and column).
fn describe_xml(error: &roxmltree::Error) -> String {
    let message = error.to_string();
    let suffix = format!(" at {}", error.pos());
    message
        .strip_suffix(&suffix)
        .unwrap_or(&message)
        .to_string()
}

/// Why usvg stopped at its nesting or element limit: a loop of `<use>`
/// references when there is one (named, with where it starts), else too
/// deep or too many.
fn nodes_limit(text: &str) -> Refusal {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let Ok(doc) = roxmltree::Document::parse_with_options(text, options) else {
        return Refusal::new(too_many());
    };
    match use_loop(&doc) {
        Some((names, start)) => {
            let pos = doc.text_pos_at(start);
            Refusal {
                why: format!(
                    "its <use> elements refer to each other in a loop ({}), \
                     which would draw forever",
                    names.join(" → ")
                ),
                at: Some((pos.row as usize, pos.col as usize)),
                fix: Some("remove one of the <use> elements on the loop"),
            }
        }
        None => Refusal::new(too_many()),
    }
}

/// The message for an SVG too deep or too large once expanded.
fn too_many() -> String {
    format!(
        "it nests elements more than {MAX_DEPTH} deep, or its <use> elements repeat \
         each other into more elements than a logo may draw ({MAX_ELEMENTS})"
    )
}

/// The first loop of `<use>` references, as the ids on it (starting and
/// ending with the same one) and the byte offset of the `<use>` that
/// closes it. Each referenced element is searched once.
fn use_loop(doc: &roxmltree::Document) -> Option<(Vec<String>, usize)> {
    use std::collections::HashMap;
    let by_id: HashMap<&str, roxmltree::Node> = doc
        .descendants()
        .filter_map(|node| node.attribute("id").map(|id| (id, node)))
        .collect();
    let target = |node: roxmltree::Node| -> Option<roxmltree::Node> {
        let href = node
            .attribute(("http://www.w3.org/1999/xlink", "href"))
            .or_else(|| node.attribute("href"))?;
        by_id.get(href.strip_prefix('#')?).copied()
    };
    // 1: on the path being searched; 2: searched, no loop through it.
    let mut state: HashMap<roxmltree::NodeId, u8> = HashMap::new();
    for start in doc.descendants().filter(|n| n.has_tag_name("use")) {
        let Some(first) = target(start) else { continue };
        if state.contains_key(&first.id()) {
            continue;
        }
        // Each frame: a referenced element and the `<use>`s inside it.
        let mut path = vec![(first, uses_inside(first))];
        state.insert(first.id(), 1);
        while let Some((element, uses)) = path.last_mut() {
            let element = *element;
            let Some(next_use) = uses.next() else {
                state.insert(element.id(), 2);
                path.pop();
                continue;
            };
            let Some(next) = target(next_use) else {
                continue;
            };
            match state.get(&next.id()) {
                Some(1) => {
                    let from = path.iter().position(|(e, _)| e.id() == next.id())?;
                    let mut names: Vec<String> = path[from..]
                        .iter()
                        .map(|(e, _)| format!("#{}", e.attribute("id").unwrap_or("")))
                        .collect();
                    names.push(names[0].clone());
                    return Some((names, next_use.range().start));
                }
                Some(_) => {}
                None => {
                    state.insert(next.id(), 1);
                    path.push((next, uses_inside(next)));
                }
            }
        }
    }
    None
}

/// The `<use>` elements at or under `node`.
fn uses_inside<'a, 'input>(
    node: roxmltree::Node<'a, 'input>,
) -> impl Iterator<Item = roxmltree::Node<'a, 'input>> {
    node.descendants().filter(|n| n.has_tag_name("use"))
}

/// Where the element `tag` with `id` starts, as line and column.
fn element_position(text: &str, tag: &str, id: &str) -> Option<(usize, usize)> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).ok()?;
    let element = doc
        .descendants()
        .find(|n| n.has_tag_name(tag) && n.attribute("id") == Some(id))
        .or_else(|| doc.descendants().find(|n| n.has_tag_name(tag)))?;
    let pos = doc.text_pos_at(element.range().start);
    Some((pos.row as usize, pos.col as usize))
}
