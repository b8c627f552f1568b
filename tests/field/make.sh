#!/usr/bin/env bash
# Builds the archive fixtures of tests/field_bundles.rs with the real programs customers use
# (GNU tar, gzip, bzip2, xz, zstd, Info-ZIP zip), from examples/ka-05406. Run from anywhere;
# the archives are committed, so CI does not need these programs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="$here/../../examples/ka-05406"
out="$here/archives"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out" && mkdir -p "$out"
# A fixed time and owner so that re-running gives the same bytes (GNU tar options).
tarx=(--sort=name --mtime='2024-06-13 00:00:00Z' --owner=0 --group=0 --numeric-owner)
cp -r "$src" "$tmp/ka-05406"
cd "$tmp"
tar "${tarx[@]}" -cf "$out/ka-05406.tar" ka-05406
tar "${tarx[@]}" -czf "$out/ka-05406.tar.gz" ka-05406
tar "${tarx[@]}" -cjf "$out/ka-05406.tar.bz2" ka-05406
tar "${tarx[@]}" -cJf "$out/ka-05406.tar.xz" ka-05406
tar "${tarx[@]}" --zstd -cf "$out/ka-05406.tar.zst" ka-05406
cp "$out/ka-05406.tar.gz" "$out/ka-05406.tgz"
TZ=UTC find ka-05406 -exec touch -d '2024-06-13 00:00:00' {} +
zip -q -X -r "$out/ka-05406.zip" ka-05406
# A zip inside a tar, beside a note: how support tools nest bundles.
mkdir nested && cp "$out/ka-05406.zip" nested/ && echo "customer bundle, case 1234" > nested/README.txt
tar "${tarx[@]}" -cf "$out/nested.tar" nested
# Single compressed files: the RT log alone, for a bundle of loose files.
gzip -9 -n -c ka-05406/rt1/web.log > "$out/web.log.2.gz"
bzip2 -9 -c ka-05406/rt1/web.log > "$out/web.log.bz2"
xz -9 -c ka-05406/rt1/web.log > "$out/web.log.xz"
zstd -q -19 -c ka-05406/rt1/web.log > "$out/web.log.zst"
# A bomb in miniature: 64 MiB of zeros beside the real logs (a few KiB compressed).
mkdir bomb && cp -r ka-05406 bomb/ && head -c 67108864 /dev/zero > bomb/zeros.bin
tar "${tarx[@]}" -czf "$out/bomb.tar.gz" bomb
ls -l "$out"
