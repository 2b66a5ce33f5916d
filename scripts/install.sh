#!/usr/bin/env bash
# install.sh: install Pizhu for the current user, or remove it.
#
#   scripts/install.sh [--no-build] [--binary PATH] [--prefix DIR]
#   scripts/install.sh --uninstall [--prefix DIR]
#
# Puts the release binary in ~/.local/bin/pizhu, the icon in the hicolor theme
# (~/.local/share/icons/hicolor/{16x16,…,512x512,scalable}/apps/pizhu.{png,svg}) and the desktop
# entry in ~/.local/share/applications/pizhu.desktop (its Exec names the installed binary), then
# refreshes the desktop and icon caches where those tools exist. Running it again replaces the
# same files; --uninstall removes exactly them.
#
# --no-build    use target/release/pizhu as it is (default: `cargo build --release --locked` first)
# --binary PATH install this binary instead
# --prefix DIR  install under DIR/bin and DIR/share instead of ~/.local (XDG_BIN_HOME and
#               XDG_DATA_HOME are honoured otherwise)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=1 uninstall=0 binary="" prefix=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) build=0; shift ;;
    --binary) binary=${2:?--binary needs a path}; build=0; shift 2 ;;
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --uninstall) uninstall=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if [[ -n $prefix ]]; then
  bin_dir=$prefix/bin data_dir=$prefix/share
else
  bin_dir=${XDG_BIN_HOME:-$HOME/.local/bin} data_dir=${XDG_DATA_HOME:-$HOME/.local/share}
fi
apps=$data_dir/applications
icons=$data_dir/icons/hicolor
sizes=(16 24 32 48 64 128 256 512)

refresh_caches() {
  if command -v update-desktop-database >/dev/null; then update-desktop-database -q "$apps" 2>/dev/null || true; fi
  if command -v gtk-update-icon-cache >/dev/null && [[ -f $icons/index.theme ]]; then
    gtk-update-icon-cache -q -t -f "$icons" 2>/dev/null || true
  fi
}

if [[ $uninstall == 1 ]]; then
  rm -f "$bin_dir/pizhu" "$apps/pizhu.desktop" "$icons/scalable/apps/pizhu.svg"
  for s in "${sizes[@]}"; do rm -f "$icons/${s}x${s}/apps/pizhu.png"; done
  # Folders this script may have created, if now empty.
  for s in "${sizes[@]}" scalable; do
    d=$icons/$( [[ $s == scalable ]] && echo scalable || echo "${s}x${s}" )
    rmdir "$d/apps" "$d" 2>/dev/null || true
  done
  rmdir "$icons" "$data_dir/icons" "$apps" "$bin_dir" 2>/dev/null || true
  refresh_caches
  echo "install.sh: removed Pizhu from $bin_dir and $data_dir"
  exit 0
fi

if [[ -z $binary ]]; then
  if [[ $build == 1 ]]; then
    (cd "$root" && cargo build --release --locked)
  fi
  binary=$root/target/release/pizhu
fi
[[ -x $binary ]] || { echo "install.sh: no binary at $binary (build it, or pass --binary)" >&2; exit 1; }

install -Dm755 "$binary" "$bin_dir/pizhu"
install -Dm644 "$root/assets/icons/pizhu.svg" "$icons/scalable/apps/pizhu.svg"
for s in "${sizes[@]}"; do
  install -Dm644 "$root/assets/icons/pizhu-$s.png" "$icons/${s}x${s}/apps/pizhu.png"
done
desktop=$(mktemp)
trap 'rm -f "$desktop"' EXIT
# The session's PATH may not hold ~/.local/bin: name the binary by its full path.
sed "s|^Exec=.*|Exec=\"$bin_dir/pizhu\" %f|" "$root/assets/pizhu.desktop" >"$desktop"
install -Dm644 "$desktop" "$apps/pizhu.desktop"
refresh_caches

echo "install.sh: installed $bin_dir/pizhu, its icon and $apps/pizhu.desktop"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "install.sh: note: $bin_dir is not on your PATH; the desktop entry works anyway" ;;
esac
