//! [`AppError`]: every failure of a request becomes one JSON shape,
//! Firecrawl's `{"success": false, "error": "...", "code": "..."}`.
//!
//! Messages are written for the caller; internal detail (store errors, file
//! paths) is logged, never sent.

use std::time::Duration;

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use riptide_core::{ExtractError, FetchFailure};
use riptide_fetch::FetchError;
use serde::Serialize;
use utoipa::ToSchema;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The request is malformed or asks for something invalid.
    #[error("{0}")]
    BadRequest(String),
    /// The request asks for an option or format riptide does not support.
    #[error("{0}")]
    Unsupported(String),
    /// No or a wrong API key.
    #[error("unauthorized: a valid API key is required (Authorization: Bearer <key>)")]
    Unauthorized,
    /// The target URL may not be fetched (SSRF guard, robots.txt).
    #[error("{0}")]
    Forbidden(String),
    /// No such job (or not the caller's).
    #[error("job not found")]
    JobNotFound,
    /// No such route.
    #[error("no such route")]
    RouteNotFound,
    /// The route exists but not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The request body is larger than the server accepts.
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    /// The page could not be fetched in time.
    #[error("timed out after {0} ms")]
    Timeout(u64),
    /// The page is not something riptide extracts (not HTML).
    #[error("{0}")]
    Unprocessable(String),
    /// Too many requests for this key; retry after the given time.
    #[error("rate limit exceeded; retry in {} s", .0.as_secs().max(1))]
    RateLimited(Duration),
    /// The key has as many running jobs as it may.
    #[error(
        "too many running jobs for this API key (limit {0}); wait for one to finish or cancel one"
    )]
    TooManyJobs(u64),
    /// The page's server failed or could not be reached.
    #[error("{0}")]
    Upstream(String),
    /// The extractor cannot serve right now.
    #[error("extractor unavailable")]
    Unavailable,
    /// Anything else: logged with its detail, answered without it.
    #[error("internal error")]
    Internal(String),
}

/// The error body every route answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Always false.
    pub success: bool,
    /// What went wrong, for a human.
    pub error: String,
    /// A stable, machine-readable code.
    pub code: &'static str,
}

impl AppError {
    /// An error that must not be shown: logged here, answered as "internal error".
    pub fn internal(err: impl std::fmt::Display) -> Self {
        log::error!("internal error: {err}");
        Self::Internal(err.to_string())
    }

    fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            Self::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            Self::Unsupported(_) => (StatusCode::BAD_REQUEST, "unsupported"),
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized"),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            Self::JobNotFound => (StatusCode::NOT_FOUND, "job_not_found"),
            Self::RouteNotFound => (StatusCode::NOT_FOUND, "not_found"),
            Self::MethodNotAllowed => (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
            Self::PayloadTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"),
            Self::Timeout(_) => (StatusCode::REQUEST_TIMEOUT, "timeout"),
            Self::Unprocessable(_) => (StatusCode::UNPROCESSABLE_ENTITY, "unprocessable"),
            Self::RateLimited(_) => (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            Self::TooManyJobs(_) => (StatusCode::TOO_MANY_REQUESTS, "too_many_jobs"),
            Self::Upstream(_) => (StatusCode::BAD_GATEWAY, "upstream"),
            Self::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }

    /// The error a failed fetch of the caller's URL becomes. The fetch
    /// error's own text (which may name resolver or socket detail) is not sent.
    pub fn from_fetch(err: &FetchError) -> Self {
        match err {
            FetchError::Blocked(blocked) => Self::Forbidden(format!(
                "URL not allowed: {} is not a public address",
                blocked.host
            )),
            FetchError::RobotsDisallowed(url) => {
                Self::Forbidden(format!("robots.txt disallows {url}"))
            }
            FetchError::InvalidUrl { url, reason } => {
                Self::BadRequest(format!("invalid URL {url:?}: {reason}"))
            }
            FetchError::Timeout(_) => Self::Upstream("fetching the URL timed out".into()),
            FetchError::BodyTooLarge { limit } => {
                Self::Unprocessable(format!("the page is larger than {limit} bytes"))
            }
            other => Self::Upstream(format!("fetching the URL failed ({})", other.kind())),
        }
    }

    /// The error a failed extraction becomes: faults of the document are 422
    /// with the error's kind in the message, an unavailable extractor is 503.
    pub fn from_extract(err: &ExtractError) -> Self {
        if err.is_unavailable() {
            return Self::Unavailable;
        }
        let message = match err {
            // A trap message can carry engine internals; its kind is enough.
            ExtractError::Trap(_) | ExtractError::Guest(_) => "extraction failed".to_owned(),
            other => other.to_string(),
        };
        match err {
            ExtractError::InvalidSelector { .. } | ExtractError::NoSelector => {
                Self::BadRequest(message)
            }
            ExtractError::InputTooLarge { .. } => Self::Unprocessable(message),
            _ => Self::Unprocessable(format!("{message} ({})", err.kind().as_str())),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let body = ErrorBody {
            success: false,
            error: self.to_string(),
            code,
        };
        let mut response = (status, Json(body)).into_response();
        if let Self::RateLimited(wait) = &self {
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            if let Ok(value) = HeaderValue::from_str(&secs.max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        response
    }
}
