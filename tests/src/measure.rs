//! A small timing harness for the benchmarks: runs a closure many times and reports
//! percentiles, so each benchmark can set its result beside a baseline timed in the
//! same run (this machine is shared, so only same-run ratios are comparable).

use std::time::{Duration, Instant};

/// Timings of repeated runs of one piece of work.
#[derive(Debug, Clone)]
pub struct Samples {
    sorted: Vec<Duration>,
}

impl Samples {
    /// Runs `work` `warmup` times untimed, then `runs` times timed.
    pub fn collect(warmup: usize, runs: usize, mut work: impl FnMut()) -> Samples {
        for _ in 0..warmup {
            work();
        }
        let mut sorted: Vec<Duration> = (0..runs.max(1))
            .map(|_| {
                let start = Instant::now();
                work();
                start.elapsed()
            })
            .collect();
        sorted.sort();
        Samples { sorted }
    }

    /// From timings taken elsewhere.
    pub fn from_durations(mut durations: Vec<Duration>) -> Samples {
        assert!(!durations.is_empty(), "no samples");
        durations.sort();
        Samples { sorted: durations }
    }

    /// The `p`th percentile, `p` in 0..=100.
    pub fn percentile(&self, p: f64) -> Duration {
        let rank = ((p / 100.0) * (self.sorted.len() - 1) as f64).round() as usize;
        self.sorted[rank.min(self.sorted.len() - 1)]
    }

    pub fn median(&self) -> Duration {
        self.percentile(50.0)
    }

    pub fn min(&self) -> Duration {
        self.sorted[0]
    }
}

/// A duration in milliseconds, for tables.
pub fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1e3)
}

/// How many times slower `value` is than `baseline`.
pub fn ratio(value: Duration, baseline: Duration) -> String {
    format!("{:.2}x", value.as_secs_f64() / baseline.as_secs_f64())
}
