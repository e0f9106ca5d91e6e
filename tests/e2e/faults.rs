//! Failures the console must survive. The API here is pooldeck-server in
//! proxy mode in front of a fake upstream on loopback, which fails until
//! the test lets it succeed.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::harness::with_console_configured;

/// A fake Cloudflare that answers 500 while `failing`, and otherwise one
/// pool (and no monitors). Counts the requests it gets.
async fn flaky_upstream(failing: Arc<AtomicBool>, hits: Arc<AtomicUsize>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let (failing, hits) = (failing.clone(), hits.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let n = sock.read(&mut buf).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                hits.fetch_add(1, Ordering::SeqCst);
                let (status, body) = if failing.load(Ordering::SeqCst) {
                    ("500 Internal Server Error", r#"{"success":false,"errors":[{"code":1000,"message":"upstream is having a bad day"}],"messages":[],"result":null}"#.to_owned())
                } else if head.contains("/monitors") {
                    (
                        "200 OK",
                        r#"{"success":true,"errors":[],"messages":[],"result":[]}"#.to_owned(),
                    )
                } else {
                    ("200 OK", r#"{"success":true,"errors":[],"messages":[],"result":[{"id":"0123456789abcdef0123456789abcde0","name":"from-upstream","enabled":true,"minimum_origins":1,"origins":[{"name":"a","address":"192.0.2.1"}]}]}"#.to_owned())
                };
                let reply = format!("HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
                let _ = sock.write_all(reply.as_bytes()).await;
            });
        }
    });
    format!("http://{addr}/client/v4")
}

#[tokio::test]
async fn a_500_is_shown_as_an_error_and_retry_recovers() {
    let failing = Arc::new(AtomicBool::new(true));
    let hits = Arc::new(AtomicUsize::new(0));
    let upstream = flaky_upstream(failing.clone(), hits.clone()).await;
    with_console_configured(
        "",
        move |c| {
            c.upstream = Some(pooldeck_server::proxy::Upstream {
                base: upstream,
                token: "upstream-token".into(),
                accounts: vec![],
                read_only: false,
            })
        },
        move |b| async move {
            b.goto("/pools").await;
            let panel = b.wait_for("[data-testid=error-panel]").await;
            assert!(panel
                .text()
                .await
                .unwrap()
                .contains("upstream is having a bad day"));
            // A GET is tried three times before the error is shown.
            assert!(
                hits.load(Ordering::SeqCst) >= 3,
                "{} requests",
                hits.load(Ordering::SeqCst)
            );
            assert!(b.find_all("[data-testid=pool-row]").await.is_empty());
            failing.store(false, Ordering::SeqCst);
            b.wait_for("[data-testid=error-retry]")
                .await
                .click()
                .await
                .unwrap();
            let row = b.wait_for("[data-testid=pool-row]").await;
            assert_eq!(
                row.attr("data-pool-name").await.unwrap().as_deref(),
                Some("from-upstream")
            );
            assert!(b.find_all("[data-testid=error-panel]").await.is_empty());
        },
    )
    .await;
}
