//! The `pooldeck-server` binary.

use std::process::ExitCode;

use clap::Parser;
use pooldeck_server::cli::Args;
use pooldeck_server::{Config, Server};

#[tokio::main]
async fn main() -> ExitCode {
    let config: Config = match Args::parse().into_config() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("pooldeck-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    let server = match Server::bind(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("pooldeck-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    match server.local_addr() {
        Ok(addr) => {
            let base = server.state().base_path.clone();
            println!("Pooldeck console: http://{addr}{base}/");
            println!("Load Balancing API: http://{addr}{base}/client/v4");
            if server.state().faults.is_some() {
                println!(
                    "Fault injection ON (tests only): http://{addr}{}",
                    pooldeck_server::faults::CONTROL_PATH
                );
            }
            if let Some(code) = server.login_code() {
                println!("Sign in (one-time link): http://{addr}{base}/?login={code}");
            }
            if let Some(token) = server.generated_token() {
                // Printed once, to the terminal that started the server; it
                // is never logged anywhere else.
                println!("API token (generated for this run): {token}");
            }
        }
        Err(e) => {
            eprintln!("pooldeck-server: {e}");
            return ExitCode::FAILURE;
        }
    }
    match server.run(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pooldeck-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Resolves on Ctrl-C or SIGTERM.
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
        () = ctrl_c => {},
        () = term => {},
    }
}
