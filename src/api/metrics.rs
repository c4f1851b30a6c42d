//! Metrics endpoints (CONTRACT §3.8), all strict.

use super::models::{MetricsSummary, ServerMetrics, TimeSeries};
use super::query::path;
use super::{ApiError, Client, Req};

pub const SUMMARY: &str = "/api/v1/metrics/summary";

pub async fn summary(client: Client) -> Result<MetricsSummary, ApiError> {
    client.send(Req::get(SUMMARY)).await
}

pub fn server_req(id: &str) -> Req {
    Req::get(path("/api/v1/metrics", &[id]))
}

pub async fn server(client: Client, id: &str) -> Result<ServerMetrics, ApiError> {
    client.send(server_req(id)).await
}

pub async fn timeseries(
    client: Client,
    metric: &str,
    range: &str,
    interval: &str,
) -> Result<TimeSeries, ApiError> {
    let req = Req::get("/api/v1/metrics/timeseries/servers")
        .query("metric", metric)
        .query("time_range", range)
        .query("interval", interval);
    client.send(req).await
}

/// Seconds in a `time_range`/`interval` word of the contract.
pub fn span_secs(word: &str) -> Option<u64> {
    Some(match word {
        "5m" => 300,
        "15m" => 900,
        "1h" => 3_600,
        "6h" => 21_600,
        "24h" | "1d" => 86_400,
        "7d" => 604_800,
        "30d" => 2_592_000,
        _ => return None,
    })
}

/// Intervals worth offering for a range: at most ~400 points and at least 2 (§3.8 UI note).
pub fn intervals_for(range: &str) -> Vec<&'static str> {
    let Some(r) = span_secs(range) else {
        return vec![];
    };
    ["5m", "15m", "1h", "6h", "1d"]
        .into_iter()
        .filter(|i| span_secs(i).is_some_and(|s| r / s <= 400 && r / s >= 2))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_respect_the_point_budget() {
        assert_eq!(intervals_for("1h"), vec!["5m", "15m"]);
        assert_eq!(intervals_for("24h"), vec!["5m", "15m", "1h", "6h"]);
        assert_eq!(intervals_for("7d"), vec!["1h", "6h", "1d"]);
        assert_eq!(intervals_for("30d"), vec!["6h", "1d"]);
        assert!(intervals_for("1y").is_empty());
    }
}
