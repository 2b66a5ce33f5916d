//! Conversion configs as data, as OpenCC's JSON configs are: [`OpenccConfig`] names them, a
//! [`Config`] holds one config's stages, each stage ([`StageSpec`]) built from named
//! dictionaries ([`super::dictionary`]). Adding a config is adding its dictionaries there and a
//! [`Config`] here; [`CONFIGS`] lists them for the test that compares each with
//! `assets/opencc/<name>.json`.
//!
//! How OpenCC 1.4.2 runs a config (`Config.cpp`, `ConfigBasedConverter`, `SingleStageConverter`):
//! 1. its `normalization` chain over the whole text (`CJK_Compatibility_Ideographs`);
//! 2. if the config has a `segmentation` (every regional `s2…` and `…2s` config; not `s2t`,
//!    `t2s`, `t2tw`, `t2hk`, `tw2t`, `hk2t`), OpenCC's `mmseg` cuts the normalised text into
//!    segments: each longest match of the segmentation dictionary is a segment, and the text
//!    between matches is one segment;
//! 3. its `conversion_chain`: each stage rewrites the output of the previous one, *segment by
//!    segment*: no match of any stage spans two segments. For a one-stage chain whose first group
//!    is the segmentation dictionary (`s2t`) this changes nothing; for `s2twp` it does: a Taiwan
//!    phrase is not matched across the edge of an `STPhrases` match.
//!
//! In a stage, inside a `short_circuit` group the first child with any match wins; inside a
//! `union` group the longest match wins; for equal keys the earlier dictionary wins
//! ([`super::stage`] reproduces all of this with one automaton per stage).
//!
//! `TSCharactersExt` is marked `may_output_tofu` in the `…2s` configs. OpenCC's library and
//! Python binding include such dictionaries by default (the `opencc` command-line tool leaves
//! them out unless given `--include-tofu-risk-dictionaries`); the testcases expect them, so we
//! include it.
//!
//! Stages are statics so that configs that share one (the `STPhrases`/`STCharacters` stage of
//! `s2t`, `s2tw`, `s2twp`, `s2hk`) build it once.
//!
//! No offsets here.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::Target;
use super::dictionary::{
    CJK_COMPATIBILITY_IDEOGRAPHS, DictFile, HK_VARIANTS, HK_VARIANTS_PHRASES, HK_VARIANTS_REV,
    HK_VARIANTS_REV_PHRASES, ST_CHARACTERS, ST_PHRASES, ST_PHRASES_REGIONAL, TS_CHARACTERS,
    TS_CHARACTERS_EXT, TS_PHRASES, TW_PHRASES, TW_PHRASES_REV, TW_VARIANTS, TW_VARIANTS_PHRASES,
    TW_VARIANTS_REV, TW_VARIANTS_REV_PHRASES,
};
use super::stage::{Stage, Tables};

/// The OpenCC 1.4.2 configs Pizhu runs, named as OpenCC names them (`s2twp` is `s2twp.json`).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OpenccConfig {
    /// Simplified → Traditional (OpenCC's standard 繁體).
    #[default]
    S2t,
    /// Traditional → Simplified.
    T2s,
    /// Simplified → Traditional, Taiwan standard characters (臺灣正體).
    S2tw,
    /// Simplified → Traditional, Taiwan standard characters and Taiwan vocabulary (软件 → 軟體).
    S2twp,
    /// Simplified → Traditional, Hong Kong variant characters (香港繁體).
    S2hk,
    /// Traditional (Taiwan standard) → Simplified.
    Tw2s,
    /// Traditional (Taiwan standard) → Simplified, with mainland vocabulary (軟體 → 软件).
    Tw2sp,
    /// Traditional (Hong Kong variant) → Simplified.
    Hk2s,
    /// Traditional (OpenCC) → Traditional (Taiwan standard).
    T2tw,
    /// Traditional (OpenCC) → Traditional (Hong Kong variant).
    T2hk,
    /// Traditional (Taiwan standard) → Traditional (OpenCC).
    Tw2t,
    /// Traditional (Hong Kong variant) → Traditional (OpenCC).
    Hk2t,
}

impl OpenccConfig {
    /// Every config, in this order (`s2t`, `t2s`, then the regional ones).
    pub const ALL: [Self; 12] = [
        Self::S2t,
        Self::T2s,
        Self::S2tw,
        Self::S2twp,
        Self::S2hk,
        Self::Tw2s,
        Self::Tw2sp,
        Self::Hk2s,
        Self::T2tw,
        Self::T2hk,
        Self::Tw2t,
        Self::Hk2t,
    ];

    /// OpenCC's name: the JSON config's file stem (`s2twp`).
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The script the output is written in.
    pub fn target(self) -> Target {
        match self {
            Self::T2s | Self::Tw2s | Self::Tw2sp | Self::Hk2s => Target::Simplified,
            _ => Target::Traditional,
        }
    }

    /// True for the configs that read simplified text (`s2…`).
    pub fn reads_simplified(self) -> bool {
        matches!(self, Self::S2t | Self::S2tw | Self::S2twp | Self::S2hk)
    }

    pub(super) fn index(self) -> usize {
        self as usize
    }

    pub(super) fn spec(self) -> &'static Config {
        CONFIGS[self.index()]
    }
}

impl fmt::Display for OpenccConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown OpenCC config name.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown OpenCC config {0:?}: use s2t, t2s, s2tw, s2twp, s2hk, tw2s, tw2sp, hk2s, t2tw, t2hk, tw2t or hk2t"
)]
pub struct UnknownConfig(pub String);

impl FromStr for OpenccConfig {
    type Err = UnknownConfig;

    /// Accepts OpenCC's names, case-insensitively, with or without `.json`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let name = s.trim();
        let name = name.strip_suffix(".json").unwrap_or(name);
        Self::ALL
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownConfig(s.to_owned()))
    }
}

/// A stage: a `short_circuit` list of `union` groups of dictionaries, in priority order, and the
/// stage built from them on first use.
pub(super) struct StageSpec {
    /// The groups, in priority order.
    pub(super) groups: &'static [&'static [DictFile]],
    built: OnceLock<Stage>,
}

impl StageSpec {
    pub(super) const fn new(groups: &'static [&'static [DictFile]]) -> Self {
        Self {
            groups,
            built: OnceLock::new(),
        }
    }

    /// The stage's automaton, built on first use and shared by every config.
    pub(super) fn built(&self) -> &Stage {
        self.built.get_or_init(|| Stage::build(self.groups))
    }
}

impl fmt::Debug for StageSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<Vec<&str>> = self
            .groups
            .iter()
            .map(|g| g.iter().map(|d| d.name).collect())
            .collect();
        f.debug_tuple("StageSpec").field(&names).finish()
    }
}

/// A config: its name (the JSON file's stem), normalisation, segmentation and conversion chain.
/// Mirrors `assets/opencc/<name>.json`; a test checks that every config in [`CONFIGS`] still
/// does.
pub(super) struct Config {
    /// `s2t`, `s2twp`, … as OpenCC names the config.
    pub(super) name: &'static str,
    /// The `normalization` stages (whole text, no segmentation).
    pub(super) normalization: &'static [&'static StageSpec],
    /// The `mmseg` segmentation dictionaries (one union group), if the config has one.
    pub(super) segmentation: Option<&'static StageSpec>,
    /// The `conversion_chain`.
    pub(super) chain: &'static [&'static StageSpec],
    /// All stages built, on first use.
    pub(super) tables: OnceLock<Tables>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("name", &self.name)
            .field("normalization", &self.normalization)
            .field("segmentation", &self.segmentation)
            .field("chain", &self.chain)
            .finish_non_exhaustive()
    }
}

/// A [`Config`] with OpenCC's normalisation (every config has the same).
macro_rules! config {
    ($name:literal, $segmentation:expr, $chain:expr) => {
        Config {
            name: $name,
            normalization: &[&NORMALIZE],
            segmentation: $segmentation,
            chain: $chain,
            tables: OnceLock::new(),
        }
    };
}

impl Config {
    /// The built stages (tens of milliseconds the first time for the `STPhrases` configs).
    pub(super) fn tables(&'static self) -> &'static Tables {
        self.tables.get_or_init(|| Tables::build(self))
    }
}

static NORMALIZE: StageSpec = StageSpec::new(&[&[CJK_COMPATIBILITY_IDEOGRAPHS]]);
static ST_SEGMENTS: StageSpec = StageSpec::new(&[&[ST_PHRASES, ST_PHRASES_REGIONAL]]);
static TS_SEGMENTS: StageSpec = StageSpec::new(&[&[TS_PHRASES]]);
static ST: StageSpec = StageSpec::new(&[&[ST_PHRASES, ST_PHRASES_REGIONAL], &[ST_CHARACTERS]]);
static TS: StageSpec = StageSpec::new(&[&[TS_PHRASES], &[TS_CHARACTERS_EXT], &[TS_CHARACTERS]]);
static TW: StageSpec = StageSpec::new(&[&[TW_VARIANTS_PHRASES], &[TW_VARIANTS]]);
static TWP: StageSpec = StageSpec::new(&[&[TW_PHRASES], &[TW_VARIANTS_PHRASES], &[TW_VARIANTS]]);
static HK: StageSpec = StageSpec::new(&[&[HK_VARIANTS_PHRASES], &[HK_VARIANTS]]);
static TW_REV: StageSpec = StageSpec::new(&[&[TW_VARIANTS_REV_PHRASES], &[TW_VARIANTS_REV]]);
static TWP_REV: StageSpec = StageSpec::new(&[
    &[TW_PHRASES_REV],
    &[TW_VARIANTS_REV_PHRASES],
    &[TW_VARIANTS_REV],
]);
static HK_REV: StageSpec = StageSpec::new(&[&[HK_VARIANTS_REV_PHRASES], &[HK_VARIANTS_REV]]);

static S2T: Config = config!("s2t", None, &[&ST]);
static T2S: Config = config!("t2s", None, &[&TS]);
static S2TW: Config = config!("s2tw", Some(&ST_SEGMENTS), &[&ST, &TW]);
static S2TWP: Config = config!("s2twp", Some(&ST_SEGMENTS), &[&ST, &TWP]);
static S2HK: Config = config!("s2hk", Some(&ST_SEGMENTS), &[&ST, &HK]);
static TW2S: Config = config!("tw2s", Some(&TS_SEGMENTS), &[&TW_REV, &TS]);
static TW2SP: Config = config!("tw2sp", Some(&TS_SEGMENTS), &[&TWP_REV, &TS]);
static HK2S: Config = config!("hk2s", Some(&TS_SEGMENTS), &[&HK_REV, &TS]);
static T2TW: Config = config!("t2tw", None, &[&TW]);
static T2HK: Config = config!("t2hk", None, &[&HK]);
static TW2T: Config = config!("tw2t", None, &[&TW_REV]);
static HK2T: Config = config!("hk2t", None, &[&HK_REV]);

/// Every config, indexed like [`OpenccConfig::ALL`].
pub(super) static CONFIGS: [&Config; 12] = [
    &S2T, &T2S, &S2TW, &S2TWP, &S2HK, &TW2S, &TW2SP, &HK2S, &T2TW, &T2HK, &TW2T, &HK2T,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(value: &serde_json::Value, out: &mut Vec<String>) {
        let dict = value.get("dict").unwrap_or(value);
        if let Some(file) = dict.get("file").and_then(|f| f.as_str()) {
            out.push(file.to_owned());
        }
        if let Some(children) = dict.get("dicts").and_then(|d| d.as_array()) {
            for child in children {
                leaves(child, out);
            }
        }
    }

    /// `[[dicts of group] per group]` of one stage's JSON: each child of the top group.
    fn groups_of(stage: &serde_json::Value) -> Vec<Vec<String>> {
        let dict = stage.get("dict").unwrap_or(stage);
        match dict["type"].as_str() {
            Some("group") => {
                assert_eq!(dict["match_policy"], "short_circuit", "{dict}");
                dict["dicts"]
                    .as_array()
                    .expect("children")
                    .iter()
                    .map(|child| {
                        if child["type"] == "group" {
                            assert_eq!(child["match_policy"], "union", "{child}");
                        }
                        let mut files = Vec::new();
                        leaves(child, &mut files);
                        files
                    })
                    .collect()
            }
            _ => {
                let mut files = Vec::new();
                leaves(dict, &mut files);
                vec![files]
            }
        }
    }

    fn ours(spec: &StageSpec) -> Vec<Vec<String>> {
        spec.groups
            .iter()
            .map(|g| g.iter().map(|d| d.name.to_owned()).collect())
            .collect()
    }

    #[test]
    fn chains_match_the_configs() {
        for (config, spec) in OpenccConfig::ALL.into_iter().zip(CONFIGS) {
            assert_eq!(config.spec().name, spec.name);
            assert_eq!(config.name(), spec.name);
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/opencc")
                .join(format!("{}.json", spec.name));
            let json = std::fs::read_to_string(&path).expect("every config has its JSON");
            let json: serde_json::Value = serde_json::from_str(&json).expect("config JSON");
            let stages = |key: &str| -> Vec<Vec<Vec<String>>> {
                json[key]
                    .as_array()
                    .map(|stages| stages.iter().map(groups_of).collect())
                    .unwrap_or_default()
            };
            assert_eq!(
                stages("normalization"),
                spec.normalization
                    .iter()
                    .map(|s| ours(s))
                    .collect::<Vec<_>>(),
                "{}",
                spec.name
            );
            assert_eq!(
                stages("conversion_chain"),
                spec.chain.iter().map(|s| ours(s)).collect::<Vec<_>>(),
                "{}",
                spec.name
            );
            let segmentation = json.get("segmentation").map(|seg| {
                assert_eq!(seg["type"], "mmseg");
                let mut files = Vec::new();
                leaves(seg, &mut files);
                files
            });
            assert_eq!(
                segmentation,
                spec.segmentation.map(|s| ours(s).concat()),
                "{}",
                spec.name
            );
            // Tofu-risk dictionaries are loaded (as OpenCC's library does by default).
            let text = json.to_string();
            assert_eq!(
                text.contains("may_output_tofu"),
                text.contains("TSCharactersExt"),
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn names_parse_and_targets() {
        for config in OpenccConfig::ALL {
            assert_eq!(config.name().parse(), Ok(config));
            assert_eq!(config.to_string(), config.name());
            let json = serde_json::to_string(&config).expect("serialises");
            assert_eq!(json, format!("\"{}\"", config.name()));
            assert_eq!(
                config.target() == Target::Simplified,
                config.name().ends_with("2s") || config.name().ends_with("2sp")
            );
        }
        assert_eq!("S2TWP.json".parse(), Ok(OpenccConfig::S2twp));
        assert_eq!(
            "s2jp".parse::<OpenccConfig>(),
            Err(UnknownConfig("s2jp".to_owned()))
        );
        assert!(OpenccConfig::S2hk.reads_simplified() && !OpenccConfig::T2hk.reads_simplified());
    }
}
