#!/usr/bin/env bash
# Regenerates tests/data/opencc/ fixtures with the real OpenCC 1.4.2 (PyPI `opencc`).
# Usage: scripts/opencc-fixtures.sh
# Needs python3 with venv and network access to PyPI. Every config Pizhu runs is converted; if
# target/release/pizhu exists and has `show FILE --view clean`, the Clean view of each seed is
# written again from it first (else the existing <seed>.clean.txt are converted).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet opencc==1.4.2

pizhu_args=()
bin="$repo/target/release/pizhu"
if [[ -x "$bin" ]] && "$bin" show --help 2>/dev/null | grep -q -- '--view'; then
    pizhu_args=(--pizhu "$bin")
else
    echo "note: $bin missing or without 'show --view'; converting the existing clean-view texts" >&2
fi

"$tmp/venv/bin/python" "$repo/scripts/opencc_fixtures.py" --repo "$repo" "${pizhu_args[@]}"
