#!/usr/bin/env bash
# Regenerates tests/data/opencc/ fixtures with the real OpenCC 1.4.2 (PyPI `opencc`).
# Usage: scripts/opencc-fixtures.sh
# Needs python3 with venv and network access to PyPI. Every config Pizhu runs is converted.
# Nothing here runs Pizhu: the Clean-view fixtures come from an independent implementation of
# DESIGN.md §4's pinyin rule in opencc_fixtures.py (syllables from PyPI `pypinyin`), converted by
# OpenCC, so tests/core/opencc.rs checks Pizhu's Clean and conversion against them instead of
# against Pizhu's own output.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet opencc==1.4.2 pypinyin==0.55.0

"$tmp/venv/bin/python" "$repo/scripts/opencc_fixtures.py" --repo "$repo"
