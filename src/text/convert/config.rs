//! Conversion configs as data, as OpenCC's JSON configs are: a named chain of stages, each stage
//! built from named dictionaries ([`super::dictionary`]). Adding a config (OpenCC's regional
//! `s2tw`, `s2hk`, …) is adding its dictionaries there and a [`Config`] here; [`CONFIGS`] lists
//! them for the test that compares each with `assets/opencc/<name>.json`.
//!
//! How OpenCC 1.4.2 runs a config: its `normalization` chain (`CJK_Compatibility_Ideographs` for
//! both `s2t` and `t2s`), then its `conversion_chain`; each stage rewrites the whole output of
//! the previous one. In a stage, inside a `short_circuit` group the first child with any match
//! wins; inside a `union` group the longest match wins; for equal keys the earlier dictionary
//! wins ([`super::stage`] reproduces this).
//!
//! `TSCharactersExt` is marked `may_output_tofu` in `t2s.json`. OpenCC's library and Python
//! binding include such dictionaries by default (the `opencc` command-line tool leaves them out
//! unless given `--include-tofu-risk-dictionaries`); the testcases expect them, so we include it.
//!
//! No offsets here.

use super::dictionary::{
    CJK_COMPATIBILITY_IDEOGRAPHS, DictFile, ST_CHARACTERS, ST_PHRASES, ST_PHRASES_REGIONAL,
    TS_CHARACTERS, TS_CHARACTERS_EXT, TS_PHRASES,
};

/// A stage: a `short_circuit` list of `union` groups of dictionaries, in priority order.
pub(super) type StageSpec = &'static [&'static [DictFile]];

/// A config: its name (the JSON file's stem) and its stages in order (normalisation first).
/// Mirrors `assets/opencc/<name>.json`; a test checks that every config in [`CONFIGS`] still
/// does.
#[derive(Debug)]
pub(super) struct Config {
    /// `s2t`, `t2s`, … as OpenCC names the config.
    pub(super) name: &'static str,
    /// The `normalization` stages, then the `conversion_chain`.
    pub(super) stages: &'static [StageSpec],
}

/// `s2t.json`.
pub(super) const S2T: Config = Config {
    name: "s2t",
    stages: &[
        &[&[CJK_COMPATIBILITY_IDEOGRAPHS]],
        &[&[ST_PHRASES, ST_PHRASES_REGIONAL], &[ST_CHARACTERS]],
    ],
};

/// `t2s.json` (with the tofu-risk `TSCharactersExt`, as OpenCC's library loads it by default).
pub(super) const T2S: Config = Config {
    name: "t2s",
    stages: &[
        &[&[CJK_COMPATIBILITY_IDEOGRAPHS]],
        &[&[TS_PHRASES], &[TS_CHARACTERS_EXT], &[TS_CHARACTERS]],
    ],
};

/// Every config, for the tests that check them against their JSON and build them.
#[cfg(test)]
pub(super) const CONFIGS: [&Config; 2] = [&S2T, &T2S];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_match_the_configs() {
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
        for spec in CONFIGS {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("assets/opencc")
                .join(format!("{}.json", spec.name));
            let json = std::fs::read_to_string(&path).expect("every config has its JSON");
            let config: serde_json::Value = serde_json::from_str(&json).expect("config JSON");
            let mut stages: Vec<Vec<String>> = Vec::new();
            for key in ["normalization", "conversion_chain"] {
                for stage in config[key].as_array().expect("stage list") {
                    let mut files = Vec::new();
                    leaves(stage, &mut files);
                    stages.push(files);
                }
            }
            let ours: Vec<Vec<String>> = spec
                .stages
                .iter()
                .map(|stage| {
                    stage
                        .iter()
                        .flat_map(|g| g.iter())
                        .map(|d| d.name.to_owned())
                        .collect()
                })
                .collect();
            assert_eq!(stages, ours, "{}", spec.name);
            assert!(
                !json.contains("segmentation"),
                "no segmentation step in these configs"
            );
        }
        let s2t: serde_json::Value =
            serde_json::from_str(include_str!("../../../assets/opencc/s2t.json")).expect("JSON");
        let group = &s2t["conversion_chain"][0]["dict"];
        assert_eq!(group["match_policy"], "short_circuit");
        assert_eq!(group["dicts"][0]["match_policy"], "union");
    }
}
