//! Runtime configuration from `/config.json`, rendered at container start, so one build runs
//! against any SARK (same origin by default).

use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Prefix for API calls; empty = same origin.
    pub api_base: String,
    /// Shown as a badge in the header (e.g. "staging"); hidden when empty.
    pub environment: String,
    pub enable_websockets: bool,
    /// Demo deployments show the sandbox credentials on the login page.
    pub demo: bool,
    /// Sentry-compatible DSN for error reports (`src/reporting/`); empty = no reporting.
    pub sentry_dsn: String,
    /// Share of error events sent, 0.0–1.0.
    pub sentry_sample_rate: f64,
    /// Release named in error reports; empty = this build's version.
    pub release: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            api_base: String::new(),
            environment: String::new(),
            enable_websockets: true,
            demo: false,
            sentry_dsn: String::new(),
            sentry_sample_rate: 1.0,
            release: String::new(),
        }
    }
}

impl Config {
    /// Parses the file; a broken file falls back to safe defaults rather than a blank page.
    pub fn from_json(text: &str) -> Result<Config, String> {
        serde_json::from_str(text).map_err(|e| format!("config.json is not valid: {e}"))
    }
}

/// Fetches `/config.json` (never cached: it changes without a rebuild).
pub async fn load() -> (Config, Option<String>) {
    let req = gloo_net::http::Request::get("/config.json").cache(web_sys::RequestCache::NoCache);
    match req.send().await {
        Ok(r) if r.ok() => match r
            .text()
            .await
            .map_err(|e| e.to_string())
            .and_then(|t| Config::from_json(&t))
        {
            Ok(c) => (c, None),
            Err(e) => (Config::default(), Some(e)),
        },
        Ok(r) => (
            Config::default(),
            Some(format!(
                "config.json could not be loaded (HTTP {}); using defaults.",
                r.status()
            )),
        ),
        Err(_) => (
            Config::default(),
            Some("config.json could not be loaded; using defaults.".into()),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_file_keeps_defaults() {
        let c = Config::from_json(r#"{"environment":"staging","demo":true,"extra":1}"#)
            .expect("parses");
        assert_eq!(c.environment, "staging");
        assert!(c.demo && c.enable_websockets);
        assert_eq!(c.api_base, "");
        assert!(Config::from_json("<html>").is_err());
    }
}
