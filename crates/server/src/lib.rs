//! pooldeck-server: serves the built console (and, in later versions, the
//! embedded Load Balancing API and proxy mode).
//!
//! The library is what the binary runs and what the browser end-to-end tests
//! start in-process, so both exercise the same server.

pub mod cli;
mod console;

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use tokio::net::TcpListener;

/// What the server needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where to listen. Must be a loopback address.
    pub listen: SocketAddr,
    /// The built console (Trunk's `dist/`).
    pub dist: PathBuf,
}

/// Every route the server answers, for a configuration.
pub fn router(config: &Config) -> io::Result<Router> {
    console::router(&config.dist)
}

/// A bound, not yet running server.
pub struct Server {
    listener: TcpListener,
    router: Router,
}

impl Server {
    /// Checks the configuration and binds the listening socket.
    pub async fn bind(config: Config) -> io::Result<Server> {
        if !config.listen.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {}: pooldeck-server listens on loopback addresses only (127.0.0.0/8, ::1)",
                    config.listen
                ),
            ));
        }
        let router = router(&config)?;
        let listener = TcpListener::bind(config.listen).await?;
        Ok(Server { listener, router })
    }

    /// The address actually bound (useful with port 0).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then finishes in-flight requests.
    pub async fn run(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
