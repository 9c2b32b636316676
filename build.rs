//! Rebuild the binary when the embedded default theme or starter site changes.
fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/starter");
}
