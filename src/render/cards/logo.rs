//! The organisation's logo on the cards: read once per build (SVG through
//! usvg, which reads no other file; PNG) and rasterised at the size the
//! cards show it.

use std::sync::Arc;

use resvg::tiny_skia::{FilterQuality, Pixmap, PixmapPaint, Transform};
use resvg::usvg;

use super::budget::{self, Refusal};
use super::{hex_hash, svg_options, LOGO_MAX_HEIGHT, LOGO_MAX_WIDTH};

/// The organisation's logo, rasterised once at the size cards show it.
#[derive(Clone)]
pub struct Logo {
    pub(super) pixmap: Arc<Pixmap>,
    /// A hash of the file's bytes (part of every card's key).
    pub(super) fingerprint: String,
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("width", &self.pixmap.width())
            .field("height", &self.pixmap.height())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Logo {
    /// Reads a logo file's bytes: SVG when `name` ends in `.svg`, else PNG.
    /// A file that cannot be drawn, or would cost more to draw than the
    /// [`budget`](super::budget) allows, is a [`Refusal`] saying why.
    pub fn read(name: &str, bytes: &[u8]) -> Result<Logo, Refusal> {
        let lower = name.to_ascii_lowercase();
        let source = if lower.ends_with(".svg") {
            svg_logo(bytes)?
        } else if lower.ends_with(".png") {
            budget::check_png(bytes)?;
            Pixmap::decode_png(bytes)
                .map_err(|e| Refusal::new(format!("it is not a readable PNG ({e})")))?
        } else {
            return Err(Refusal::new(
                "a logo on the social cards must be an SVG or PNG file",
            ));
        };
        Ok(Logo {
            pixmap: Arc::new(fit(&source).map_err(Refusal::new)?),
            fingerprint: hex_hash(&[bytes]),
        })
    }

    /// The rasterised logo's width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.pixmap.width(), self.pixmap.height())
    }
}

/// Parses an SVG logo, checks its budget, and rasterises it straight at
/// the size the card shows it. Images inside it are not drawn (a logo is
/// drawn from its own shapes; embedded rasters never were, and an embedded
/// SVG would escape the budget).
fn svg_logo(bytes: &[u8]) -> Result<Pixmap, Refusal> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Refusal::new("it is not UTF-8 text (save a compressed .svgz logo as a plain .svg)")
    })?;
    let mut options = svg_options();
    options.image_href_resolver.resolve_data = Box::new(|_, _, _| None);
    let doc = budget::parse(text)?;
    budget::check_source(&doc)?;
    let tree = usvg::Tree::from_xmltree(&doc, &options).map_err(|e| budget::explain(&e, &doc))?;
    budget::check_svg(&tree)?;
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    if !(width.is_finite() && height.is_finite()) || width <= 0.0 || height <= 0.0 {
        return Err(Refusal::new("the SVG has no size"));
    }
    let scale = (LOGO_MAX_WIDTH as f32 / width).min(LOGO_MAX_HEIGHT as f32 / height);
    let w = ((width * scale).round() as u32).max(1);
    let h = ((height * scale).round() as u32).max(1);
    let mut pixmap = Pixmap::new(w, h).ok_or_else(|| Refusal::new("the SVG has no size"))?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// Scales a raster to fit the logo box, keeping its proportions.
fn fit(source: &Pixmap) -> Result<Pixmap, String> {
    let (width, height) = (source.width() as f32, source.height() as f32);
    let scale = (LOGO_MAX_WIDTH as f32 / width).min(LOGO_MAX_HEIGHT as f32 / height);
    let w = ((width * scale).round() as u32).max(1);
    let h = ((height * scale).round() as u32).max(1);
    if (w, h) == (source.width(), source.height()) {
        return Ok(source.clone());
    }
    let mut fitted = Pixmap::new(w, h).ok_or("the image has no size")?;
    let paint = PixmapPaint {
        quality: FilterQuality::Bicubic,
        ..PixmapPaint::default()
    };
    fitted.draw_pixmap(
        0,
        0,
        source.as_ref(),
        &paint,
        Transform::from_scale(w as f32 / width, h as f32 / height),
        None,
    );
    Ok(fitted)
}
