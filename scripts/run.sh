#!/usr/bin/env bash
# Runs Pizhu from a fresh clone: installs the run-time system libraries if missing, then starts
# the window (on the bundled seeds/ unless a folder is given).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup-debian.sh"
exec cargo run --release --manifest-path "$root/Cargo.toml" -- "$@"
