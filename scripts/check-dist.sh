#!/usr/bin/env bash
# Checks what scripts/dist.sh wrote, as a council would use it: the
# checksums verify, the unpacked binary is static and under 20 MiB, and
# inside an empty root (a chroot holding only the binary and the example
# site: no libc, no /etc, no /tmp) it builds the example site byte for byte
# as target/release/beacon builds it. Needs root (chroot) and a release
# build (`cargo build --release`).
set -euo pipefail
cd "$(dirname "$0")/.."

dist=target/dist
today=2027-01-15
(cd "$dist" && sha256sum -c SHA256SUMS)

archive=$(find "$dist" -maxdepth 1 -name 'beacon-v*-x86_64-unknown-linux-gnu.tar.gz' | head -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
folder=$(basename "$archive" .tar.gz)
binary="$work/$folder/beacon"
for file in beacon README.md LICENSE OFL.txt; do
  test -f "$work/$folder/$file" || { echo "the archive has no $folder/$file" >&2; exit 1; }
done

description=$(file -b "$binary")
echo "file: $description"
case "$description" in
  *"statically linked"* | *"static-pie linked"*) ;;
  *) echo "the binary is not static" >&2; exit 1 ;;
esac
size=$(stat -c %s "$binary")
echo "size: $size bytes"
if ((size >= 20 * 1024 * 1024)); then
  echo "the binary is $size bytes: it must be under 20 MiB" >&2
  exit 1
fi

copy_site() {
  mkdir -p "$1"
  cp -R site.yaml content themes "$1/"
}

root="$work/root"
mkdir -p "$root/bin"
cp "$binary" "$root/bin/beacon"
copy_site "$root/site"
chroot "$root" /bin/beacon --version
chroot "$root" /bin/beacon build --quiet --site /site --out /site/public --today "$today"

copy_site "$work/normal"
target/release/beacon build --quiet --site "$work/normal" --out "$work/normal/public" --today "$today"

diff -r "$root/site/public" "$work/normal/public"
echo "the static binary, alone in an empty root, built the example site byte for byte as the release build did ($(find "$work/normal/public" -type f | wc -l) files)"
