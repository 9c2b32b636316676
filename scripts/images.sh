#!/usr/bin/env bash
# Builds the two container images of Containerfile with buildah, offline
# (nothing is pulled: both start FROM scratch), from the static binary
# scripts/dist.sh made, then builds the example site inside each and
# compares it with the release build byte for byte. Writes each image as a
# `docker load`-able archive beside the release archive:
# target/dist/beacon-v<version>-image.tar and …-ci-image.tar.
#
# Needs root, buildah and busybox-static (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
folder="target/dist/beacon-v${version}-x86_64-unknown-linux-gnu"
today=2027-01-15
buildah() { command buildah --storage-driver vfs "$@"; }

context=target/image-context
rm -rf "$context"
mkdir -p "$context"
cp "$folder/beacon" "$context/beacon"
cp /bin/busybox "$context/busybox"
file -b "$context/busybox" | grep -q 'statically linked' || {
  echo "/bin/busybox is not static: install busybox-static" >&2
  exit 1
}

work=$(mktemp -d)
containers=()
cleanup() {
  for c in "${containers[@]}"; do buildah rm "$c" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/normal"
cp -R site.yaml content themes "$work/normal/"
target/release/beacon build --quiet --site "$work/normal" --out "$work/normal/public" --today "$today"

for target in beacon beacon-ci; do
  tag="localhost/beacon:${version}${target#beacon}"
  buildah build --isolation chroot --layers=false --target "$target" \
    --timestamp 0 -t "$tag" -f Containerfile "$context"
  container=$(buildah from "$tag")
  containers+=("$container")
  buildah copy "$container" site.yaml /site/site.yaml >/dev/null
  buildah copy "$container" content /site/content >/dev/null
  buildah copy "$container" themes /site/themes >/dev/null
  buildah run --isolation chroot "$container" -- /usr/local/bin/beacon --version
  buildah run --isolation chroot "$container" -- \
    /usr/local/bin/beacon build --quiet --today "$today"
  if [ "$target" = beacon-ci ]; then
    buildah run --isolation chroot "$container" -- /bin/sh -c \
      'command -v beacon && test -f /site/public/index.html && echo "the -ci image has a shell"'
  fi
  mounted=$(buildah mount "$container")
  diff -r "$mounted/site/public" "$work/normal/public"
  buildah umount "$container" >/dev/null
  echo "$tag built the example site byte for byte as the release build did"
  buildah push "$tag" "docker-archive:target/dist/beacon-v${version}${target#beacon}-image.tar:beacon:${version}${target#beacon}"
done
ls -l target/dist/*-image.tar
