//! Background jobs: a worker thread that reports events over a channel and can be cancelled.
//!
//! This module has no UI in it: the caller passes a `notify` closure (the UI passes one that
//! requests a repaint), so progress reaches the screen without the mouse moving. A job's result
//! that must change shared state goes back to the owner (in the window, as a command carrying a
//! [`Handoff`]); the job itself never writes it.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

/// Sends a job's events to its owner and wakes the owner up.
pub struct Reporter<E> {
    sender: Sender<E>,
    notify: Arc<dyn Fn() + Send + Sync>,
    cancel: Arc<AtomicBool>,
}

impl<E> Reporter<E> {
    /// Sends one event. Returns false when the owner is gone (the job should stop).
    pub fn send(&self, event: E) -> bool {
        let delivered = self.sender.send(event).is_ok();
        (self.notify)();
        delivered
    }

    /// The job's cancel flag, set by [`Job::cancel`].
    pub fn cancel_flag(&self) -> &AtomicBool {
        &self.cancel
    }

    /// True once the owner asked the job to stop.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// A running background job producing events of type `E`.
pub struct Job<E> {
    events: Receiver<E>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    finished: bool,
}

impl<E: Send + 'static> Job<E> {
    /// Runs `work` on a new thread named `name`. `notify` is called after every event.
    pub fn spawn(
        name: &str,
        notify: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Reporter<E>) + Send + 'static,
    ) -> std::io::Result<Self> {
        let (sender, events) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let reporter = Reporter {
            sender,
            notify: Arc::new(notify),
            cancel: Arc::clone(&cancel),
        };
        let thread = std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                work(&reporter);
                // Dropping the reporter closes the channel; wake the owner to see that.
                (reporter.notify)();
            })?;
        Ok(Self {
            events,
            cancel,
            thread: Some(thread),
            finished: false,
        })
    }

    /// Asks the job to stop; it finishes at its next check.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// True once cancel was requested.
    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Takes the events that have arrived, without blocking. Call once per frame.
    pub fn drain(&mut self) -> Vec<E> {
        let mut events = Vec::new();
        loop {
            match self.events.try_recv() {
                Ok(event) => events.push(event),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    self.finished = true;
                    break;
                }
            }
        }
        events
    }

    /// True once the worker has ended and every event was drained.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Waits for every event until the job ends (for the CLI and tests).
    pub fn wait(mut self) -> Vec<E> {
        let events: Vec<E> = self.events.iter().collect();
        if let Some(thread) = self.thread.take() {
            // A panic in the worker is already reported by the panic hook.
            thread.join().ok();
        }
        events
    }
}

/// A value handed from a worker to the owner's thread inside a message that must be `Clone` and
/// `PartialEq` (the window's commands) while the value is neither (documents, save results).
/// Clones share the value; the first [`take`](Handoff::take) gets it. Two handoffs are equal
/// when they share the value.
pub struct Handoff<T>(Arc<Mutex<Option<T>>>);

impl<T> Handoff<T> {
    /// Wraps `value`.
    pub fn new(value: T) -> Self {
        Self(Arc::new(Mutex::new(Some(value))))
    }

    /// Takes the value; `None` if a clone took it already.
    pub fn take(&self) -> Option<T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }
}

impl<T> Clone for Handoff<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Handoff<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> fmt::Debug for Handoff<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Handoff(..)")
    }
}

impl<E> Drop for Job<E> {
    fn drop(&mut self) {
        // Stop the worker if the owner goes away; do not wait for it.
        self.cancel.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn events_arrive_in_order_and_notify_is_called() {
        let notified = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&notified);
        let job = Job::spawn(
            "test",
            move || {
                counter.fetch_add(1, Ordering::Relaxed);
            },
            |reporter| {
                for i in 0..5 {
                    reporter.send(i);
                }
            },
        )
        .expect("spawn");
        assert_eq!(job.wait(), vec![0, 1, 2, 3, 4]);
        // Once per event, and once more when the worker ends (so the owner sees the end).
        assert_eq!(notified.load(Ordering::Relaxed), 6);
    }

    /// The worker waits (on a channel, not a timer) until the owner has cancelled, then reports
    /// what it sees: fails at once, not after minutes, if cancel does not reach the worker.
    #[test]
    fn cancel_reaches_the_worker() {
        let (started_sent, started) = channel();
        let (resume_sent, resume) = channel::<()>();
        let job = Job::spawn(
            "test",
            || {},
            move |reporter: &Reporter<bool>| {
                started_sent.send(reporter.is_cancelled()).ok();
                resume.recv().ok();
                reporter.send(reporter.is_cancelled());
                reporter.send(reporter.cancel_flag().load(Ordering::Relaxed));
            },
        )
        .expect("spawn");
        assert_eq!(started.recv(), Ok(false), "not cancelled before");
        assert!(!job.is_cancelled());
        job.cancel();
        assert!(job.is_cancelled());
        resume_sent.send(()).expect("the worker waits");
        assert_eq!(job.wait(), vec![true, true]);
    }

    #[test]
    fn dropping_the_job_cancels_it() {
        let (seen_sent, seen) = channel();
        let (resume_sent, resume) = channel::<()>();
        let job = Job::spawn(
            "test",
            || {},
            move |reporter: &Reporter<()>| {
                resume.recv().ok();
                seen_sent.send(reporter.is_cancelled()).ok();
            },
        )
        .expect("spawn");
        drop(job);
        resume_sent.send(()).expect("the worker waits");
        assert_eq!(seen.recv(), Ok(true));
    }

    #[test]
    fn a_handoff_is_taken_once_and_equal_to_its_clones() {
        let handoff = Handoff::new(vec!["甲".to_owned()]);
        let clone = handoff.clone();
        assert_eq!(handoff, clone);
        assert_ne!(handoff, Handoff::new(vec!["甲".to_owned()]));
        assert_eq!(clone.take(), Some(vec!["甲".to_owned()]));
        assert_eq!(handoff.take(), None);
    }

    #[test]
    fn drain_reports_finished() {
        let mut job = Job::spawn(
            "test",
            || {},
            |reporter| {
                reporter.send("done");
            },
        )
        .expect("spawn");
        let mut all = Vec::new();
        // Bounded, so a drain that never reports the end fails instead of hanging.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !job.is_finished() {
            all.extend(job.drain());
            assert!(std::time::Instant::now() < deadline, "never finished");
            std::thread::yield_now();
        }
        assert_eq!(all, vec!["done"]);
    }
}
