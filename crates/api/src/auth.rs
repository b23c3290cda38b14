//! Bearer API keys and per-key rate limits.
//!
//! Keys are kept as SHA-256 digests and a presented key is compared by its
//! digest, so the comparison time says nothing about a stored key. A key's
//! owner id (which owns jobs, counts toward caps, and is rate limited) is a
//! short fingerprint of its digest: never the key itself.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

use crate::AppError;
use crate::state::AppState;

/// Who is calling: the owner id of their key (`anonymous` without keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The key's fingerprint.
    pub owner: String,
}

/// The accepted keys.
pub struct Keys {
    digests: Vec<[u8; 32]>,
}

impl Keys {
    /// Keeps the digests of `keys`.
    pub fn new(keys: &[String]) -> Self {
        Self {
            digests: keys
                .iter()
                .map(|k| Sha256::digest(k.as_bytes()).into())
                .collect(),
        }
    }

    /// Whether keys are required at all.
    pub fn required(&self) -> bool {
        !self.digests.is_empty()
    }

    /// The caller presenting `authorization` (the header value), if it is valid.
    fn caller(&self, authorization: Option<&str>) -> Option<Caller> {
        if !self.required() {
            return Some(Caller {
                owner: "anonymous".into(),
            });
        }
        let key = authorization?.strip_prefix("Bearer ")?.trim();
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        self.digests.contains(&digest).then(|| Caller {
            owner: digest[..8].iter().map(|b| format!("{b:02x}")).collect(),
        })
    }
}

/// A token bucket per owner: `per_minute` tokens, refilled continuously.
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests a minute per owner (0: unlimited).
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes a token for `owner`, or says how long until one is there.
    pub fn take(&self, owner: &str, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let capacity = f64::from(self.per_minute);
        let per_second = capacity / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let (tokens, last) = buckets.entry(owner.to_owned()).or_insert((capacity, now));
        *tokens = (*tokens + now.saturating_duration_since(*last).as_secs_f64() * per_second)
            .min(capacity);
        *last = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - *tokens) / per_second))
        }
    }
}

/// Middleware: rejects requests without a valid key, then applies the
/// caller's rate limit, and hands the [`Caller`] to the handler.
pub async fn guard(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, AppError> {
    let header = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let caller = state.keys().caller(header).ok_or(AppError::Unauthorized)?;
    state
        .limiter()
        .take(&caller.owner, Instant::now())
        .map_err(AppError::RateLimited)?;
    request.extensions_mut().insert(caller);
    Ok(next.run(request).await)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_matched_by_digest() {
        let keys = Keys::new(&["secret-one".into(), "secret-two".into()]);
        let one = keys.caller(Some("Bearer secret-one")).unwrap();
        let two = keys.caller(Some("Bearer secret-two")).unwrap();
        assert_ne!(one, two);
        assert_eq!(one.owner.len(), 16);
        assert!(!one.owner.contains("secret"));
        assert!(keys.caller(Some("Bearer wrong")).is_none());
        assert!(keys.caller(Some("secret-one")).is_none());
        assert!(keys.caller(None).is_none());
        assert_eq!(Keys::new(&[]).caller(None).unwrap().owner, "anonymous");
    }

    #[test]
    fn the_bucket_empties_and_refills() {
        let limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limiter.take("a", t0).is_ok());
        assert!(limiter.take("a", t0).is_ok());
        let wait = limiter.take("a", t0).unwrap_err();
        assert!(
            wait > Duration::from_secs(29) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert!(limiter.take("b", t0).is_ok(), "buckets are per owner");
        assert!(limiter.take("a", t0 + Duration::from_secs(30)).is_ok());
        assert!(RateLimiter::new(0).take("a", t0).is_ok());
    }
}
