//! Hostile and well-formed releases: what is refused, and that a refusal
//! leaves nothing behind.

use super::*;

/// A header whose name is written raw, so `..` and `/abs` get through.
fn raw_header(name: &str, kind: tar::EntryType, size: u64) -> tar::Header {
    let mut header = tar::Header::new_gnu();
    header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
    header.set_entry_type(kind);
    header.set_mode(0o644);
    header.set_size(size);
    header
}

type Setup = fn(&mut tar::Builder<Vec<u8>>, &mut tar::Header);

/// A gzipped tar with a valid site.yaml plus one extra raw entry.
fn archive(dir: &Path, name: &str, kind: tar::EntryType, data: &[u8], setup: Setup) -> PathBuf {
    let mut builder = tar::Builder::new(Vec::new());
    let mut site = raw_header("site.yaml", tar::EntryType::Regular, 9);
    site.set_cksum();
    builder.append(&site, &b"title: T\n"[..]).unwrap();
    let mut header = raw_header(name, kind, data.len() as u64);
    setup(&mut builder, &mut header);
    header.set_cksum();
    builder.append(&header, data).unwrap();
    let tar = builder.into_inner().unwrap();
    let path = dir.join("release.tar.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &tar).unwrap();
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    path
}

fn no_setup(_: &mut tar::Builder<Vec<u8>>, _: &mut tar::Header) {}

fn link_to_passwd(_: &mut tar::Builder<Vec<u8>>, header: &mut tar::Header) {
    header.set_link_name("/etc/passwd").unwrap();
}

/// Only the archive itself is left in the folder.
fn assert_nothing_written(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["release.tar.gz"], "left behind: {names:?}");
}

/// Stages a release whose one extra entry is `name` in a folder of its
/// own inside a fresh temporary folder, and returns the refusal. Asserts
/// only on paths inside that temporary folder: nothing is written in the
/// working folder, nor one level up, where `..` would climb to.
fn refusal(name: &str, kind: tar::EntryType, setup: Setup) -> String {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("work");
    std::fs::create_dir(&dir).unwrap();
    let release = archive(&dir, name, kind, b"evil", setup);
    let error = stage(&release, &dir.join("national")).unwrap_err();
    assert_nothing_written(&dir);
    let above: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(above, ["work"], "nothing written above the working folder");
    assert_eq!(error.path, release);
    error.message
}

#[test]
fn parent_paths_are_refused() {
    let message = refusal("content/../../evil", tar::EntryType::Regular, no_setup);
    assert!(
        message.contains("refused entry `content/../../evil`: it climbs out with `..`"),
        "{message}"
    );
}

#[test]
fn absolute_paths_are_refused() {
    let message = refusal("/tmp/abs-evil", tar::EntryType::Regular, no_setup);
    assert!(
        message.contains("`/tmp/abs-evil`: it is an absolute path"),
        "{message}"
    );
}

#[test]
fn symlinks_are_refused() {
    let message = refusal("content/link.md", tar::EntryType::Symlink, link_to_passwd);
    assert!(
        message.contains("`content/link.md`: it is a link, which Beacon does not follow"),
        "{message}"
    );
}

#[test]
fn hard_links_devices_and_fifos_are_refused() {
    let message = refusal("content/hard.md", tar::EntryType::Link, link_to_passwd);
    assert!(message.contains("it is a hard link"), "{message}");
    let message = refusal("content/dev", tar::EntryType::Char, no_setup);
    assert!(message.contains("it is a device"), "{message}");
    let message = refusal("content/fifo", tar::EntryType::Fifo, no_setup);
    assert!(message.contains("it is a FIFO"), "{message}");
}

#[test]
fn size_and_entry_caps_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b'x'; 1024 * 1024 + 1];
    let release = archive(
        dir.path(),
        "content/big.md",
        tar::EntryType::Regular,
        &big,
        no_setup,
    );
    let target = dir.path().join("national");
    let small = Limits {
        max_bytes: 1024 * 1024,
        max_entries: 1,
    };
    let error = stage_with(&release, &target, small).unwrap_err();
    assert!(
        error.message.contains("has more than 1 entries"),
        "{}",
        error.message
    );
    let tiny = Limits {
        max_bytes: 1024 * 1024,
        max_entries: 10,
    };
    let error = stage_with(&release, &target, tiny).unwrap_err();
    assert!(
        error.message.contains("unpacks to more than 1 MiB"),
        "{}",
        error.message
    );
    assert_nothing_written(dir.path());
}

#[test]
fn a_good_archive_is_staged_then_committed() {
    let dir = tempfile::tempdir().unwrap();
    let release = archive(
        dir.path(),
        "content/a.md",
        tar::EntryType::Regular,
        b"page",
        no_setup,
    );
    let target = dir.path().join("national");
    let staged = stage(&release, &target).unwrap();
    assert!(!target.exists(), "nothing in place before commit");
    staged.commit().unwrap();
    assert_eq!(
        std::fs::read_to_string(target.join("content/a.md")).unwrap(),
        "page"
    );
    assert_eq!(
        std::fs::read_to_string(target.join("site.yaml")).unwrap(),
        "title: T\n"
    );
}

#[test]
fn entries_outside_the_site_and_hidden_ones_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let release = archive(
        dir.path(),
        "public/x.html",
        tar::EntryType::Regular,
        b"x",
        no_setup,
    );
    let target = dir.path().join("national");
    stage(&release, &target).unwrap().commit().unwrap();
    assert!(!target.join("public").exists());
    let release = archive(
        dir.path(),
        "content/.git",
        tar::EntryType::Regular,
        b"x",
        no_setup,
    );
    let target = dir.path().join("national2");
    stage(&release, &target).unwrap().commit().unwrap();
    assert!(!target.join("content/.git").exists());
}

#[test]
fn a_file_that_is_not_a_pack_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let release = dir.path().join("release.tar.gz");
    std::fs::write(&release, "not gzip").unwrap();
    let error = stage(&release, &dir.path().join("national")).unwrap_err();
    assert!(
        error.message.contains("as a .tar.gz pack"),
        "{}",
        error.message
    );
    assert_nothing_written(dir.path());
    let error = stage(&dir.path().join("missing.tar.gz"), &dir.path().join("n")).unwrap_err();
    assert!(error.message.contains("cannot read"), "{}", error.message);
}

#[test]
fn an_archive_without_site_yaml_is_not_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src");
    std::fs::create_dir_all(source.join("content")).unwrap();
    let error = stage(&source, &dir.path().join("national")).unwrap_err();
    assert!(error
        .message
        .contains("is not a Beacon site: it has no site.yaml"));
}

#[test]
fn a_folder_is_copied_without_public_hidden_or_lock() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src");
    for rel in [
        "site.yaml",
        "content/a.md",
        "content/.x",
        "public/i.html",
        ".git/c",
        "upstream.lock",
    ] {
        let path = source.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x").unwrap();
    }
    let target = dir.path().join("national");
    stage(&source, &target).unwrap().commit().unwrap();
    let files: Vec<String> = super::super::content_files(&target).into_keys().collect();
    assert_eq!(files, vec!["content/a.md", "site.yaml"]);
}

#[cfg(unix)]
#[test]
fn a_folder_with_a_symlink_is_refused_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src");
    std::fs::create_dir_all(source.join("content")).unwrap();
    std::fs::write(source.join("site.yaml"), "t").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", source.join("content/p.md")).unwrap();
    let error = stage(&source, &dir.path().join("national")).unwrap_err();
    assert!(
        error
            .message
            .contains("p.md is a link, which Beacon does not follow"),
        "{}",
        error.message
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only the source folder is left");
}

#[test]
fn replace_swaps_the_old_release_out() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("national");
    std::fs::create_dir_all(target.join("content")).unwrap();
    std::fs::write(target.join("content/old.md"), "old").unwrap();
    let release = archive(
        dir.path(),
        "content/new.md",
        tar::EntryType::Regular,
        b"new",
        no_setup,
    );
    stage(&release, &target).unwrap().replace().unwrap();
    assert!(target.join("content/new.md").is_file());
    assert!(!target.join("content/old.md").exists());
    assert_nothing_written_but(dir.path(), &["national", "release.tar.gz"]);
}

fn assert_nothing_written_but(dir: &Path, expected: &[&str]) {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, expected);
}

#[cfg(unix)]
#[test]
fn a_folder_with_several_links_names_every_one() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("src");
    std::fs::create_dir_all(source.join("content/realise")).unwrap();
    std::fs::write(source.join("site.yaml"), "t").unwrap();
    std::fs::write(source.join("content/realise/ok.md"), "ok").unwrap();
    for name in ["content/a.md", "content/realise/b.md", "themes"] {
        std::os::unix::fs::symlink("/etc/passwd", source.join(name)).unwrap();
    }
    let error = stage(&source, &dir.path().join("national")).unwrap_err();
    assert!(
        error
            .message
            .starts_with("3 entries are not plain files or folders; a release holds only plain files and folders, so nothing was unpacked:"),
        "{}",
        error.message
    );
    for name in ["content/a.md", "content/realise/b.md", "themes"] {
        assert!(
            error.message.contains(&format!(
                "\n  {name} (a link, which Beacon does not follow)"
            )),
            "{name}: {}",
            error.message
        );
    }
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only the source folder is left");
}
