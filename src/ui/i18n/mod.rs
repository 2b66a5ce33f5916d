//! The window's language: one at a time, 简体中文, 繁體中文 or English, from tables of strings.
//!
//! Every user-facing string of the window lives in a table here, one file per area of the
//! window (`toolbar.rs`, …), declared with [`texts!`]: an enum of keys and, for each key, its
//! text in the three languages, in that order. A key without all three does not compile, and the
//! test at the bottom checks what the compiler cannot (no empty text, the same `{placeholders}`
//! in every language, no simplified character left in the 繁體 column).
//!
//! Panels ask with [`tr`] (a `&'static str`) or [`trf`] (fills `{name}` placeholders). The
//! language is a setting ([`Settings::language`](super::settings::Settings)): `None` follows the
//! system's locale ([`Language::system`]). The app makes it current for the UI thread at the start
//! of every frame ([`set_current`]); it is per thread so that window tests running in parallel
//! each speak their own language. Worker threads never build user-facing text: they hand data
//! back and the UI words it.
//!
//! Core errors (`thiserror` enums in the library, shared with the CLI) keep their English
//! sentences; the window puts them after a translated lead where it shows them.

mod annotating;
mod dialog;
mod dict;
mod export;
mod keys;
mod reading;
mod search;
mod status;
mod tagging;
mod toolbar;
mod views;

pub use annotating::Annotating;
pub use dialog::DialogText;
pub use dict::{AboutText, DictText, PhraseText};
pub use export::{ExportText, ImportText};
pub use keys::Keys;
pub use reading::{Reading, script_badge};
pub use search::SearchText;
pub use status::Status;
pub use tagging::TagText;
pub use toolbar::Toolbar;
pub use views::{Views, source_name, variant_name, view_name, view_sign};

use std::cell::Cell;
use std::fmt::Display;

use serde::{Deserialize, Serialize};

/// A language the window speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// 简体中文.
    #[default]
    Simplified,
    /// 繁體中文.
    Traditional,
    /// English.
    English,
}

impl Language {
    /// Every language, in menu order.
    pub const ALL: [Self; 3] = [Self::Simplified, Self::Traditional, Self::English];

    /// The language's name in itself (the same in every UI language, as menus show it).
    pub fn native_name(self) -> &'static str {
        match self {
            Self::Simplified => "简体中文",
            Self::Traditional => "繁體中文",
            Self::English => "English",
        }
    }

    /// The language for a BCP 47 or POSIX locale name (`zh-CN`, `zh_TW.UTF-8`, `zh-Hant-HK`,
    /// `en-US`, `C`): Chinese in Taiwan, Hong Kong, Macau or written `Hant` is 繁體中文, other
    /// Chinese 简体中文, anything else English.
    pub fn from_locale(locale: &str) -> Self {
        // `zh_TW.UTF-8@euro` → `zh-tw`
        let name = locale
            .split(['.', '@'])
            .next()
            .unwrap_or_default()
            .replace('_', "-")
            .to_ascii_lowercase();
        let mut parts = name.split('-');
        if parts.next() != Some("zh") {
            return Self::English;
        }
        if parts.any(|part| matches!(part, "hant" | "tw" | "hk" | "mo")) {
            Self::Traditional
        } else {
            Self::Simplified
        }
    }

    /// The language of the system's locale (English when it has none or it is not Chinese).
    pub fn system() -> Self {
        sys_locale::get_locale().map_or(Self::English, |locale| Self::from_locale(&locale))
    }

    fn index(self) -> usize {
        match self {
            Self::Simplified => 0,
            Self::Traditional => 1,
            Self::English => 2,
        }
    }
}

thread_local! {
    static CURRENT: Cell<Language> = const { Cell::new(Language::Simplified) };
}

/// Makes `language` the one [`tr`] answers in on this thread (the app calls it every frame).
pub fn set_current(language: Language) {
    CURRENT.with(|current| current.set(language));
}

/// The language [`tr`] answers in on this thread.
pub fn current() -> Language {
    CURRENT.with(Cell::get)
}

/// A table of strings: an enum of keys declared with [`texts!`].
pub trait Text: Copy + 'static {
    /// The key's texts: 简体中文, 繁體中文, English.
    fn texts(self) -> [&'static str; 3];

    /// The key's name (for the table test's messages).
    fn name(self) -> &'static str;

    /// The key's text in `language`.
    fn text(self, language: Language) -> &'static str {
        self.texts()[language.index()]
    }
}

/// The key's text in the current language.
pub fn tr(key: impl Text) -> &'static str {
    key.text(current())
}

/// The key's text in the current language with each `{name}` replaced by its value
/// (`trf(Toolbar::Saved, &[("n", &3)])`). A placeholder without a value is left as it is.
pub fn trf(key: impl Text, args: &[(&str, &dyn Display)]) -> String {
    fill(tr(key), args)
}

fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(arg, _)| *arg == name)
                .map(|(_, value)| (close, value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(&value.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Declares a table of strings: `texts! { /// doc  pub enum Name { /// doc  Key => ["简", "繁",
/// "English"], … } }`. Each key is a variant of the enum, which implements [`Text`] and lists
/// its keys in `ALL`.
macro_rules! texts {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$key_meta:meta])* $key:ident => [$hans:literal, $hant:literal, $en:literal] ),*
            $(,)?
        }
    ) => {
        $(#[$meta])*
        // A key is documented by its texts, beside it in the table.
        #[allow(missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$key_meta])* $key ),*
        }

        impl $name {
            /// Every key of the table.
            #[allow(dead_code)]
            pub const ALL: &[Self] = &[$(Self::$key),*];
        }

        impl $crate::ui::i18n::Text for $name {
            fn texts(self) -> [&'static str; 3] {
                match self {
                    $( Self::$key => [$hans, $hant, $en] ),*
                }
            }

            fn name(self) -> &'static str {
                match self {
                    $( Self::$key => stringify!($key) ),*
                }
            }
        }
    };
}
pub(crate) use texts;

/// Every table's texts, for the test: (key name, [简, 繁, English]). A new table adds a line.
#[cfg(test)]
fn every_text() -> Vec<(&'static str, [&'static str; 3])> {
    fn table<T: Text>(keys: &[T]) -> impl Iterator<Item = (&'static str, [&'static str; 3])> + '_ {
        keys.iter().map(|key| (key.name(), key.texts()))
    }
    let mut all = Vec::new();
    all.extend(table(Toolbar::ALL));
    all.extend(table(DialogText::ALL));
    all.extend(table(ExportText::ALL));
    all.extend(table(ImportText::ALL));
    all.extend(table(SearchText::ALL));
    all.extend(table(DictText::ALL));
    all.extend(table(PhraseText::ALL));
    all.extend(table(AboutText::ALL));
    all.extend(table(TagText::ALL));
    all.extend(table(Annotating::ALL));
    all.extend(table(Keys::ALL));
    all.extend(table(Reading::ALL));
    all.extend(table(Status::ALL));
    all.extend(table(Views::ALL));
    all
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::text::convert::{Converter, OpenccConfig};

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn every_key_has_a_text_in_every_language_with_the_same_placeholders() {
        let texts = every_text();
        assert!(!texts.is_empty());
        for (name, [hans, hant, en]) in texts {
            for (language, text) in Language::ALL.iter().zip([hans, hant, en]) {
                assert!(
                    !text.trim().is_empty(),
                    "{name} has no {} text",
                    language.native_name()
                );
            }
            let expected = placeholders(hans);
            assert_eq!(placeholders(hant), expected, "{name}: 繁體 placeholders");
            assert_eq!(placeholders(en), expected, "{name}: English placeholders");
        }
    }

    #[test]
    fn the_traditional_texts_have_no_simplified_character_left() {
        // OpenCC's s2t changes a simplified character and leaves a traditional one as it is.
        let s2t = Converter::of(OpenccConfig::S2t);
        for (name, [_, hant, _]) in every_text() {
            assert_eq!(s2t.convert(hant).text, hant, "{name}: 繁體 text `{hant}`");
        }
    }

    #[test]
    fn locales_map_to_languages() {
        for (locale, language) in [
            ("zh-CN", Language::Simplified),
            ("zh_CN.UTF-8", Language::Simplified),
            ("zh-Hans-SG", Language::Simplified),
            ("zh", Language::Simplified),
            ("zh-TW", Language::Traditional),
            ("zh_HK.UTF-8", Language::Traditional),
            ("zh-Hant", Language::Traditional),
            ("zh-MO", Language::Traditional),
            ("en-US", Language::English),
            ("C", Language::English),
            ("", Language::English),
            ("fr_FR.UTF-8", Language::English),
        ] {
            assert_eq!(Language::from_locale(locale), language, "{locale}");
        }
    }

    #[test]
    fn tr_answers_in_the_current_language_of_its_thread() {
        set_current(Language::English);
        assert_eq!(tr(Toolbar::Open), "Open…");
        set_current(Language::Traditional);
        assert_eq!(tr(Toolbar::Open), "打開…");
        let other = std::thread::spawn(|| {
            set_current(Language::English);
            tr(Toolbar::Open)
        });
        assert_eq!(other.join().expect("thread"), "Open…");
        assert_eq!(tr(Toolbar::Open), "打開…");
    }

    #[test]
    fn placeholders_are_filled_by_name() {
        assert_eq!(
            fill("{n} 条 of {total}", &[("n", &3), ("total", &"7")]),
            "3 条 of 7"
        );
        assert_eq!(fill("{missing} {", &[("n", &1)]), "{missing} {");
        assert_eq!(fill("𠮷{n}𠮷", &[("n", &"字")]), "𠮷字𠮷");
    }
}
