#!/bin/sh
# fetch.sh downloads the Apache ECharts npm package at the version in VERSION,
# verifies it against SHA256SUMS and copies dist/echarts.min.js (the full build),
# LICENSE and NOTICE here. It then builds echarts.report.min.js, the library the
# reports inline: only the chart types and components listed in entry.js, bundled
# from the same package (and its exact dependencies zrender and tslib) by esbuild
# at the version pinned below; the bundle is about 60 % of the full build's size
# and is checked against SHA256SUMS too, so the build is reproducible. The full
# build stays as the library of the baseline report in the browser test. The
# fetched and built files are committed, so building rollout needs no network.
#
# Run it through `go generate ./third_party/echarts` (or `sh fetch.sh`) from anywhere.
#
# To update ECharts (or esbuild, or entry.js):
#   1. write the new version into VERSION (e.g. `npm view echarts version`);
#   2. run `sh fetch.sh --update-sums`: it downloads the packages (npm checks the
#      registry's sha512 integrity), records the SHA-256 of the tarball and of every
#      copied or built file in SHA256SUMS and copies the files;
#   3. review the diff, run `go test ./reports/` (the browser test draws every chart
#      with the new library) and commit VERSION, SHA256SUMS and the files together.
# Without --update-sums the script refuses any file whose checksum differs.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
version=$(tr -d ' \n' <"$here/VERSION")
esbuild_version=0.28.2
update=0
if [ "${1:-}" = "--update-sums" ]; then
	update=1
fi

command -v npm >/dev/null 2>&1 || { echo "fetch.sh: npm not found in PATH" >&2; exit 1; }
if command -v sha256sum >/dev/null 2>&1; then
	sha() { sha256sum "$1" | cut -d' ' -f1; }
else
	sha() { shasum -a 256 "$1" | cut -d' ' -f1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

(cd "$tmp" && npm pack --silent "echarts@$version" >/dev/null)
tgz="$tmp/echarts-$version.tgz"
[ -f "$tgz" ] || { echo "fetch.sh: npm pack did not produce $tgz" >&2; exit 1; }
tar -xzf "$tgz" -C "$tmp" package/dist/echarts.min.js package/LICENSE package/NOTICE

# name → file in the temp dir; the tarball is listed under its own name.
check() { # check NAME PATH
	got=$(sha "$2")
	if [ "$update" = 1 ]; then
		echo "$got  $1" >>"$tmp/SHA256SUMS.new"
		return
	fi
	want=$(awk -v n="$1" '$2 == n { print $1 }' "$here/SHA256SUMS")
	if [ -z "$want" ]; then
		echo "fetch.sh: $1 has no entry in SHA256SUMS (run with --update-sums after changing VERSION)" >&2
		exit 1
	fi
	if [ "$got" != "$want" ]; then
		echo "fetch.sh: checksum mismatch for $1: got $got, want $want" >&2
		exit 1
	fi
}

check "echarts-$version.tgz" "$tgz"
check echarts.min.js "$tmp/package/dist/echarts.min.js"
check LICENSE "$tmp/package/LICENSE"
check NOTICE "$tmp/package/NOTICE"

# The report bundle: echarts pins zrender and tslib to exact versions.
mkdir "$tmp/build"
cp "$here/entry.js" "$tmp/build/"
(cd "$tmp/build" && echo '{"private": true}' >package.json &&
	npm install --silent --no-audit --no-fund --no-save "$tgz" "esbuild@$esbuild_version" >/dev/null)
banner="/*! Apache ECharts $version (Apache License 2.0, see LICENSE and NOTICE), the parts in entry.js, with ZRender (BSD-3-Clause, LICENSE-zrender) and tslib (0BSD, LICENSE-tslib), bundled by esbuild $esbuild_version */"
(cd "$tmp/build" && ./node_modules/.bin/esbuild entry.js --bundle --minify --format=iife --global-name=echarts \
	--target=es2017 --define:process.env.NODE_ENV='"production"' --legal-comments=none \
	"--banner:js=$banner" --log-level=warning --outfile=echarts.report.min.js)
check echarts.report.min.js "$tmp/build/echarts.report.min.js"
check LICENSE-zrender "$tmp/build/node_modules/zrender/LICENSE"
check LICENSE-tslib "$tmp/build/node_modules/tslib/LICENSE.txt"

cp "$tmp/package/dist/echarts.min.js" "$tmp/package/LICENSE" "$tmp/package/NOTICE" "$tmp/build/echarts.report.min.js" "$here/"
cp "$tmp/build/node_modules/zrender/LICENSE" "$here/LICENSE-zrender"
cp "$tmp/build/node_modules/tslib/LICENSE.txt" "$here/LICENSE-tslib"
if [ "$update" = 1 ]; then
	mv "$tmp/SHA256SUMS.new" "$here/SHA256SUMS"
fi
echo "fetch.sh: echarts $version verified and copied to $here"
