//! Shared application state.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use rusqlite::Connection;
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::errors::ApiError;
use crate::events::Event;
use crate::faults::{FaultSource, Faults};

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub db: String,
    pub seed: bool,
    pub demo: bool,
    pub tier_s_only: bool,
    pub enable_test_admin: bool,
    pub jwt_secret: Option<String>,
    pub access_ttl: i64,
    pub refresh_ttl: i64,
    pub rate_limit: Option<u32>,
    pub faults: Faults,
    pub exit_after: Option<u64>,
    /// Milliseconds between simulator steps (`--demo`).
    pub demo_interval_ms: u64,
    /// Seconds between `metrics_update` frames.
    pub metrics_interval_secs: u64,
    /// Seconds of client silence before a `{"type":"ping"}` frame.
    pub ws_ping_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8000)),
            db: "sandbox.db".into(),
            seed: false,
            demo: false,
            tier_s_only: false,
            enable_test_admin: false,
            jwt_secret: None,
            access_ttl: 3600,
            refresh_ttl: 604_800,
            rate_limit: None,
            faults: Faults::default(),
            exit_after: None,
            demo_interval_ms: 3000,
            metrics_interval_secs: 5,
            ws_ping_secs: 30,
        }
    }
}

pub struct Inner {
    pub cfg: Config,
    pub secret: Vec<u8>,
    db: Mutex<Connection>,
    pub events: broadcast::Sender<Event>,
    pub faults: RwLock<Faults>,
    tier_s_only: AtomicBool,
    /// Open sockets per channel; a key exists once its channel has had a connection.
    pub ws_counts: Mutex<BTreeMap<&'static str, i64>>,
    /// Fixed one-minute windows per user: (window start, requests).
    pub rate: Mutex<HashMap<Uuid, (i64, u32)>>,
    pub shutdown: watch::Receiver<bool>,
}

pub type AppState = Arc<Inner>;

pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves data that is still consistent for our uses.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Inner {
    pub fn new(
        cfg: Config,
        secret: Vec<u8>,
        conn: Connection,
        shutdown: watch::Receiver<bool>,
    ) -> Self {
        let (events, _) = broadcast::channel(1024);
        Inner {
            faults: RwLock::new(cfg.faults.clone()),
            tier_s_only: AtomicBool::new(cfg.tier_s_only),
            cfg,
            secret,
            db: Mutex::new(conn),
            events,
            ws_counts: Mutex::new(BTreeMap::new()),
            rate: Mutex::new(HashMap::new()),
            shutdown,
        }
    }

    pub fn tier_s_only(&self) -> bool {
        self.tier_s_only.load(Ordering::Relaxed)
    }

    pub fn set_tier_s_only(&self, v: bool) {
        self.tier_s_only.store(v, Ordering::Relaxed);
    }

    pub fn faults(&self) -> Faults {
        self.faults
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        lock(&self.db)
    }

    /// Runs read-only work against the store.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let c = self.conn();
        f(&c)
    }

    /// Runs `f` in one transaction; queued events are broadcast only after a successful commit.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&Connection, &mut Vec<Event>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut out = Vec::new();
        let result = {
            let mut c = self.conn();
            let tx = c.transaction()?;
            let r = f(&tx, &mut out)?;
            tx.commit()?;
            r
        };
        for e in out {
            // No subscribers is fine.
            let _ = self.events.send(e);
        }
        Ok(result)
    }

    pub fn publish(&self, events: Vec<Event>) {
        for e in events {
            let _ = self.events.send(e);
        }
    }
}

/// Resolves once shutdown has been requested (the watch guard never crosses an await).
pub async fn stopped(rx: &mut watch::Receiver<bool>) {
    let _ = rx.wait_for(|v| *v).await.map(|_| ());
}

impl FaultSource for AppState {
    fn current_faults(&self) -> Faults {
        self.faults()
    }
}
