//! Command line (clap derive). `serve` is the default subcommand.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::faults::Faults;
use crate::state::Config;

#[derive(Parser, Debug)]
#[command(
    name = "sark-sandbox",
    version,
    about = "SARK-compatible sandbox API server"
)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the API server (default).
    Serve(ServeArgs),
    /// Print an access JWT for the paste-token sign-in flow.
    MintToken(MintArgs),
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (keep it on loopback).
    #[arg(long, default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,
    /// SQLite database file, or `:memory:`.
    #[arg(long, default_value = "sandbox.db")]
    pub db: String,
    /// Seed an empty store with demo data.
    #[arg(long)]
    pub seed: bool,
    /// Run the activity simulator.
    #[arg(long)]
    pub demo: bool,
    /// Answer every Tier D endpoint like SARK 2.0 (404/405).
    #[arg(long)]
    pub tier_s_only: bool,
    /// Mount the test-only admin API under /__sandbox/.
    #[arg(long)]
    pub enable_test_admin: bool,
    /// HS256 signing secret (random when absent).
    #[arg(long, env = "SARK_SANDBOX_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,
    /// Access token lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    pub access_ttl: i64,
    /// Refresh token lifetime in seconds.
    #[arg(long, default_value_t = 604_800)]
    pub refresh_ttl: i64,
    /// Opt-in rate limit: requests per minute per user.
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Injected latency for /api/ requests.
    #[arg(long, default_value_t = 0)]
    pub fault_latency_ms: u64,
    /// Share of /api/ requests that fail (0..1).
    #[arg(long, default_value_t = 0.0)]
    pub fault_rate: f64,
    /// Statuses used for injected failures.
    #[arg(long, value_delimiter = ',', default_value = "500,502,503,429")]
    pub fault_statuses: Vec<u16>,
    /// Stop by itself after this many seconds.
    #[arg(long)]
    pub exit_after: Option<u64>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserArg {
    Admin,
    Viewer,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenType {
    Access,
    Refresh,
}

#[derive(Args, Debug, Clone)]
pub struct MintArgs {
    /// HS256 signing secret (must match the server's).
    #[arg(long, env = "SARK_SANDBOX_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: String,
    #[arg(long, value_enum)]
    pub user: UserArg,
    /// Lifetime in seconds.
    #[arg(long, default_value_t = 3600)]
    pub ttl: i64,
    /// Mint a token that has already expired.
    #[arg(long)]
    pub expired: bool,
    #[arg(long = "type", value_enum, default_value = "access")]
    pub token_type: TokenType,
}

impl ServeArgs {
    pub fn into_config(self) -> Result<Config, String> {
        if !(0.0..=1.0).contains(&self.fault_rate) {
            return Err("--fault-rate must be between 0 and 1".into());
        }
        if let Some(bad) = self
            .fault_statuses
            .iter()
            .find(|s| !(400..=599).contains(*s))
        {
            return Err(format!(
                "--fault-statuses: {bad} is not an HTTP error status"
            ));
        }
        if self.access_ttl <= 0 || self.refresh_ttl <= 0 {
            return Err("token lifetimes must be positive".into());
        }
        Ok(Config {
            addr: self.addr,
            db: self.db,
            seed: self.seed,
            demo: self.demo,
            tier_s_only: self.tier_s_only,
            enable_test_admin: self.enable_test_admin,
            jwt_secret: self.jwt_secret,
            access_ttl: self.access_ttl,
            refresh_ttl: self.refresh_ttl,
            rate_limit: self.rate_limit.filter(|n| *n > 0),
            faults: Faults {
                latency_ms: self.fault_latency_ms,
                failure_rate: self.fault_rate,
                failure_statuses: self.fault_statuses,
                ..Faults::default()
            },
            exit_after: self.exit_after,
            ..Config::default()
        })
    }
}

/// Signs a token for a directory user.
pub fn mint(secret: &str, user: UserArg, ttl: i64, expired: bool, ty: TokenType) -> String {
    let u = match user {
        UserArg::Admin => &crate::users::USERS[0],
        UserArg::Viewer => &crate::users::USERS[1],
    };
    let now = crate::util::unix(crate::util::now());
    let (iat, exp) = if expired {
        (now - ttl.max(1) - 120, now - 60)
    } else {
        (now, now + ttl.max(1))
    };
    let ty = match ty {
        TokenType::Access => "access",
        TokenType::Refresh => "refresh",
    };
    crate::jwt::sign(&crate::jwt::claims_for(u, ty, iat, exp), secret.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_is_the_default_subcommand() {
        let c = Cli::try_parse_from([
            "sark-sandbox",
            "--db",
            ":memory:",
            "--seed",
            "--fault-statuses",
            "500,503",
        ])
        .expect("parse");
        assert!(c.command.is_none());
        assert_eq!(c.serve.addr.to_string(), "127.0.0.1:8000");
        assert_eq!(c.serve.fault_statuses, vec![500, 503]);
        let c = Cli::try_parse_from([
            "sark-sandbox",
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--tier-s-only",
            "--exit-after",
            "5",
        ])
        .expect("parse");
        let Some(Command::Serve(s)) = c.command else {
            panic!("serve")
        };
        let cfg = s.into_config().expect("config");
        assert!(cfg.tier_s_only);
        assert_eq!(
            (cfg.access_ttl, cfg.refresh_ttl, cfg.exit_after),
            (3600, 604_800, Some(5))
        );
    }

    #[test]
    fn mint_token_variants() {
        let c = Cli::try_parse_from([
            "sark-sandbox",
            "mint-token",
            "--jwt-secret",
            "s",
            "--user",
            "viewer",
            "--type",
            "refresh",
            "--expired",
        ])
        .expect("parse");
        let Some(Command::MintToken(m)) = c.command else {
            panic!("mint")
        };
        let t = mint(&m.jwt_secret, m.user, m.ttl, m.expired, m.token_type);
        let now = crate::util::unix(crate::util::now());
        assert_eq!(
            crate::jwt::verify(&t, b"s", now),
            Err("Token has expired".to_string())
        );
        let t = mint("s", UserArg::Admin, 60, false, TokenType::Access);
        let claims = crate::jwt::verify(&t, b"s", now).expect("valid");
        assert!(crate::jwt::strict(&claims).is_ok());
        assert_eq!(claims["email"], "admin@sark.local");
        assert_eq!(claims["name"], "Ada Admin");
        assert!(Cli::try_parse_from([
            "sark-sandbox",
            "mint-token",
            "--jwt-secret",
            "s",
            "--user",
            "root"
        ])
        .is_err());
    }
}
