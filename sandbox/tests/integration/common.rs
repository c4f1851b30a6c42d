//! Test harness: start a sandbox in-process and talk to it over loopback HTTP.

use std::net::SocketAddr;

use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use sark_sandbox::cli::{mint, TokenType, UserArg};
use sark_sandbox::{Config, Running};
use serde_json::Value;

pub const SECRET: &str = "integration-test-secret";
pub const CSRF: &str = "csrf-token-for-tests-0123456789abcdefghijk";

pub struct Sb {
    pub base: String,
    pub addr: SocketAddr,
    pub client: Client,
    running: Option<Running>,
    pub admin: String,
    pub viewer: String,
}

pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

pub fn config(seed: bool) -> Config {
    Config {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        db: ":memory:".into(),
        seed,
        jwt_secret: Some(SECRET.into()),
        enable_test_admin: true,
        ..Config::default()
    }
}

pub async fn start(seed: bool) -> Sb {
    start_with(config(seed)).await
}

pub async fn start_with(cfg: Config) -> Sb {
    let running = sark_sandbox::start(cfg).await.expect("sandbox starts");
    let addr = running.addr;
    Sb {
        base: format!("http://{addr}"),
        addr,
        client: Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        running: Some(running),
        admin: mint(SECRET, UserArg::Admin, 3600, false, TokenType::Access),
        viewer: mint(SECRET, UserArg::Viewer, 3600, false, TokenType::Access),
    }
}

impl Drop for Sb {
    fn drop(&mut self) {
        if let Some(r) = &self.running {
            r.stop();
        }
    }
}

/// Per-request options.
#[derive(Default, Clone)]
pub struct Opt<'a> {
    pub token: Option<&'a str>,
    pub csrf: bool,
    pub body: Option<Value>,
    pub raw: Option<Vec<u8>>,
    pub headers: Vec<(&'a str, String)>,
}

impl Sb {
    pub fn state(&self) -> &sark_sandbox::state::AppState {
        &self.running.as_ref().expect("running").state
    }

    /// Stops the server and waits until it has released the store.
    pub async fn shutdown(mut self) {
        if let Some(r) = self.running.take() {
            r.stop();
            r.wait().await;
        }
    }

    pub async fn req(&self, method: &str, path: &str, o: Opt<'_>) -> Resp {
        let m = Method::from_bytes(method.as_bytes()).expect("method");
        let mut r = self.client.request(m, format!("{}{}", self.base, path));
        if let Some(t) = o.token {
            r = r.header("authorization", format!("Bearer {t}"));
        }
        if o.csrf {
            r = r
                .header("cookie", format!("csrf_token={CSRF}"))
                .header("x-csrf-token", CSRF);
        }
        for (k, v) in o.headers {
            r = r.header(k, v);
        }
        if let Some(b) = o.body {
            r = r.json(&b);
        } else if let Some(raw) = o.raw {
            r = r.header("content-type", "application/json").body(raw);
        }
        let resp = r.send().await.expect("request sent");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        Resp {
            status,
            headers,
            text,
        }
    }

    /// GET as admin.
    pub async fn get(&self, path: &str) -> Resp {
        self.req(
            "GET",
            path,
            Opt {
                token: Some(&self.admin),
                ..Default::default()
            },
        )
        .await
    }

    pub async fn get_as(&self, token: &str, path: &str) -> Resp {
        self.req(
            "GET",
            path,
            Opt {
                token: Some(token),
                ..Default::default()
            },
        )
        .await
    }

    /// Mutating request as admin with CSRF.
    pub async fn send(&self, method: &str, path: &str, body: Value) -> Resp {
        self.send_as(&self.admin.clone(), method, path, body).await
    }

    pub async fn send_as(&self, token: &str, method: &str, path: &str, body: Value) -> Resp {
        self.req(
            method,
            path,
            Opt {
                token: Some(token),
                csrf: true,
                body: Some(body),
                ..Default::default()
            },
        )
        .await
    }

    pub async fn audit_total(&self) -> i64 {
        self.get("/api/v1/audit/events?limit=1").await.json()["total"]
            .as_i64()
            .expect("total")
    }

    /// First seeded server id with the given status.
    pub async fn server_with_status(&self, status: &str) -> String {
        let page = self
            .get(&format!("/api/v1/servers/?status={status}&limit=1"))
            .await
            .json();
        page["items"][0]["id"]
            .as_str()
            .expect("a server with that status")
            .to_string()
    }
}

pub fn reg_body(name: &str, level: &str) -> Value {
    serde_json::json!({
        "name": name, "transport": "http", "endpoint": "http://x.internal/mcp", "sensitivity_level": level,
        "description": "test server",
        "tools": [
            {"name": "read_file", "description": "Read a file", "sensitivity_level": "low"},
            {"name": "wipe_disk", "description": "Danger", "sensitivity_level": "high", "requires_approval": true},
            {"name": "charge_card", "description": "Charge a credit card", "sensitivity_level": "critical"}
        ],
        "metadata": {"owner": "tests"}
    })
}
