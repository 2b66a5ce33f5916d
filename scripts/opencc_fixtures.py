"""Regenerates the OpenCC 1.4.2 fixtures under tests/data/opencc/ (run by opencc-fixtures.sh).

For every seed article and every config of CONFIGS: <stem>.<config>.txt, the seed converted by
the real OpenCC (Python binding, C++ core, default options: tofu-risk dictionaries included).
If a pizhu binary is given, <stem>.clean.txt is rewritten from its `show FILE --view clean`
output; then, if <stem>.clean.txt exists, <stem>.clean.<config>.txt for every config.
Always: fuzz.json (s2t, t2s) and fuzz-regional.json (the regional configs), random strings
built from dictionary keys and values, ideographic description operators, compatibility
ideographs, ASCII, emoji and newlines, with OpenCC's outputs (deterministic: fixed random
seeds, sampled from the vendored dictionaries).
"""

import argparse
import json
import pathlib
import random
import subprocess
import sys

import opencc


def read_keys(path):
    keys = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            keys.append(line.split("\t", 1)[0])
    return keys


# Every config Pizhu runs (src/text/convert/config.rs), s2t and t2s first.
CONFIGS = ["s2t", "t2s", "s2tw", "s2twp", "s2hk", "tw2s", "tw2sp", "hk2s",
           "t2tw", "t2hk", "tw2t", "hk2t"]
REGIONAL = CONFIGS[2:]
REGIONAL_DICTS = ["TWVariants", "TWVariantsPhrases", "TWVariantsRev", "TWVariantsRevPhrases",
                  "TWPhrases", "TWPhrasesRev", "HKVariants", "HKVariantsPhrases",
                  "HKVariantsRev", "HKVariantsRevPhrases"]


def read_values(path):
    values = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "\t" in line:
            values.extend(v for v in line.split("\t", 1)[1].split(" ") if v)
    return values


def regional_fuzz_cases(assets, converters, count):
    """Strings that exercise the regional dictionaries: their keys and values (so both
    directions match), pieces of them, ST/TS phrases next to them (segment edges), IDS."""
    rng = random.Random(20240143)
    pools = []
    for name in REGIONAL_DICTS:
        pools.append(read_keys(assets / f"{name}.txt") + read_values(assets / f"{name}.txt"))
    st_phrases = read_keys(assets / "STPhrases.txt")
    ts_phrases = read_keys(assets / "TSPhrases.txt")
    chars = read_keys(assets / "STCharacters.txt") + read_keys(assets / "TSCharacters.txt")
    operators = [chr(c) for c in range(0x2FF0, 0x3000)]
    plain = list("的一是了 a1，。\n") + ["🌍", "\u3000"]

    def piece():
        kind = rng.random()
        if kind < 0.55:
            p = rng.choice(rng.choice(pools))
        elif kind < 0.70:
            p = rng.choice(st_phrases)
        elif kind < 0.78:
            p = rng.choice(ts_phrases)
        elif kind < 0.88:
            p = rng.choice(chars)
        elif kind < 0.93:
            return rng.choice(operators)
        else:
            return rng.choice(plain)
        if rng.random() < 0.3 and len(p) > 2:
            cut = rng.randrange(1, len(p))
            p = p[:cut] if rng.random() < 0.5 else p[cut:]
        return p

    cases = []
    seen = set()
    while len(cases) < count:
        text = "".join(piece() for _ in range(rng.randrange(1, 16)))
        if text in seen:
            continue
        seen.add(text)
        case = {"input": text}
        for name in REGIONAL:
            case[name] = converters[name].convert(text)
        cases.append(case)
    return cases


def write_cases(path, cases):
    # One case per line: small, and diffs stay readable when the generator changes.
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"opencc": "%s", "cases": [\n' % opencc.__version__)
        f.write(",\n".join(json.dumps(case, ensure_ascii=False) for case in cases))
        f.write("\n]}\n")


def write(path, text):
    # newline="" keeps CRLF and LF exactly as OpenCC produced them.
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def fuzz_cases(assets, s2t, t2s, count):
    rng = random.Random(20240142)
    st_phrases = read_keys(assets / "STPhrases.txt")
    st_regional = read_keys(assets / "STPhrases_GeneratedFromRegionalPhrases.txt")
    st_chars = read_keys(assets / "STCharacters.txt")
    ts_phrases = read_keys(assets / "TSPhrases.txt")
    ts_chars = read_keys(assets / "TSCharacters.txt") + read_keys(assets / "TSCharactersExt.txt")
    compat = read_keys(assets / "CJK_Compatibility_Ideographs.txt")
    operators = [chr(c) for c in range(0x2FF0, 0x3000)]
    plain = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动") + list(
        "abc XYZ 123,.!?\n\r\t，。！？：；“”（）《》—…·") + ["🌍", "👩\u200d👧", "\u3000", "\ufeff"]

    def piece():
        kind = rng.random()
        if kind < 0.18:
            p = rng.choice(st_phrases + st_regional)
            # Sometimes only a prefix or a suffix of a phrase, to exercise partial overlaps.
            if rng.random() < 0.3 and len(p) > 2:
                cut = rng.randrange(1, len(p))
                p = p[:cut] if rng.random() < 0.5 else p[cut:]
            return p
        if kind < 0.30:
            return rng.choice(ts_phrases)
        if kind < 0.50:
            return rng.choice(st_chars)
        if kind < 0.65:
            return rng.choice(ts_chars)
        if kind < 0.72:
            return rng.choice(compat)
        if kind < 0.82:
            return rng.choice(operators)
        return rng.choice(plain)

    cases = []
    seen = set()
    while len(cases) < count:
        text = "".join(piece() for _ in range(rng.randrange(1, 24)))
        if text in seen:
            continue
        seen.add(text)
        cases.append({"input": text, "s2t": s2t.convert(text), "t2s": t2s.convert(text)})
    return cases


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repo", required=True, type=pathlib.Path)
    parser.add_argument("--pizhu", type=pathlib.Path)
    parser.add_argument("--fuzz-count", type=int, default=2000)
    parser.add_argument("--regional-fuzz-count", type=int, default=1000)
    args = parser.parse_args()

    if opencc.__version__ != "1.4.2":
        sys.exit(f"expected OpenCC 1.4.2, got {opencc.__version__}")
    converters = {name: opencc.OpenCC(name + ".json") for name in CONFIGS}
    out = args.repo / "tests" / "data" / "opencc"
    out.mkdir(parents=True, exist_ok=True)

    for seed in sorted((args.repo / "seeds").glob("*.txt")):
        text = seed.read_bytes().decode("utf-8")
        for name in CONFIGS:
            write(out / f"{seed.stem}.{name}.txt", converters[name].convert(text))
        print(f"{seed.name}: {len(CONFIGS)} configs")
        clean_path = out / f"{seed.stem}.clean.txt"
        if args.pizhu is not None:
            clean = subprocess.run(
                [str(args.pizhu), "show", str(seed), "--view", "clean"],
                check=True, capture_output=True).stdout.decode("utf-8")
            write(clean_path, clean)
            print(f"{seed.name}: clean")
        if clean_path.exists():
            clean = clean_path.read_bytes().decode("utf-8")
            for name in CONFIGS:
                write(out / f"{seed.stem}.clean.{name}.txt", converters[name].convert(clean))
            print(f"{seed.name}: clean, {len(CONFIGS)} configs")

    assets = args.repo / "assets" / "opencc"
    cases = fuzz_cases(assets, converters["s2t"], converters["t2s"], args.fuzz_count)
    write_cases(out / "fuzz.json", cases)
    print(f"fuzz.json: {len(cases)} cases")
    cases = regional_fuzz_cases(assets, converters, args.regional_fuzz_count)
    write_cases(out / "fuzz-regional.json", cases)
    print(f"fuzz-regional.json: {len(cases)} cases")


if __name__ == "__main__":
    main()
