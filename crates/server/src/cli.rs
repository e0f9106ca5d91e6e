//! Command-line flags.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::Parser;

/// Serves the Pooldeck console.
#[derive(Debug, Parser)]
#[command(name = "pooldeck-server", version, about)]
pub struct Args {
    /// Address to listen on. Loopback only (127.0.0.0/8 or ::1).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// The built console: the `dist/` directory Trunk writes.
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,
}

impl From<Args> for crate::Config {
    fn from(args: Args) -> Self {
        crate::Config {
            listen: args.listen,
            dist: args.dist,
        }
    }
}
