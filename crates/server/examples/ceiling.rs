//! The benchmark's ceiling: the most trivial axum handler, served the same
//! way as pooldeck-server (same runtime, same build profile). `cargo xtask
//! bench-api` measures it in the same run as the real API, so the API's
//! figures read as a share of what this machine can do at all.

#[tokio::main]
async fn main() {
    let app = axum::Router::new().route("/", axum::routing::get(|| async { "ok" }));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    println!(
        "ceiling: http://{}/",
        listener.local_addr().expect("address")
    );
    axum::serve(listener, app).await.expect("serve");
}
