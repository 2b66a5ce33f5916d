//! Hanyu Pinyin syllables: recognises the one-syllable, tone-marked pinyin that some crawlers
//! append to converted characters (`調(diào)`). Works on string slices; no offsets.

/// The longest syllables (`zhuang`, `chuang`, `shuang`) have six letters.
const MAX_SYLLABLE_LETTERS: usize = 6;

/// The most chars a syllable can take: every letter may carry a combining mark (`ɑ̄` is `ɑ` and
/// U+0304, as no precomposed `ɑ` with a tone exists), though a valid one has at most one.
pub(crate) const MAX_SYLLABLE_CHARS: usize = 2 * MAX_SYLLABLE_LETTERS;

/// The standard Hanyu Pinyin syllables without tone (410), sorted bytewise.
/// `ü` is spelt `v` here only (`lv`, `lve`, `nv`, `nve`); a `v` in the input is never accepted.
const SYLLABLES: &[&[u8]] = &[
    b"a", b"ai", b"an", b"ang", b"ao", b"ba", b"bai", b"ban", b"bang", b"bao", b"bei", b"ben",
    b"beng", b"bi", b"bian", b"biao", b"bie", b"bin", b"bing", b"bo", b"bu", b"ca", b"cai", b"can",
    b"cang", b"cao", b"ce", b"cen", b"ceng", b"cha", b"chai", b"chan", b"chang", b"chao", b"che",
    b"chen", b"cheng", b"chi", b"chong", b"chou", b"chu", b"chua", b"chuai", b"chuan", b"chuang",
    b"chui", b"chun", b"chuo", b"ci", b"cong", b"cou", b"cu", b"cuan", b"cui", b"cun", b"cuo",
    b"da", b"dai", b"dan", b"dang", b"dao", b"de", b"dei", b"den", b"deng", b"di", b"dia", b"dian",
    b"diao", b"die", b"ding", b"diu", b"dong", b"dou", b"du", b"duan", b"dui", b"dun", b"duo",
    b"e", b"ei", b"en", b"eng", b"er", b"fa", b"fan", b"fang", b"fei", b"fen", b"feng", b"fo",
    b"fou", b"fu", b"ga", b"gai", b"gan", b"gang", b"gao", b"ge", b"gei", b"gen", b"geng", b"gong",
    b"gou", b"gu", b"gua", b"guai", b"guan", b"guang", b"gui", b"gun", b"guo", b"ha", b"hai",
    b"han", b"hang", b"hao", b"he", b"hei", b"hen", b"heng", b"hong", b"hou", b"hu", b"hua",
    b"huai", b"huan", b"huang", b"hui", b"hun", b"huo", b"ji", b"jia", b"jian", b"jiang", b"jiao",
    b"jie", b"jin", b"jing", b"jiong", b"jiu", b"ju", b"juan", b"jue", b"jun", b"ka", b"kai",
    b"kan", b"kang", b"kao", b"ke", b"kei", b"ken", b"keng", b"kong", b"kou", b"ku", b"kua",
    b"kuai", b"kuan", b"kuang", b"kui", b"kun", b"kuo", b"la", b"lai", b"lan", b"lang", b"lao",
    b"le", b"lei", b"leng", b"li", b"lia", b"lian", b"liang", b"liao", b"lie", b"lin", b"ling",
    b"liu", b"lo", b"long", b"lou", b"lu", b"luan", b"lun", b"luo", b"lv", b"lve", b"ma", b"mai",
    b"man", b"mang", b"mao", b"me", b"mei", b"men", b"meng", b"mi", b"mian", b"miao", b"mie",
    b"min", b"ming", b"miu", b"mo", b"mou", b"mu", b"na", b"nai", b"nan", b"nang", b"nao", b"ne",
    b"nei", b"nen", b"neng", b"ni", b"nian", b"niang", b"niao", b"nie", b"nin", b"ning", b"niu",
    b"nong", b"nou", b"nu", b"nuan", b"nuo", b"nv", b"nve", b"o", b"ou", b"pa", b"pai", b"pan",
    b"pang", b"pao", b"pei", b"pen", b"peng", b"pi", b"pian", b"piao", b"pie", b"pin", b"ping",
    b"po", b"pou", b"pu", b"qi", b"qia", b"qian", b"qiang", b"qiao", b"qie", b"qin", b"qing",
    b"qiong", b"qiu", b"qu", b"quan", b"que", b"qun", b"ran", b"rang", b"rao", b"re", b"ren",
    b"reng", b"ri", b"rong", b"rou", b"ru", b"rua", b"ruan", b"rui", b"run", b"ruo", b"sa", b"sai",
    b"san", b"sang", b"sao", b"se", b"sen", b"seng", b"sha", b"shai", b"shan", b"shang", b"shao",
    b"she", b"shei", b"shen", b"sheng", b"shi", b"shou", b"shu", b"shua", b"shuai", b"shuan",
    b"shuang", b"shui", b"shun", b"shuo", b"si", b"song", b"sou", b"su", b"suan", b"sui", b"sun",
    b"suo", b"ta", b"tai", b"tan", b"tang", b"tao", b"te", b"teng", b"ti", b"tian", b"tiao",
    b"tie", b"ting", b"tong", b"tou", b"tu", b"tuan", b"tui", b"tun", b"tuo", b"wa", b"wai",
    b"wan", b"wang", b"wei", b"wen", b"weng", b"wo", b"wu", b"xi", b"xia", b"xian", b"xiang",
    b"xiao", b"xie", b"xin", b"xing", b"xiong", b"xiu", b"xu", b"xuan", b"xue", b"xun", b"ya",
    b"yan", b"yang", b"yao", b"ye", b"yi", b"yin", b"ying", b"yo", b"yong", b"you", b"yu", b"yuan",
    b"yue", b"yun", b"za", b"zai", b"zan", b"zang", b"zao", b"ze", b"zei", b"zen", b"zeng", b"zha",
    b"zhai", b"zhan", b"zhang", b"zhao", b"zhe", b"zhei", b"zhen", b"zheng", b"zhi", b"zhong",
    b"zhou", b"zhu", b"zhua", b"zhuai", b"zhuan", b"zhuang", b"zhui", b"zhun", b"zhuo", b"zi",
    b"zong", b"zou", b"zu", b"zuan", b"zui", b"zun", b"zuo",
];

/// A syllable of up to 8 letters as one number: its bytes big-endian, left-aligned, zero padded,
/// so numeric order is the bytewise order of the spellings.
const fn syllable_key(letters: &[u8]) -> u64 {
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 {
        let byte = if i < letters.len() { letters[i] } else { 0 };
        key = (key << 8) | byte as u64;
        i += 1;
    }
    key
}

/// [`SYLLABLES`] as keys, for a binary search without string comparisons (which cost more than
/// the rest of the pinyin scan together).
const SYLLABLE_KEYS: [u64; SYLLABLES.len()] = {
    let mut keys = [0u64; SYLLABLES.len()];
    let mut i = 0;
    while i < SYLLABLES.len() {
        keys[i] = syllable_key(SYLLABLES[i]);
        i += 1;
    }
    keys
};

/// The number of syllables in the standard inventory.
pub(crate) const SYLLABLE_COUNT: usize = SYLLABLES.len();

/// The index in the standard inventory (`0..SYLLABLE_COUNT`, bytewise order) of the toneless
/// syllable `letters` (lowercase ASCII, `ü` spelt `v`), if it is one.
pub(crate) fn syllable_index(letters: &[u8]) -> Option<usize> {
    if letters.len() > MAX_SYLLABLE_LETTERS {
        return None;
    }
    SYLLABLE_KEYS.binary_search(&syllable_key(letters)).ok()
}

/// The toneless spelling (`ü` spelt `v`) of the syllable at `index` of the inventory.
pub(crate) fn syllable_letters(index: usize) -> Option<&'static [u8]> {
    SYLLABLES.get(index).copied()
}

/// How one char of a candidate syllable reads once its tone mark is stripped.
#[derive(Clone, Copy)]
struct Letter {
    /// The plain ASCII letter (`v` for `ü`).
    base: u8,
    /// The char carries a tone mark (`ā á ǎ à` …).
    toned: bool,
}

/// The letter `c` stands for in a pinyin syllable, or `None` if it cannot be part of one.
/// `ɑ` (U+0251) and `ɡ` (U+0261) are accepted for `a` and `g`: other crawls of this kind use them.
fn letter(c: char) -> Option<Letter> {
    let plain = |base: u8| Some(Letter { base, toned: false });
    let toned = |base: u8| Some(Letter { base, toned: true });
    match c {
        // `v` is only a stand-in for `ü` in some input methods, never in crawled text.
        'a'..='u' | 'w'..='z' => plain(c as u8),
        'ɑ' => plain(b'a'),
        'ɡ' => plain(b'g'),
        'ü' => plain(b'v'),
        'ā' | 'á' | 'ǎ' | 'à' => toned(b'a'),
        'ē' | 'é' | 'ě' | 'è' => toned(b'e'),
        'ī' | 'í' | 'ǐ' | 'ì' => toned(b'i'),
        'ō' | 'ó' | 'ǒ' | 'ò' => toned(b'o'),
        'ū' | 'ú' | 'ǔ' | 'ù' => toned(b'u'),
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => toned(b'v'),
        _ => None,
    }
}

/// Combining marks that put a tone (or the umlaut of `ü`) on the letter before them.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Combining {
    Tone,
    Diaeresis,
}

fn combining(c: char) -> Option<Combining> {
    match c {
        // Macron, acute, caron, grave.
        '\u{304}' | '\u{301}' | '\u{30C}' | '\u{300}' => Some(Combining::Tone),
        '\u{308}' => Some(Combining::Diaeresis),
        _ => None,
    }
}

/// True if `c` can appear in a pinyin syllable (a lowercase latin letter, a toned vowel, `ü`,
/// `ɑ`, `ɡ` or a combining tone mark). Used to scan back from a `)` without decoding syllables.
pub(crate) fn is_syllable_char(c: char) -> bool {
    letter(c).is_some() || combining(c).is_some()
}

/// True if `s` is exactly one Hanyu Pinyin syllable written with a tone mark (or with `ü`, which
/// plain latin text never has): at most one toned vowel, and the toneless spelling is in the
/// standard inventory. `diào`, `lǜ`, `lüe` are; `dia`, `café`, `xyzā`, `qū qu`, `diāō` are not.
pub(crate) fn is_toned_syllable(s: &str) -> bool {
    let mut base = [0u8; MAX_SYLLABLE_LETTERS];
    let mut len: usize = 0;
    let mut tone_marks = 0;
    let mut has_umlaut = false;
    for c in s.chars() {
        if let Some(mark) = combining(c) {
            // A combining mark must sit on a vowel letter (the diaeresis on `u` only).
            let Some(previous) = len.checked_sub(1).map(|i| &mut base[i]) else {
                return false;
            };
            match mark {
                Combining::Tone if b"aeiouv".contains(previous) => tone_marks += 1,
                Combining::Diaeresis if *previous == b'u' => {
                    *previous = b'v';
                    has_umlaut = true;
                }
                _ => return false,
            }
            continue;
        }
        let Some(l) = letter(c) else {
            return false;
        };
        if len == MAX_SYLLABLE_LETTERS {
            return false;
        }
        base[len] = l.base;
        len += 1;
        tone_marks += usize::from(l.toned);
        has_umlaut |= l.base == b'v';
    }
    // A syllable carries one tone mark at most; none at all is plain latin text unless it is
    // the neutral-tone `ü` of `lü`/`nü`.
    if tone_marks > 1 || (tone_marks == 0 && !has_umlaut) {
        return false;
    }
    SYLLABLE_KEYS
        .binary_search(&syllable_key(&base[..len]))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inventory_is_sorted_unique_and_complete() {
        assert!(
            SYLLABLES.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        assert_eq!(SYLLABLES.len(), 410);
        for syllable in [
            &b"er"[..],
            b"zhuang",
            b"chuang",
            b"shuang",
            b"lve",
            b"nv",
            b"yo",
            b"rua",
            b"den",
        ] {
            assert!(SYLLABLES.contains(&syllable), "{syllable:?}");
        }
        assert!(SYLLABLES.iter().all(|s| s.len() <= MAX_SYLLABLE_LETTERS));
    }

    #[test]
    fn toned_syllables() {
        for yes in [
            "diào",
            "fā",
            "jī",
            "yōu",
            "zhǔn",
            "qū",
            "ér",
            "lǜ",
            "nüè",
            "lüe",
            "lü",
            "ɡuó",
            "shuāng",
            "ǎ",
            // Combining marks: ɑ + macron, a + caron, u + diaeresis + grave.
            "hɑ\u{304}",
            "ha\u{30C}o",
            "lu\u{308}\u{300}",
            "lu\u{308}",
        ] {
            assert!(is_toned_syllable(yes), "{yes}");
        }
        for no in [
            "",
            "a",
            "diao",
            "dia",
            "café",
            "xyzā",
            "qū qu",
            "diāō",
            "lǜv",
            "lvè",
            "Diào",
            "zhuāngg",
            "nián2",
            "jiǒngx",
            "ā ",
            "\u{304}a",
            "h\u{304}a",
            "ju\u{308}",
            "ha\u{304}\u{301}",
        ] {
            assert!(!is_toned_syllable(no), "{no}");
        }
    }
}
