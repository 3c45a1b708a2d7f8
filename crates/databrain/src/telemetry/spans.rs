//! The `tracing` spans Rust users see: one INFO span per request (`databrain.call`, named for
//! OpenTelemetry by `otel.name`) and one per attempt (`databrain.attempt`). Field values are
//! only computed when a subscriber wants the span.

use tracing::field::Empty;

use crate::error::Result;
use crate::net::answer::Answer;
use crate::net::transport::Outgoing;

/// The call span of one request of `operation`.
pub(crate) fn call_span(out: &Outgoing<'_>) -> tracing::Span {
    tracing::info_span!(
        target: "databrain",
        "databrain.call",
        otel.name = %format_args!("databrain.{}", out.operation),
        otel.kind = "internal",
        databrain.operation = out.operation,
        server.address = out.url.host_str().unwrap_or(""),
        databrain.request_id = Empty,
        databrain.attempt_count = Empty,
        error.type = Empty,
        otel.status_code = Empty,
    )
}

/// Runs a workflow (`provision_tenant`, `rotate_api_key`) in its own INFO span
/// (`otel.name = "databrain.{operation}"`): the call spans of its requests are its children.
pub(crate) async fn in_workflow<T>(operation: &'static str, steps: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    let span = tracing::info_span!(
        target: "databrain",
        "databrain.workflow",
        otel.name = %format_args!("databrain.{operation}"),
        otel.kind = "internal",
        databrain.operation = operation,
        error.type = Empty,
        otel.status_code = Empty,
    );
    let result = tracing::Instrument::instrument(steps, span.clone()).await;
    if let Err(error) = &result {
        if !span.is_disabled() {
            span.record("error.type", super::error_type(error).as_str());
            span.record("otel.status_code", "ERROR");
        }
    }
    result
}

/// Records the request's outcome on its call span.
pub(crate) fn end_call_span(span: &tracing::Span, result: &Result<Answer>) {
    if span.is_disabled() {
        return;
    }
    match result {
        Ok(answer) => {
            span.record("databrain.request_id", answer.request_id.as_str());
            span.record("databrain.attempt_count", answer.attempts);
        }
        Err(error) => {
            if let Some(id) = error.request_id() {
                span.record("databrain.request_id", id);
            }
            span.record("databrain.attempt_count", error.attempts());
            span.record("error.type", super::error_type(error).as_str());
            span.record("otel.status_code", "ERROR");
        }
    }
}

pub(crate) fn attempt_span(out: &Outgoing<'_>, resend_count: u32) -> tracing::Span {
    let span = tracing::info_span!(
        target: "databrain",
        "databrain.attempt",
        otel.name = %format_args!("{} {}", out.method.as_str(), out.template),
        otel.kind = "client",
        http.request.method = out.method.as_str(),
        server.address = out.url.host_str().unwrap_or(""),
        server.port = out.url.port_or_known_default().unwrap_or(0),
        url.full = %super::record::url_full(out.url),
        url.template = out.template,
        http.request.resend_count = Empty,
        http.response.status_code = Empty,
        network.protocol.version = Empty,
        error.type = Empty,
        otel.status_code = Empty,
    );
    if resend_count > 0 {
        span.record("http.request.resend_count", resend_count);
    }
    span
}

pub(crate) fn end_attempt_span(span: &tracing::Span, status: Option<u16>, error: Option<&str>, version: Option<&'static str>) {
    if span.is_disabled() {
        return;
    }
    if let Some(status) = status {
        span.record("http.response.status_code", status);
    }
    if let Some(version) = version {
        span.record("network.protocol.version", version);
    }
    if let Some(error) = error {
        span.record("error.type", error);
        span.record("otel.status_code", "ERROR");
    }
}

