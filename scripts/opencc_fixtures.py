"""Regenerates the OpenCC 1.4.2 fixtures under tests/data/opencc/ (run by opencc-fixtures.sh).

For every seed article and every config of CONFIGS: <stem>.<config>.txt, the seed converted by
the real OpenCC (Python binding, C++ core, default options: tofu-risk dictionaries included).

The Clean view fixtures do not come from Pizhu: <stem>.clean.txt is the seed cleaned by
`independent_clean` below, a separate implementation of the inline-pinyin rule of DESIGN.md §4
written from that text (not from src/text/clean.rs), with the syllable inventory taken from
pypinyin's dictionary instead of Pizhu's table; <stem>.clean.<config>.txt is that text converted
by OpenCC for every config. tests/core/opencc.rs checks that Pizhu's Clean view equals
<stem>.clean.txt and that Pizhu's conversion of it equals OpenCC's, so a bug in Pizhu's Clean
shows up as a difference instead of being copied into the fixtures.

Always: fuzz.json (s2t, t2s) and fuzz-regional.json (the regional configs), random strings
built from dictionary keys and values, ideographic description operators, compatibility
ideographs, ASCII, emoji and newlines, with OpenCC's outputs (deterministic: fixed random
seeds, sampled from the vendored dictionaries).
"""

import argparse
import json
import pathlib
import random
import re
import sys
import unicodedata

import opencc
from pypinyin import pinyin_dict

# Tone marks as combining characters (after NFD): macron, acute, caron, grave = tones 1 to 4.
TONE_MARKS = "\u0304\u0301\u030c\u0300"
DIAERESIS = "\u0308"


def syllable_inventory():
    """Every toneless syllable pypinyin gives to some character, with ü spelt `ü`.

    This is a superset of the ~410 standard syllables (it adds rare ones such as `biang`, `m`,
    `hng`); the difference only matters if a seed has one of those in parentheses.
    """
    syllables = set()
    for readings in pinyin_dict.pinyin_dict.values():
        for reading in readings.split(","):
            bare = "".join(c for c in unicodedata.normalize("NFD", reading) if c not in TONE_MARKS)
            syllables.add(unicodedata.normalize("NFC", bare))
    return frozenset(syllables)


SYLLABLES = syllable_inventory()


def is_toned_syllable(text):
    """DESIGN.md §4: exactly one tone-marked Hanyu Pinyin syllable (`ɑ`/`ɡ` accepted for a/g)."""
    decomposed = unicodedata.normalize("NFD", text.replace("ɑ", "a").replace("ɡ", "g"))
    tones = sum(c in TONE_MARKS for c in decomposed)
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return tones == 1 and re.fullmatch("[a-zü]+", bare) is not None and bare in SYLLABLES


def is_han(c):
    name = unicodedata.name(c, "")
    return name.startswith("CJK UNIFIED IDEOGRAPH") or name.startswith("CJK COMPATIBILITY IDEOGRAPH")


# `(` or `?`, then the candidate (no parenthesis, `?` or line break in it), then `)`.
ARTEFACT = re.compile(r"([(?])([^()?\r\n]{1,16})\)")


def independent_clean(original):
    """The Clean view's text by DESIGN.md §4: `(syllable)` right after a Han character is
    removed; `?syllable)` (the crawl lost a character and its `(`) becomes one U+FFFD; everything
    else stays. Boilerplate lines are only marked by Clean, never removed, so they stay too."""

    def replace(match):
        opener, candidate = match.group(1), match.group(2)
        if not is_toned_syllable(candidate):
            return match.group(0)
        if opener == "?":
            return "\ufffd"
        before = match.string[match.start() - 1] if match.start() > 0 else ""
        return "" if before and is_han(before) else match.group(0)

    return ARTEFACT.sub(replace, original)


def check_independent_clean():
    """The examples of DESIGN.md §4, so a change to the rule above cannot go unnoticed."""
    cases = {
        "調(diào)研": "調研",
        "經(jīng)濟(jì)發(fā)展": "經濟發展",
        "存量?jī)?yōu)勢": "存量\ufffd\ufffd勢",
        "鏈?zhǔn)剿季S": "鏈\ufffd剿季S",
        "綠(lǜ)色": "綠色",
        "調(dɑ̀)": "調",
        "第(dì)一": "第一",
    }
    for kept in ["(第一期)", "(广州)", "(WEF)", "(街)", "(黃克奇 鄭陳浩)", "微信(WeChat)",
                 "选项(a)", "文(café)", "词(qū qu)", "调（diào）", "2023(nián)", "调(diao)",
                 "调(xyzā)", "调(diāō)"]:
        cases[kept] = kept
    for original, expected in cases.items():
        got = independent_clean(original)
        if got != expected:
            sys.exit(f"independent_clean({original!r}) = {got!r}, expected {expected!r}")


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
    parser.add_argument("--fuzz-count", type=int, default=2000)
    parser.add_argument("--regional-fuzz-count", type=int, default=1000)
    args = parser.parse_args()

    if opencc.__version__ != "1.4.2":
        sys.exit(f"expected OpenCC 1.4.2, got {opencc.__version__}")
    check_independent_clean()
    converters = {name: opencc.OpenCC(name + ".json") for name in CONFIGS}
    out = args.repo / "tests" / "data" / "opencc"
    out.mkdir(parents=True, exist_ok=True)

    for seed in sorted((args.repo / "seeds").glob("*.txt")):
        text = seed.read_bytes().decode("utf-8")
        for name in CONFIGS:
            write(out / f"{seed.stem}.{name}.txt", converters[name].convert(text))
        print(f"{seed.name}: {len(CONFIGS)} configs")
        clean = independent_clean(text)
        write(out / f"{seed.stem}.clean.txt", clean)
        for name in CONFIGS:
            write(out / f"{seed.stem}.clean.{name}.txt", converters[name].convert(clean))
        print(f"{seed.name}: clean (independent), {len(CONFIGS)} configs")

    assets = args.repo / "assets" / "opencc"
    cases = fuzz_cases(assets, converters["s2t"], converters["t2s"], args.fuzz_count)
    write_cases(out / "fuzz.json", cases)
    print(f"fuzz.json: {len(cases)} cases")
    cases = regional_fuzz_cases(assets, converters, args.regional_fuzz_count)
    write_cases(out / "fuzz-regional.json", cases)
    print(f"fuzz-regional.json: {len(cases)} cases")


if __name__ == "__main__":
    main()
