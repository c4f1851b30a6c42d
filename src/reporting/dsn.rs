//! Sentry DSNs: `https://<public key>@<host>[:port][/path]/<project id>`, and the envelope
//! endpoint they name (`<origin>[/path]/api/<project>/envelope/`, authenticated by `sentry_key`).

#[derive(Clone, Debug, PartialEq)]
pub struct Dsn {
    /// The DSN as configured (it goes into each envelope header).
    pub raw: String,
    pub scheme: String,
    pub public_key: String,
    /// `host[:port]`.
    pub authority: String,
    /// Path prefix before the project id, without trailing slash (usually empty).
    pub path: String,
    pub project: String,
}

impl Dsn {
    /// Parses a DSN; `None` for anything else, or for one carrying a secret key (a browser
    /// would publish it).
    pub fn parse(text: &str) -> Option<Dsn> {
        let raw = text.trim();
        let (scheme, rest) = raw.split_once("://")?;
        if scheme != "https" && scheme != "http" {
            return None;
        }
        let (key, rest) = rest.split_once('@')?;
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        if rest.contains(['?', '#', '@', ' ']) {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => return None,
        };
        let host_ok = !authority.is_empty()
            && authority
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c));
        let (prefix, project) = path.trim_end_matches('/').rsplit_once('/')?;
        if !host_ok || project.is_empty() || !project.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Dsn {
            raw: raw.to_owned(),
            scheme: scheme.to_owned(),
            public_key: key.to_owned(),
            authority: authority.to_owned(),
            path: prefix.to_owned(),
            project: project.to_owned(),
        })
    }

    /// `scheme://host[:port]`: what the CSP's `connect-src` must allow.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// Where envelopes go, with the key as a query parameter (no custom header: no preflight).
    pub fn envelope_url(&self) -> String {
        format!(
            "{}{}/api/{}/envelope/?sentry_key={}&sentry_version=7&sentry_client=sark-console",
            self.origin(),
            self.path,
            self.project,
            self.public_key
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_forms() {
        let d = Dsn::parse("https://abc123@o1.ingest.sentry.io/42").expect("dsn");
        assert_eq!(d.origin(), "https://o1.ingest.sentry.io");
        assert_eq!(
            d.envelope_url(),
            "https://o1.ingest.sentry.io/api/42/envelope/?sentry_key=abc123&sentry_version=7&sentry_client=sark-console"
        );
        let d = Dsn::parse("http://k@127.0.0.1:9000/sentry/7").expect("dsn");
        assert_eq!(d.origin(), "http://127.0.0.1:9000");
        assert_eq!(d.path, "/sentry");
        assert!(d
            .envelope_url()
            .starts_with("http://127.0.0.1:9000/sentry/api/7/envelope/?"));
    }

    #[test]
    fn refuses_secrets_and_junk() {
        for bad in [
            "",
            "https://o1.ingest.sentry.io/42",
            "https://key:secret@o1.ingest.sentry.io/42",
            "ftp://k@host/1",
            "https://k@host/",
            "https://k@host/abc",
            "https://k@host/1?x=y",
            "https://k@ho st/1",
            "javascript:alert(1)",
        ] {
            assert_eq!(Dsn::parse(bad), None, "{bad}");
        }
    }
}
