//! What a file is, by its name or its first bytes: the images social
//! networks show, and a PNG's declared size.

/// True for the image files social networks show (PNG, JPEG, GIF, WebP),
/// by their name.
pub fn is_shareable_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The width and height a PNG's header gives, if `bytes` starts like one.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let header = bytes.get(..24)?;
    if &header[..8] != b"\x89PNG\r\n\x1a\n" || &header[12..16] != b"IHDR" {
        return None;
    }
    let number = |at: usize| {
        let mut word = [0u8; 4];
        word.copy_from_slice(&header[at..at + 4]);
        u32::from_be_bytes(word)
    };
    Some((number(16), number(20)))
}
