#!/usr/bin/env bash
# Regenerates assets/cedict/readings.txt from Unicode's Unihan database (Debian `unicode-data`,
# fetched with apt-get download, not installed) and the vendored CC-CEDICT.
# Usage: scripts/cedict-readings.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
(cd "$tmp" && apt-get download unicode-data >/dev/null && dpkg-deb -x unicode-data_*.deb x)
python3 "$root/scripts/cedict-readings.py" \
    "$tmp/x/usr/share/unicode/Unihan_Readings.txt.bz2" \
    "$root/assets/cedict/cedict_1_0_ts_utf-8_mdbg.txt.gz" \
    > "$root/assets/cedict/readings.txt"
echo "wrote $(grep -vc '^#' "$root/assets/cedict/readings.txt") readings to assets/cedict/readings.txt"
