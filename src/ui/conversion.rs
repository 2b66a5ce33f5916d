//! The 简 and 繁 views' converters as the window keeps them: the regional choices (a window
//! setting) with the open folder's user phrases (its `pizhu.ron`), built on a worker, and the
//! open article's 简/繁 views rendered again on a worker whenever what they should show changes.
//!
//! One rule keeps this simple: [`Conversion::wanted`] is what the views should be rendered with;
//! each frame [`Conversion::reconcile`] compares it with what the open document was rendered
//! with ([`Rendering`], compared by pointer, not by text) and, if they differ, renders the
//! document's 简 and 繁 views again on a worker ([`Document::rerender`]); the reader swaps the
//! new document in, keeping the reading position and selection on the same Original text. A
//! change of variant, source, user phrases or ambiguity marks, and a document loaded while a
//! change was under way, all end up the same way. Nothing here converts on the UI thread.
//!
//! Offsets: none of its own; documents carry view chars and their maps to Original chars.

use std::sync::Arc;

use crate::corpus::ArticleId;
use crate::jobs::{Handoff, Job};
use crate::text::convert::{PhraseIssue, UserPhrase, check_user_phrases};
use crate::text::{CleanOptions, ScriptOptions, ViewConverters};
use crate::ui::document::{Document, Rendering};

/// Converters built on a worker for one request (see [`Conversion::update`]).
pub struct BuiltConverters {
    /// Which request (older ones are dropped).
    request: u64,
    converters: ViewConverters,
}

/// A re-render of the open document on a worker.
struct Rerender {
    article: ArticleId,
    rendering: Rendering,
    job: Job<Document>,
}

/// The converters of the 简 and 繁 views, the folder's user phrases as last read from or
/// written to the store, and the jobs that build converters and re-render documents.
pub struct Conversion {
    /// What documents are rendered with now.
    converters: ViewConverters,
    /// The regional choices `converters` is (being) built for.
    options: ScriptOptions,
    /// The folder's user phrases `converters` is (being) built with (a copy of the store's, for
    /// the phrases window; refreshed when the window changes them or a save merged them).
    phrases: Vec<UserPhrase>,
    /// Their problems, by index (phrases with one are skipped by the converters).
    issues: Vec<PhraseIssue>,
    /// The latest request; a build for an older one is dropped.
    request: u64,
    building: Option<Job<BuiltConverters>>,
    rerender: Option<Rerender>,
    /// A worker could not be started for this rendering: do not retry every frame.
    rerender_refused: Option<Rendering>,
}

impl Conversion {
    /// The converters of `options` without user phrases (instant; dictionaries are built by
    /// the app's warm-up thread or on first use, on a worker).
    pub fn new(options: ScriptOptions) -> Self {
        Self {
            converters: ViewConverters::new(options),
            options,
            phrases: Vec::new(),
            issues: Vec::new(),
            request: 0,
            building: None,
            rerender: None,
            rerender_refused: None,
        }
    }

    /// The folder's user phrases as the window last saw them.
    pub fn phrases(&self) -> &[UserPhrase] {
        &self.phrases
    }

    /// The problems of [`phrases`](Self::phrases), by index.
    pub fn issues(&self) -> &[PhraseIssue] {
        &self.issues
    }

    /// The regional choices in use.
    pub fn options(&self) -> ScriptOptions {
        self.options
    }

    /// What the views should be rendered with (`inspect`: find the guesses too; `clean`: how
    /// the Clean view, which 简 and 繁 convert, is made).
    pub fn wanted(&self, inspect: bool, clean: CleanOptions) -> Rendering {
        Rendering {
            converters: self.converters.clone(),
            inspect,
            clean,
        }
    }

    /// True while converters are being built or the open document is being rendered again.
    pub fn is_busy(&self) -> bool {
        self.building.is_some() || self.rerender.is_some()
    }

    /// Uses `options` and `phrases` from now on (nothing happens if both are unchanged). Without
    /// phrases the shared converters apply at once; with phrases they are built on a worker,
    /// whose result arrives through [`poll`](Self::poll) (the views wait for it rather than
    /// being rendered twice). The problems of the phrases are listed at once (linear time).
    pub fn update(
        &mut self,
        options: ScriptOptions,
        phrases: Vec<UserPhrase>,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        if options == self.options && phrases == self.phrases {
            return Ok(());
        }
        self.options = options;
        self.issues = check_user_phrases(&phrases);
        self.phrases = phrases;
        self.request += 1;
        self.building = None;
        self.rerender_refused = None;
        if self.phrases.is_empty() {
            self.converters = ViewConverters::new(options);
            return Ok(());
        }
        let request = self.request;
        let phrases = self.phrases.clone();
        let job = Job::spawn("pizhu-converters", notify, move |reporter| {
            let (converters, _issues) = ViewConverters::with_user_phrases(options, &phrases);
            reporter.send(BuiltConverters {
                request,
                converters,
            });
        });
        match job {
            Ok(job) => {
                self.building = Some(job);
                Ok(())
            }
            Err(error) => {
                // The views stay readable, without the phrases.
                self.converters = ViewConverters::new(options);
                Err(error)
            }
        }
    }

    /// A finished build, to hand to [`apply`](Self::apply) as a command. A build whose thread
    /// stopped without a result leaves the views without user phrases; the error says so.
    pub fn poll(&mut self) -> Option<Result<Handoff<BuiltConverters>, &'static str>> {
        let job = self.building.as_mut()?;
        let built = job.drain().pop();
        if built.is_none() && !job.is_finished() {
            return None;
        }
        self.building = None;
        match built {
            Some(built) => Some(Ok(Handoff::new(built))),
            None => {
                self.converters = ViewConverters::new(self.options);
                Some(Err(super::i18n::tr(
                    super::i18n::Status::PhrasesThreadStopped,
                )))
            }
        }
    }

    /// Uses converters a worker built, unless a newer request replaced them. True if used.
    pub fn apply(&mut self, built: BuiltConverters) -> bool {
        if built.request != self.request {
            return false;
        }
        self.converters = built.converters;
        true
    }

    /// Starts rendering `document`'s 简 and 繁 views again when they do not show what `wanted`
    /// asks for (and no build is under way, so they are rendered once). Cheap when nothing
    /// changed: a pointer comparison. Returns an error when no worker could be started (once).
    pub fn reconcile(
        &mut self,
        document: Option<&Arc<Document>>,
        wanted: Rendering,
        notify: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<()> {
        let Some(document) = document else {
            self.rerender = None;
            return Ok(());
        };
        if document.rendering().satisfies(&wanted) {
            self.rerender = None;
            return Ok(());
        }
        if self.building.is_some()
            || self.rerender_refused.as_ref() == Some(&wanted)
            || self
                .rerender
                .as_ref()
                .is_some_and(|r| r.article == document.id && r.rendering == wanted)
        {
            return Ok(());
        }
        let source = Arc::clone(document);
        let rendering = wanted.clone();
        let job = Job::spawn("pizhu-rerender", notify, move |reporter| {
            reporter.send(source.rerender(rendering));
        });
        match job {
            Ok(job) => {
                self.rerender = Some(Rerender {
                    article: document.id,
                    rendering: wanted,
                    job,
                });
                Ok(())
            }
            Err(error) => {
                self.rerender = None;
                self.rerender_refused = Some(wanted);
                Err(error)
            }
        }
    }

    /// The re-rendered document, once ready, if it is still the article `current`.
    pub fn poll_rerender(&mut self, current: Option<ArticleId>) -> Option<Document> {
        let rerender = self.rerender.as_mut()?;
        let document = rerender.job.drain().pop();
        if document.is_none() && !rerender.job.is_finished() {
            return None;
        }
        let article = rerender.article;
        self.rerender = None;
        document.filter(|_| Some(article) == current)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TraditionalVariant;
    use crate::text::convert::PhraseScope;

    fn wait_built(conversion: &mut Conversion) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while conversion.building.is_some() {
            assert!(std::time::Instant::now() < deadline, "no build");
            if let Some(Ok(built)) = conversion.poll() {
                let built = built.take().expect("the build");
                assert!(conversion.apply(built));
            }
            std::thread::yield_now();
        }
    }

    #[test]
    fn phrases_are_built_on_a_worker_and_older_builds_are_dropped() {
        let mut conversion = Conversion::new(ScriptOptions::default());
        assert_eq!(
            conversion.wanted(false, CleanOptions::default()).converters,
            ViewConverters::default()
        );
        let phrase = UserPhrase::new("头发", "頭髮", PhraseScope::Traditional);
        conversion
            .update(ScriptOptions::default(), vec![phrase.clone()], || {})
            .expect("spawn");
        assert!(conversion.is_busy());
        // A newer request while the first is building: the first's result is not used.
        let taiwan = ScriptOptions {
            traditional: TraditionalVariant::Taiwan,
            ..ScriptOptions::default()
        };
        let stale = conversion.building.take().expect("a build").wait();
        conversion
            .update(taiwan, vec![phrase.clone()], || {})
            .expect("spawn");
        for built in stale {
            assert!(!conversion.apply(built), "an older request is dropped");
        }
        wait_built(&mut conversion);
        let converters = conversion.wanted(false, CleanOptions::default()).converters;
        assert_eq!(converters.traditional.user_phrase_count(), 1);
        assert_eq!(
            converters.traditional.config(),
            crate::text::OpenccConfig::S2tw
        );
        // The same request again changes nothing; no phrases: the shared converters at once.
        conversion
            .update(taiwan, vec![phrase.clone()], || {})
            .expect("nothing to do");
        assert!(!conversion.is_busy());
        conversion.update(taiwan, Vec::new(), || {}).expect("none");
        assert!(!conversion.is_busy());
        assert_eq!(
            conversion.wanted(false, CleanOptions::default()).converters,
            ViewConverters::new(taiwan)
        );
    }

    #[test]
    fn problems_are_listed_by_index() {
        let mut conversion = Conversion::new(ScriptOptions::default());
        let phrases = vec![
            UserPhrase::new("", "頭", PhraseScope::Traditional),
            UserPhrase::new("发", "發", PhraseScope::Traditional),
            UserPhrase::new("发", "髮", PhraseScope::Traditional),
        ];
        conversion
            .update(ScriptOptions::default(), phrases, || {})
            .expect("spawn");
        let indices: Vec<usize> = conversion.issues().iter().map(|i| i.index).collect();
        assert_eq!(indices, [0, 1]);
        wait_built(&mut conversion);
    }
}
