//! One attempt watched: its `tracing` span, and its [`AttemptRecord`] when the call asked for
//! records. The transport calls [`AttemptWatch::start`] before it queues for a slot,
//! [`AttemptWatch::sent`] once it holds one and [`AttemptWatch::finish`] with the outcome.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::record::{AttemptRecord, error_type, ns, unix_ns};
use super::{CURRENT, Shared, lock};
use crate::error::Error;
use crate::net::answer::Answer;
use crate::net::transport::Outgoing;

pub(crate) struct AttemptWatch {
    span: tracing::Span,
    /// Set only when the call keeps a record.
    recording: Option<(Arc<Shared>, Instant, SystemTime)>,
    queued: Duration,
    resend_count: u32,
}

impl AttemptWatch {
    /// Starts watching attempt number `resend_count + 1` of `out`.
    pub(crate) fn start(out: &Outgoing<'_>, resend_count: u32) -> AttemptWatch {
        let recording = CURRENT
            .try_with(|shared| shared.record.is_some().then(|| Arc::clone(shared)))
            .ok()
            .flatten()
            .map(|shared| (shared, Instant::now(), SystemTime::now()));
        AttemptWatch { span: super::spans::attempt_span(out, resend_count), recording, queued: Duration::ZERO, resend_count }
    }

    /// A slot is held: the time queued for it ends here.
    pub(crate) fn sent(&mut self) {
        if let Some((_, started, _)) = &self.recording {
            self.queued = started.elapsed();
        }
    }

    /// The span the attempt's future runs in.
    pub(crate) fn span(&self) -> tracing::Span {
        self.span.clone()
    }

    /// The attempt ended with an answer (any status) or an error.
    pub(crate) fn finish(self, out: &Outgoing<'_>, result: Result<&Answer, &Error>, sent_request_id: &str) {
        let (status, error, request_id, version) = match result {
            Ok(answer) => {
                let error = (answer.status >= 400).then(|| answer.status.to_string());
                (Some(answer.status), error, answer.request_id.as_str(), Some(answer.version))
            }
            Err(e) => (None, Some(error_type(e)), sent_request_id, None),
        };
        super::spans::end_attempt_span(&self.span, status, error.as_deref(), version);
        let Some((shared, started, started_at)) = self.recording else { return };
        let Some(building) = &shared.record else { return };
        let end_unix_ns = unix_ns(started_at).saturating_add(ns(started.elapsed()));
        let url = out.url;
        let url_full = super::record::url_full(url);
        let attempt = AttemptRecord {
            method: out.method.as_str(),
            url_template: out.template,
            url_full,
            server_address: url.host_str().unwrap_or("").to_owned(),
            server_port: url.port_or_known_default().unwrap_or(0),
            status,
            error_type: error,
            resend_count: self.resend_count,
            start_unix_ns: unix_ns(started_at),
            end_unix_ns,
            request_id: request_id.to_owned(),
            protocol_version: version,
            queued_ns: ns(self.queued),
        };
        let mut b = lock(building);
        if b.done {
            return;
        }
        b.record.operation.get_or_insert(out.operation);
        b.record.request_id = Some(attempt.request_id.clone());
        b.record.attempts.push(attempt);
    }
}
