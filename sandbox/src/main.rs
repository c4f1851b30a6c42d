//! `sark-sandbox` binary: parses the command line and runs the server or mints a token.

use std::io::Write;

use clap::Parser;
use sark_sandbox::cli::{mint, Cli, Command};

fn main() {
    let cli = Cli::parse();
    let serve = match cli.command {
        Some(Command::MintToken(m)) => {
            println!(
                "{}",
                mint(&m.jwt_secret, m.user, m.ttl, m.expired, m.token_type)
            );
            return;
        }
        Some(Command::Serve(s)) => s,
        None => cli.serve,
    };
    // Logs go to stderr so stdout carries only the "listening" line a harness waits for.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(log_level())
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cfg = match serve.into_config() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("sark-sandbox: {e}");
            std::process::exit(2);
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("sark-sandbox: cannot start runtime: {e}");
            std::process::exit(1);
        }
    };
    let code = rt.block_on(run(cfg));
    std::process::exit(code);
}

fn log_level() -> tracing::Level {
    match std::env::var("RUST_LOG")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "trace" => tracing::Level::TRACE,
        "debug" => tracing::Level::DEBUG,
        "warn" => tracing::Level::WARN,
        "error" => tracing::Level::ERROR,
        _ => tracing::Level::INFO,
    }
}

async fn run(cfg: sark_sandbox::Config) -> i32 {
    let running = match sark_sandbox::start(cfg).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("sark-sandbox: {e}");
            return 1;
        }
    };
    println!("sark-sandbox listening on http://{}", running.addr);
    let _ = std::io::stdout().flush();
    let stopper = running.stopper();
    let mut stopped = stopper.subscribe();
    tokio::select! {
        _ = shutdown_signal() => tracing::info!("signal received; shutting down"),
        _ = stopped.wait_for(|v| *v) => {}
    }
    running.stop();
    // Give open connections a moment to finish, then exit regardless.
    if tokio::time::timeout(std::time::Duration::from_secs(5), running.wait())
        .await
        .is_err()
    {
        tracing::warn!("graceful shutdown timed out");
    }
    0
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}
