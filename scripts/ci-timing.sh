#!/usr/bin/env bash
# Times the steps of .ci/run on a fresh clone: wall and CPU (user + sys) seconds per step.
# Usage: scripts/ci-timing.sh [REV]   (default HEAD; the clone and its target/ are deleted after)
# Compare CPU seconds: on a shared machine wall time mostly measures the other builds.
# Keep the steps in sync with .ci/run.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:-HEAD}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
git clone --quiet "$repo" "$tmp/clone"
cd "$tmp/clone"
git checkout --quiet "$rev"
export CARGO_TERM_COLOR=never
# The same environment as .ci/run, when that revision's .ci/run sets it.
if grep -q '^export CARGO_INCREMENTAL=0' .ci/run; then export CARGO_INCREMENTAL=0; fi

total=0
step() {
    local name=$1; shift
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -o "$tmp/time" -f "%e %U %S" "$@" > "$tmp/$name.log" 2>&1
    local rc=$?
    local wall user sys; read -r wall user sys < "$tmp/time"
    local cpu; cpu=$(echo "$user + $sys" | bc)
    total=$(echo "$total + $cpu" | bc)
    printf '%-14s exit %-3s wall %7.1f s  cpu %7.1f s  load %s\n' "$name" "$rc" "$wall" "$cpu" "$load"
    if [[ $rc -ne 0 ]]; then tail -20 "$tmp/$name.log"; fi
}
step fmt cargo fmt --check
step clippy cargo clippy --all-targets --locked -- -D warnings
if grep -q 'no-default-features' .ci/run; then
    step nogui-tree bash -c '! cargo tree --no-default-features --locked -e normal | grep -q egui'
    step nogui-clippy cargo clippy --no-default-features --locked -- -D warnings
fi
step test-build cargo test --locked --no-run
echo "test executables: $(grep -c Executable "$tmp/test-build.log")"
step test-run cargo test --locked
grep -E '^test result' "$tmp/test-run.log" |
    awk '{passed += $4; failed += $6} END {print "tests passed " passed ", failed " failed}'
echo "total cpu $total s; target/ $(du -sh "${CARGO_TARGET_DIR:-target}" | cut -f1)"
