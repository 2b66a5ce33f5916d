"""Loads Pizhu's exports with the tools they are meant for and checks every span.

Run by scripts/check-export-clients.sh (which makes the exports and the venv):

    python check_export_clients.py EXPORTS_DIR

EXPORTS_DIR holds one folder per view (original, clean, simplified, traditional), each with
export.jsonl, brat/, export.conll (+ export.conll.json, its manifest), tasks.json +
tasks.label_config.xml, export.csv and export.jsonld. Any mismatch prints what and exits 1.

Clients:
- brat: pybrat (PyPI "pybrat", a strict brat standoff parser: error="raise"), plus the check
  brat itself makes (tools/checkann.py, annotation.py): each span's text equals the .txt slice,
  discontinuous fragments joined by one space.
- CoNLL: seqeval (get_entities, f1_score) reads the BIO tags back into chunks.
- Label Studio: label-studio-converter's Converter parses the labelling config and the tasks.
- CSV: Python's csv module (utf-8-sig for the BOM).
- JSON: Python's json for the JSONL and the W3C JSON-LD.
"""

import csv
import json
import os
import sys

VIEWS = ["original", "clean", "simplified", "traditional"]
failures = []


def fail(message):
    failures.append(message)
    print("MISMATCH: " + message, file=sys.stderr)


def check(condition, message):
    if not condition:
        fail(message)


def utf16_slice(text, start, end):
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


def read_jsonl(path):
    """The reference: file -> text, and the (file, label, quote) spans, from doccano JSONL."""
    texts, spans = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            meta = doc["meta"]
            check(meta["offsets"] == "codepoint", f"{path}: offsets {meta['offsets']}")
            texts[meta["file"]] = doc["text"]
            for start, end, label in doc["label"]:
                check(0 <= start < end <= len(doc["text"]), f"{path}: span {start}..{end}")
                spans.append((meta["file"], label, doc["text"][start:end]))
    return texts, sorted(spans)


def check_brat(folder, texts, reference, view):
    from pybrat.parser import BratParser

    examples = BratParser(error="raise").parse(folder)
    spans = []
    for example in examples:
        file = example.id.replace(os.sep, "/") + ".txt"
        text = example.text
        check(text == texts.get(file), f"brat {view}: {file}.txt is not the view's text")
        for entity in example.entities:
            pieces = [text[s.start : s.end] for s in entity.spans]
            for piece in pieces:
                check("\n" not in piece, f"brat {view}: {file} {entity.id} spans a line break")
            # brat's own rule (DISCONT_SEP): fragments joined by one space are the text field.
            check(
                " ".join(pieces).rstrip() == entity.mention.rstrip(),
                f"brat {view}: {file} {entity.id} text {entity.mention!r} != {pieces!r}",
            )
            whole = text[entity.spans[0].start : entity.spans[-1].end]
            spans.append((file, entity.type, whole))
    check(sorted(spans) == reference, f"brat {view}: spans differ from jsonl:\n{sorted(spans)}\n{reference}")
    conf = open(os.path.join(folder, "annotation.conf"), encoding="utf-8").read()
    check(f"{view} view" in conf, f"brat {view}: annotation.conf does not state the view")
    manifest = json.load(open(os.path.join(folder, "pizhu-export.json"), encoding="utf-8"))
    check(manifest["view"] == view and manifest["offsets"] == "codepoint", f"brat {view}: manifest")
    return len(spans)


def check_conll(path, manifest_path, reference, view):
    from seqeval.metrics import f1_score
    from seqeval.metrics.sequence_labeling import get_entities

    sentences, tags = [], []
    tokens, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("-DOCSTART-") or not line:
                if tokens:
                    sentences.append(tokens)
                    tags.append(labels)
                tokens, labels = [], []
                continue
            char, label = line.split("\t")
            check(len(char) == 1 and not char.isspace(), f"conll {view}: token {char!r}")
            tokens.append(char)
            labels.append(label)
    if tokens:
        sentences.append(tokens)
        tags.append(labels)
    check(f1_score(tags, tags) == 1.0, f"conll {view}: seqeval cannot score it")
    chunks = []
    for sentence, sentence_tags in zip(sentences, tags):
        for label, start, end in get_entities(sentence_tags):
            chunks.append((label, "".join(sentence[start : end + 1])))
    manifest = json.load(open(manifest_path, encoding="utf-8"))
    wanted = [(label, "".join(quote.split())) for _, label, quote in reference]
    remaining = list(wanted)
    for chunk in chunks:
        if chunk in remaining:
            remaining.remove(chunk)
        else:
            fail(f"conll {view}: seqeval read {chunk!r}, which no span has")
    check(
        len(remaining) == manifest["counts"]["dropped"],
        f"conll {view}: {len(remaining)} spans missing, manifest says {manifest['counts']['dropped']} dropped: {remaining!r}",
    )
    return len(chunks)


def check_labelstudio(path, config_path, texts, reference, view):
    from label_studio_converter import Converter

    converter = Converter(config=open(config_path, encoding="utf-8").read(), project_dir=None)
    tasks = {t["id"]: t for t in json.load(open(path, encoding="utf-8"))}
    spans, notes = [], 0
    for item in converter.iter_from_json_file(path):
        data = item["input"]
        check(data["pizhu_offsets"] == "utf16", f"labelstudio {view}: unit {data['pizhu_offsets']}")
        text = data["text"]
        check(text == texts.get(data["file"]), f"labelstudio {view}: {data['file']} text")
        for value in item["output"].get("label", []):
            quote = utf16_slice(text, value["start"], value["end"])
            check(quote == value["text"], f"labelstudio {view}: {value!r} selects {quote!r}")
            spans.append((data["file"], value["labels"][0], quote))
        notes += len(item["output"].get("note", []))
    check(len(tasks) == len(texts), f"labelstudio {view}: {len(tasks)} tasks")
    check(sorted(spans) == reference, f"labelstudio {view}: spans differ from jsonl")
    return len(spans), notes


def check_csv(path, texts, view):
    rows = 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        check(
            reader.fieldnames
            == ["file", "view", "offsets", "start", "end", "tag", "label", "quote", "note", "prefix", "suffix"],
            f"csv {view}: header {reader.fieldnames}",
        )
        for row in reader:
            rows += 1
            check(row["view"] == view, f"csv {view}: view {row['view']}")
            for key, cell in row.items():
                check(not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), f"csv {view}: {key} cell {cell!r} is a formula")
            text = texts.get(row["file"])
            if text is None:  # highlights-only articles are not in the jsonl
                continue
            quote = text[int(row["start"]) : int(row["end"])]
            check(row["quote"] in (quote, "'" + quote), f"csv {view}: {row['quote']!r} != {quote!r}")
    return rows


def check_w3c(path, texts, view):
    collection = json.load(open(path, encoding="utf-8"))
    check(collection["type"] == "AnnotationCollection", f"w3c {view}: type")
    items = collection["first"]["items"]
    check(collection["total"] == len(items), f"w3c {view}: total")
    for item in items:
        quote, position = item["target"]["selector"]
        text = texts.get(item["target"]["source"])
        if text is None:
            continue
        check(
            text[position["start"] : position["end"]] == quote["exact"],
            f"w3c {view}: {position} selects not {quote['exact']!r}",
        )
    return len(items)


def main():
    root = sys.argv[1]
    for view in VIEWS:
        base = os.path.join(root, view)
        texts, reference = read_jsonl(os.path.join(base, "export.jsonl"))
        check(len(reference) > 0, f"{view}: no spans exported")
        if view == "simplified":
            check(any(q == "黄坤明" for _, _, q in reference), "simplified: 黃坤明 is not 黄坤明")
        brat = check_brat(os.path.join(base, "brat"), texts, reference, view)
        conll = check_conll(
            os.path.join(base, "export.conll"), os.path.join(base, "export.conll.json"), reference, view
        )
        ls, notes = check_labelstudio(
            os.path.join(base, "tasks.json"), os.path.join(base, "tasks.label_config.xml"), texts, reference, view
        )
        rows = check_csv(os.path.join(base, "export.csv"), texts, view)
        w3c = check_w3c(os.path.join(base, "export.jsonld"), texts, view)
        print(
            f"{view:12} jsonl {len(reference)} spans · pybrat {brat} · seqeval {conll} chunks · "
            f"label-studio-converter {ls} spans, {notes} notes · csv {rows} rows · w3c {w3c} annotations"
        )
    if failures:
        print(f"{len(failures)} mismatches", file=sys.stderr)
        sys.exit(1)
    print("every client read every export back exactly")


if __name__ == "__main__":
    main()
