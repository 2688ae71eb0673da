//! When a failed request is tried again, and how long to wait first: the rules Stripe's
//! official SDKs follow, so a retried call behaves the same from every language.

use std::time::Duration;

/// Retry-After values above this are not waited for; the SDKs cap it the same way.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// How many times to retry and how long to wait between tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first try; Stripe's SDKs default to 2.
    pub max_retries: u32,
    /// The wait before the first retry, doubled before each further one.
    pub initial_backoff: Duration,
    /// The longest wait between tries, before jitter.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(5),
        }
    }
}

/// What came back from one try, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome<'a> {
    /// The request never got a response: connection refused or reset, or timed out.
    NoResponse,
    /// A response, with its `Stripe-Should-Retry` header if it had one.
    Response {
        status: u16,
        should_retry: Option<&'a str>,
    },
}

impl RetryPolicy {
    /// Whether to try again after `retries_so_far` retries ended in `outcome`. Stripe's
    /// `Stripe-Should-Retry` header decides when present; otherwise network failures,
    /// 409 (a conflicting request with the same idempotency key) and 5xx are retried.
    pub(crate) fn should_retry(&self, retries_so_far: u32, outcome: Outcome<'_>) -> bool {
        if retries_so_far >= self.max_retries {
            return false;
        }
        match outcome {
            Outcome::NoResponse => true,
            Outcome::Response {
                should_retry: Some("true"),
                ..
            } => true,
            Outcome::Response {
                should_retry: Some("false"),
                ..
            } => false,
            Outcome::Response { status, .. } => status == 409 || status >= 500,
        }
    }

    /// How long to wait before retry number `retry` (1 for the first): exponential from
    /// `initial_backoff`, capped at `max_backoff`, then scaled by a random factor in
    /// [0.5, 1] so that clients retrying together spread out, but never below
    /// `initial_backoff`; a `Retry-After` the server sent, if longer and not absurd, wins.
    pub(crate) fn backoff(
        &self,
        retry: u32,
        jitter: f64,
        retry_after: Option<Duration>,
    ) -> Duration {
        let exponent = retry.saturating_sub(1).min(30);
        let base = self
            .initial_backoff
            .saturating_mul(1 << exponent)
            .min(self.max_backoff);
        let jittered = base.mul_f64(0.5 * (1.0 + jitter.clamp(0.0, 1.0)));
        let wait = jittered.max(self.initial_backoff.min(self.max_backoff));
        match retry_after {
            Some(after) if after <= MAX_RETRY_AFTER => wait.max(after),
            _ => wait,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, should_retry: Option<&str>) -> Outcome<'_> {
        Outcome::Response {
            status,
            should_retry,
        }
    }

    #[test]
    fn retries_what_the_sdks_retry() {
        let policy = RetryPolicy::default();
        assert!(policy.should_retry(0, Outcome::NoResponse));
        assert!(policy.should_retry(0, response(409, None)));
        assert!(policy.should_retry(0, response(500, None)));
        assert!(policy.should_retry(1, response(503, None)));
        assert!(
            !policy.should_retry(2, response(503, None)),
            "retries are bounded"
        );
        assert!(!policy.should_retry(0, response(400, None)));
        assert!(!policy.should_retry(0, response(429, None)));
        assert!(!policy.should_retry(0, response(500, Some("false"))));
        assert!(policy.should_retry(0, response(400, Some("true"))));
    }

    #[test]
    fn backoff_doubles_caps_and_jitters() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.backoff(1, 1.0, None), Duration::from_millis(500));
        assert_eq!(policy.backoff(2, 1.0, None), Duration::from_secs(1));
        assert_eq!(policy.backoff(3, 1.0, None), Duration::from_secs(2));
        assert_eq!(policy.backoff(5, 1.0, None), Duration::from_secs(5));
        assert_eq!(policy.backoff(9, 1.0, None), Duration::from_secs(5));
        assert_eq!(policy.backoff(3, 0.0, None), Duration::from_secs(1));
        assert_eq!(
            policy.backoff(1, 0.0, None),
            Duration::from_millis(500),
            "never below the initial wait"
        );
        assert_eq!(
            policy.backoff(1, 0.0, Some(Duration::from_secs(3))),
            Duration::from_secs(3)
        );
        assert_eq!(
            policy.backoff(1, 1.0, Some(Duration::from_secs(600))),
            Duration::from_millis(500)
        );
    }
}
