//! User phrases: a corpus's own fixes to OpenCC's conversion (`头发 → 頭髮`), stored in the
//! corpus's `pizhu.ron` and applied before OpenCC's dictionaries.
//!
//! How they apply (one rule, so the offset maps stay exact and output without phrases stays
//! OpenCC's): the input is scanned once for the user phrases that apply to the config, greedily,
//! longest match first at the leftmost position. Each match is replaced by its `to` text as is;
//! the text between matches is converted by OpenCC, each stretch as a text of its own (no OpenCC
//! phrase reaches into a user phrase). Where two phrases have the same `from` for one config, the
//! one scoped to that config beats one scoped to a whole direction, and among equals the later
//! one in the list wins (so appending a fix overrides an older one).
//!
//! Offsets: none stored. The map of a match is a block of `from` chars shown as `to` chars
//! (char for char when both have the same length).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Target;
use super::config::{OpenccConfig, UnknownConfig};
use super::ids::ids_operator_arity;

/// One user phrase: wherever `from` appears in the text being converted, the view shows `to`.
///
/// In `pizhu.ron`: `(from: "头发", to: "頭髮", config: "traditional")`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UserPhrase {
    /// The text as it is before conversion (as the 净文 Clean view shows it).
    pub from: String,
    /// What the converted view shows instead, exactly (not converted further).
    pub to: String,
    /// Which conversions it applies to.
    pub config: PhraseScope,
}

impl UserPhrase {
    /// A phrase from `from` to `to` for `config`.
    pub fn new(from: impl Into<String>, to: impl Into<String>, config: PhraseScope) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            config,
        }
    }
}

/// Which conversions a [`UserPhrase`] applies to. Written in `pizhu.ron` as a string:
/// `"traditional"`, `"simplified"`, or one OpenCC config name such as `"s2twp"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PhraseScope {
    /// Every conversion of simplified text to traditional: `s2t`, `s2tw`, `s2twp`, `s2hk` (all
    /// variants of the 繁 view).
    Traditional,
    /// Every conversion to simplified: `t2s`, `tw2s`, `tw2sp`, `hk2s` (all sources of the 简
    /// view).
    Simplified,
    /// One config only.
    Only(OpenccConfig),
}

impl PhraseScope {
    /// True when a phrase with this scope applies to `config`.
    pub fn applies_to(self, config: OpenccConfig) -> bool {
        match self {
            Self::Traditional => config.reads_simplified(),
            Self::Simplified => config.target() == Target::Simplified,
            Self::Only(only) => only == config,
        }
    }

    /// The scope a phrase chosen in a view converted by `config` gets by default: the whole
    /// direction for the 简 and 繁 views' configs (a fix of a character choice holds for every
    /// variant), the one config otherwise.
    pub fn for_config(config: OpenccConfig) -> Self {
        if config.reads_simplified() {
            Self::Traditional
        } else if config.target() == Target::Simplified {
            Self::Simplified
        } else {
            Self::Only(config)
        }
    }

    /// How specific the scope is (a config-only phrase beats a direction-wide one).
    fn rank(self) -> u8 {
        match self {
            Self::Only(_) => 1,
            Self::Traditional | Self::Simplified => 0,
        }
    }
}

impl fmt::Display for PhraseScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Traditional => f.write_str("traditional"),
            Self::Simplified => f.write_str("simplified"),
            Self::Only(config) => f.write_str(config.name()),
        }
    }
}

impl FromStr for PhraseScope {
    type Err = UnknownConfig;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "traditional" => Ok(Self::Traditional),
            "simplified" => Ok(Self::Simplified),
            _ => s.parse().map(Self::Only),
        }
    }
}

impl Serialize for PhraseScope {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PhraseScope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|_| {
            serde::de::Error::custom(format!(
                "unknown user phrase config {text:?}: use \"traditional\", \"simplified\" or an OpenCC config name such as \"s2twp\""
            ))
        })
    }
}

/// Why a user phrase is not used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhraseProblem {
    /// `from` is empty.
    #[error("the text to replace is empty")]
    EmptyFrom,
    /// `to` is empty (a user phrase fixes a conversion; it does not delete text).
    #[error("the replacement is empty")]
    EmptyTo,
    /// `from` or `to` holds a line break (views are read line by line).
    #[error("a user phrase cannot span lines")]
    LineBreak,
    /// `from` holds an ideographic description character (⿰…), which OpenCC never converts.
    #[error("a user phrase cannot contain ideographic description characters (⿰…)")]
    DescriptionCharacter,
    /// A later phrase has the same `from` and scope, so this one is never used.
    #[error("replaced by user phrase {later} (same text and config)")]
    Replaced {
        /// Index of the phrase that wins.
        later: usize,
    },
}

/// A problem with one phrase of a list, by its index in the list.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("user phrase {index} ({from:?}): {problem}")]
pub struct PhraseIssue {
    /// Index in the list given.
    pub index: usize,
    /// The phrase's `from`, to name it.
    pub from: String,
    /// What is wrong.
    pub problem: PhraseProblem,
}

/// The problems of a list of user phrases, for the settings window (empty when every phrase is
/// used). Phrases with a problem are skipped by [`Converter::with_user_phrases`](super::Converter::with_user_phrases); nothing fails.
pub fn check_user_phrases(phrases: &[UserPhrase]) -> Vec<PhraseIssue> {
    // The last phrase of each (from, scope): the one that wins.
    let mut last: HashMap<(&str, PhraseScope), usize> = HashMap::with_capacity(phrases.len());
    for (index, phrase) in phrases.iter().enumerate() {
        last.insert((phrase.from.as_str(), phrase.config), index);
    }
    let mut issues = Vec::new();
    for (index, phrase) in phrases.iter().enumerate() {
        let problem = phrase_problem(phrase).or_else(|| {
            last.get(&(phrase.from.as_str(), phrase.config))
                .filter(|&&later| later != index)
                .map(|&later| PhraseProblem::Replaced { later })
        });
        if let Some(problem) = problem {
            issues.push(PhraseIssue {
                index,
                from: phrase.from.clone(),
                problem,
            });
        }
    }
    issues
}

/// Adds `phrase` to `phrases`, replacing one with the same `from` and scope; returns its index.
/// (What the window does when the user picks another candidate or types a phrase.)
pub fn upsert_user_phrase(phrases: &mut Vec<UserPhrase>, phrase: UserPhrase) -> usize {
    match phrases
        .iter()
        .position(|p| p.from == phrase.from && p.config == phrase.config)
    {
        Some(index) => {
            phrases[index] = phrase;
            index
        }
        None => {
            phrases.push(phrase);
            phrases.len() - 1
        }
    }
}

fn phrase_problem(phrase: &UserPhrase) -> Option<PhraseProblem> {
    let line_break = |s: &str| s.contains(['\n', '\r']);
    if phrase.from.is_empty() {
        Some(PhraseProblem::EmptyFrom)
    } else if phrase.to.is_empty() {
        Some(PhraseProblem::EmptyTo)
    } else if line_break(&phrase.from) || line_break(&phrase.to) {
        Some(PhraseProblem::LineBreak)
    } else if phrase.from.chars().any(|c| ids_operator_arity(c) > 0) {
        Some(PhraseProblem::DescriptionCharacter)
    } else {
        None
    }
}

/// What a user phrase's match becomes.
#[derive(Debug)]
pub(super) struct Replacement {
    pub(super) to: String,
    pub(super) from_chars: usize,
    pub(super) to_chars: usize,
}

/// The user phrases of one config, built into one leftmost-longest automaton.
pub(super) struct UserStage {
    pub(super) automaton: CharwiseDoubleArrayAhoCorasick<u32>,
    pub(super) replacements: Vec<Replacement>,
    /// The config's stream cut chars minus those some `from` contains.
    pub(super) cut_chars: Vec<char>,
}

impl fmt::Debug for UserStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserStage")
            .field("phrases", &self.replacements.len())
            .finish()
    }
}

impl UserStage {
    /// The stage of the phrases that apply to `config` (`None` when none do), and the problems
    /// of the phrases skipped.
    pub(super) fn build(
        config: OpenccConfig,
        phrases: &[UserPhrase],
        cut_chars: &[char],
    ) -> (Option<Self>, Vec<PhraseIssue>) {
        let issues = check_user_phrases(phrases);
        let skipped: HashSet<usize> = issues
            .iter()
            .filter(|i| !matches!(i.problem, PhraseProblem::Replaced { .. }))
            .map(|i| i.index)
            .collect();
        let skipped = |index: usize| skipped.contains(&index);
        // The winner for each `from`: most specific scope, then latest.
        let mut chosen: Vec<(&str, usize)> = Vec::new();
        let mut slots: HashMap<&str, usize> = HashMap::new();
        for (index, phrase) in phrases.iter().enumerate() {
            if skipped(index) || !phrase.config.applies_to(config) {
                continue;
            }
            match slots.get(phrase.from.as_str()) {
                Some(&slot) => {
                    if phrase.config.rank() >= phrases[chosen[slot].1].config.rank() {
                        chosen[slot].1 = index;
                    }
                }
                None => {
                    slots.insert(&phrase.from, chosen.len());
                    chosen.push((&phrase.from, index));
                }
            }
        }
        if chosen.is_empty() {
            return (None, issues);
        }
        let mut replacements = Vec::with_capacity(chosen.len());
        let mut patterns = Vec::with_capacity(chosen.len());
        for (value, (from, index)) in chosen.iter().enumerate() {
            let to = &phrases[*index].to;
            replacements.push(Replacement {
                to: to.clone(),
                from_chars: from.chars().count(),
                to_chars: to.chars().count(),
            });
            patterns.push((*from, u32::try_from(value).unwrap_or(u32::MAX)));
        }
        let automaton = match CharwiseDoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
        {
            Ok(automaton) => automaton,
            Err(e) => {
                // Only on absurd sizes (daachorse's limits are in the millions of states).
                log::error!("user phrases not used: {e}");
                return (None, issues);
            }
        };
        let cut_chars = cut_chars
            .iter()
            .copied()
            .filter(|c| !chosen.iter().any(|(from, _)| from.contains(*c)))
            .collect();
        (
            Some(Self {
                automaton,
                replacements,
                cut_chars,
            }),
            issues,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_apply_and_round_trip_as_strings() {
        use OpenccConfig::*;
        let traditional: Vec<_> = OpenccConfig::ALL
            .into_iter()
            .filter(|c| PhraseScope::Traditional.applies_to(*c))
            .collect();
        assert_eq!(traditional, [S2t, S2tw, S2twp, S2hk]);
        let simplified: Vec<_> = OpenccConfig::ALL
            .into_iter()
            .filter(|c| PhraseScope::Simplified.applies_to(*c))
            .collect();
        assert_eq!(simplified, [T2s, Tw2s, Tw2sp, Hk2s]);
        assert!(
            PhraseScope::Only(T2tw).applies_to(T2tw) && !PhraseScope::Only(T2tw).applies_to(S2t)
        );
        assert_eq!(PhraseScope::for_config(S2twp), PhraseScope::Traditional);
        assert_eq!(PhraseScope::for_config(Hk2s), PhraseScope::Simplified);
        assert_eq!(PhraseScope::for_config(Tw2t), PhraseScope::Only(Tw2t));
        for scope in [
            PhraseScope::Traditional,
            PhraseScope::Simplified,
            PhraseScope::Only(S2twp),
        ] {
            let ron = ron::to_string(&scope).expect("serialises");
            assert_eq!(ron, format!("\"{scope}\""));
            assert_eq!(ron::from_str::<PhraseScope>(&ron).expect("parses"), scope);
        }
        let err = ron::from_str::<PhraseScope>("\"s2jp\"").expect_err("unknown");
        assert!(
            err.to_string().contains("unknown user phrase config"),
            "{err}"
        );
    }

    #[test]
    fn problems_are_reported_by_index() {
        let phrases = vec![
            UserPhrase::new("头发", "頭髮", PhraseScope::Traditional),
            UserPhrase::new("", "x", PhraseScope::Traditional),
            UserPhrase::new("a\nb", "x", PhraseScope::Traditional),
            UserPhrase::new("⿰讠吾", "x", PhraseScope::Traditional),
            UserPhrase::new("头发", "頭发", PhraseScope::Traditional),
            UserPhrase::new("干", "", PhraseScope::Traditional),
        ];
        let problems: Vec<(usize, PhraseProblem)> = check_user_phrases(&phrases)
            .into_iter()
            .map(|i| (i.index, i.problem))
            .collect();
        assert_eq!(
            problems,
            [
                (0, PhraseProblem::Replaced { later: 4 }),
                (1, PhraseProblem::EmptyFrom),
                (2, PhraseProblem::LineBreak),
                (3, PhraseProblem::DescriptionCharacter),
                (5, PhraseProblem::EmptyTo),
            ]
        );
        let issue = &check_user_phrases(&phrases)[0];
        assert_eq!(
            issue.to_string(),
            "user phrase 0 (\"头发\"): replaced by user phrase 4 (same text and config)"
        );
    }

    #[test]
    fn upsert_replaces_same_text_and_scope() {
        let mut phrases = vec![UserPhrase::new("头发", "頭發", PhraseScope::Traditional)];
        let at = upsert_user_phrase(
            &mut phrases,
            UserPhrase::new("头发", "頭髮", PhraseScope::Traditional),
        );
        assert_eq!((at, phrases.len(), phrases[0].to.as_str()), (0, 1, "頭髮"));
        let at = upsert_user_phrase(
            &mut phrases,
            UserPhrase::new("头发", "頭髮", PhraseScope::Only(OpenccConfig::S2hk)),
        );
        assert_eq!((at, phrases.len()), (1, 2));
    }

    #[test]
    fn the_most_specific_then_latest_phrase_wins() {
        let phrases = vec![
            UserPhrase::new("干", "A", PhraseScope::Only(OpenccConfig::S2tw)),
            UserPhrase::new("干", "B", PhraseScope::Traditional),
            UserPhrase::new("后", "C", PhraseScope::Traditional),
            UserPhrase::new("后", "D", PhraseScope::Traditional),
            UserPhrase::new("後", "E", PhraseScope::Simplified),
        ];
        let to = |config| {
            let (stage, _) = UserStage::build(config, &phrases, &['\n']);
            let stage = stage.expect("phrases apply");
            let mut pairs: Vec<String> = stage.replacements.iter().map(|r| r.to.clone()).collect();
            pairs.sort();
            pairs
        };
        assert_eq!(to(OpenccConfig::S2tw), ["A", "D"]);
        assert_eq!(to(OpenccConfig::S2t), ["B", "D"]);
        assert_eq!(to(OpenccConfig::T2s), ["E"]);
        assert!(
            UserStage::build(OpenccConfig::T2tw, &phrases, &[])
                .0
                .is_none()
        );
        // A cut char inside a `from` is no longer a place to cut a stream.
        let (stage, _) = UserStage::build(
            OpenccConfig::S2t,
            &[UserPhrase::new(
                "你，好",
                "妳，好",
                PhraseScope::Traditional,
            )],
            &['\n', '，', '。'],
        );
        assert_eq!(stage.expect("applies").cut_chars, ['\n', '。']);
    }
}
