#!/usr/bin/env bash
# Builds the release archive for one target: the `dist` profile, statically
# linked on Linux, packed with the README and the licences as
# target/dist/beacon-v<version>-<target>.tar.gz (a folder of the same name
# inside), and target/dist/SHA256SUMS. The archive is reproducible: sorted
# names, owner 0, every time the last commit's (or SOURCE_DATE_EPOCH).
#
#   scripts/dist.sh                 # x86_64-unknown-linux-gnu, static
#   BEACON_TARGET=aarch64-unknown-linux-gnu scripts/dist.sh
#
# The target is always named, so `+crt-static` reaches only Beacon and its
# crates, not the build scripts (which must run on this machine).
set -euo pipefail
cd "$(dirname "$0")/.."

target=${BEACON_TARGET:-x86_64-unknown-linux-gnu}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
name="beacon-v${version}-${target}"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

case "$target" in
  *-linux-*) export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" ;;
esac

cargo build --locked --profile dist --target "$target" --bin beacon

out=target/dist
rm -rf "${out:?}/$name" "$out/$name.tar.gz"
mkdir -p "$out/$name"
cp "target/$target/dist/beacon" "$out/$name/beacon"
cp README.md LICENSE "$out/$name/"
cp assets/fonts/OFL.txt "$out/$name/OFL.txt"
chmod 0755 "$out/$name/beacon"
chmod 0644 "$out/$name/README.md" "$out/$name/LICENSE" "$out/$name/OFL.txt"

if tar --version 2>/dev/null | grep -q 'GNU tar'; then
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    --format=gnu -C "$out" -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
else
  # macOS's bsdtar: the same files, not byte-reproducible.
  tar -C "$out" -cf - "$name" | gzip -n -9 >"$out/$name.tar.gz"
fi

if command -v sha256sum >/dev/null; then
  (cd "$out" && sha256sum -- "$name.tar.gz" >"$name.tar.gz.sha256")
else
  (cd "$out" && shasum -a 256 -- "$name.tar.gz" >"$name.tar.gz.sha256")
fi
cat "$out"/*.sha256 >"$out/SHA256SUMS"
ls -l "$out/$name/beacon" "$out/$name.tar.gz"
cat "$out/SHA256SUMS"
