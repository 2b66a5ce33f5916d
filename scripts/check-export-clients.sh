#!/usr/bin/env bash
# Loads Pizhu's exports in the real clients: annotates a temp copy of seeds/ (plus one article
# with 黃坤明, 𠮷, crawl pinyin and a span across a blank line) with `pizhu tag`, exports it in
# every view as jsonl, brat, conll, labelstudio, csv and w3c, and has pybrat, seqeval,
# label-studio-converter and Python's csv/json read every span back
# (scripts/check_export_clients.py). Fails loudly on any mismatch.
#
# The clients live in a venv cached under ~/.cache/pizhu/ (keyed by the pinned requirements),
# so only the first run on a machine pays the install (about a minute, 450 MB).
#
#   scripts/check-export-clients.sh [PIZHU_BINARY]     (default: the debug build in $CARGO_TARGET_DIR
#                                                      or target/, built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=scripts/export-clients-requirements.txt
key=$(sha256sum "$requirements" | cut -c1-12)
venv="${PIZHU_CLIENTS_VENV:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/pizhu/export-clients-$key}"
if [ ! -x "$venv/bin/python" ] || [ ! -f "$venv/.complete" ]; then
    echo "== installing the export clients into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    touch "$venv/.complete"
fi

pizhu="${1:-${CARGO_TARGET_DIR:-target}/debug/pizhu}"
if [ ! -x "$pizhu" ]; then
    cargo build --quiet --locked
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus="$work/seeds"
mkdir -p "$corpus/sub"
cp seeds/*.txt "$corpus/"
printf '省委書記黃坤明在廣州調(diào)研。\n𠮷野家：黃坤明說“好！”\n\n  第三段，鄭軻出席會議？是的。\n' > "$corpus/sub/黃坤明.txt"

tag() { "$pizhu" tag "$@" > /dev/null; }
s001="$corpus/001_ebed7b38f3e0333c.txt"
s002="$corpus/002_6e5af457e60a8f77.txt"
s003="$corpus/003_6d7fffe9468177c8.txt"
s004="$corpus/004_17a6dfa9780f989e.txt"
synthetic="$corpus/sub/黃坤明.txt"
tag "$s001" --tag PER --quote 何黨生 --all --note '区委书记 <script>alert(1)</script>'
tag "$s001" --tag LOC --quote '茶亭經(jīng)開區'
tag "$s001" --tag MISC --quote '(jīng)'            # only crawl pinyin: not in 净文/简/繁
tag "$s001" --tag EVENT --quote '存量?jī)?yōu)勢'     # two lost characters
tag "$s002" --tag PER --quote 王凱 --note $'多行\n备注\t制表'
tag "$s003" --tag PER --quote 郑轲
tag "$s003" --tag ORG --quote 市委书记郑轲            # overlaps 郑轲: CoNLL keeps the longer
tag "$s003" --tag none --quote 重点项目 --note '=HYPERLINK("http://evil.example","x")'
tag "$s004" --tag LOC --quote 白云区 --all
tag "$synthetic" --tag PER --quote 黃坤明 --all --note '省委书记'
tag "$synthetic" --tag LOC --quote 廣州
tag "$synthetic" --tag ORG --quote 𠮷野家 --note='-负责人'
tag "$synthetic" --tag EVENT --quote $'好！”\n\n  第三段' --note 跨段
tag "$synthetic" --tag PER --quote 鄭軻

for view in original clean simplified traditional; do
    out="$work/exports/$view"
    mkdir -p "$out"
    export_as() { "$pizhu" export "$corpus" --view "$view" "$@" 2> "$out/log"; }
    export_as --format jsonl -o "$out/export.jsonl"
    export_as --format brat -o "$out/brat"
    export_as --format conll -o "$out/export.conll" --manifest "$out/export.conll.json"
    export_as --format labelstudio -o "$out/tasks.json"
    export_as --format csv -o "$out/export.csv"
    export_as --format w3c -o "$out/export.jsonld"
done

"$venv/bin/python" -c 'import importlib.metadata as m; print("clients: " + ", ".join(p + " " + m.version(p) for p in ["pybrat", "seqeval", "label-studio-converter"]))'
"$venv/bin/python" scripts/check_export_clients.py "$work/exports"
