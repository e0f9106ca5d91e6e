//! One health check of one endpoint with one monitor, the way Cloudflare's
//! monitors work: an HTTP request (method, path, port, Host
//! header, expected codes, expected body in the first 10 KB, timeout,
//! immediate retries) or a TCP connect.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{header, Method, Request};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use pooldeck_model::{Monitor, MonitorType, Origin};

/// How much of a response body is searched for `expected_body`.
const BODY_WINDOW: usize = 10 * 1024;

/// What one check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// `None`: not checked (outside the allow-list, or an unsupported type).
    pub healthy: Option<bool>,
    pub rtt: Option<Duration>,
    pub failure_reason: String,
    pub response_code: Option<u16>,
}

impl Outcome {
    pub fn unknown(reason: &str) -> Self {
        Outcome {
            healthy: None,
            rtt: None,
            failure_reason: reason.to_owned(),
            response_code: None,
        }
    }

    fn fail(reason: &str, rtt: Option<Duration>, code: Option<u16>) -> Self {
        Outcome {
            healthy: Some(false),
            rtt,
            failure_reason: reason.to_owned(),
            response_code: code,
        }
    }

    fn pass(rtt: Duration, code: Option<u16>) -> Self {
        Outcome {
            healthy: Some(true),
            rtt: Some(rtt),
            failure_reason: "No failures".to_owned(),
            response_code: code,
        }
    }
}

/// The HTTP client the prober shares (plain HTTP/1.1, no pooling: each
/// check is a fresh connection, as a health check should be).
pub type HttpClient = Client<HttpConnector, Full<Bytes>>;

pub fn http_client() -> HttpClient {
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build(connector)
}

/// The port a check connects to: the endpoint's, else the monitor's, else
/// the protocol default.
fn port(origin: &Origin, monitor: &Monitor) -> u16 {
    let pick = |p: Option<i64>| p.filter(|p| (1..=65535).contains(p)).map(|p| p as u16);
    pick(origin.port)
        .or(pick(monitor.port))
        .unwrap_or(match monitor.kind {
            MonitorType::Https => 443,
            MonitorType::Smtp => 25,
            _ => 80,
        })
}

/// The Host header: the endpoint's override beats the monitor's (as Cloudflare
/// documents for Host header overrides), and the address is the fallback.
fn host_header(origin: &Origin, monitor: &Monitor, port: u16) -> String {
    origin
        .host()
        .or_else(|| monitor.host_header())
        .map(str::to_owned)
        .unwrap_or_else(|| {
            let address = origin.address.trim();
            let bracketed = if address.contains(':') && !address.starts_with('[') {
                format!("[{address}]")
            } else {
                address.to_owned()
            };
            if port == 80 {
                bracketed
            } else {
                format!("{bracketed}:{port}")
            }
        })
}

/// `"2xx"` matches a class, `"200"` one code.
pub fn code_matches(expected: &str, code: u16) -> bool {
    let e = expected.as_bytes();
    match e {
        [c, b'x', b'x'] => code / 100 == u16::from(c - b'0'),
        _ => expected.parse::<u16>() == Ok(code),
    }
}

/// Checks `origin` (already resolved to `ip`) with `monitor`, retrying
/// immediately after a timeout or failed connection, up to `retries` times.
pub async fn check(
    client: &HttpClient,
    ip: IpAddr,
    origin: &Origin,
    monitor: &Monitor,
    pool_id: &str,
) -> Outcome {
    let attempts = 1 + monitor.retries.clamp(0, 5) as usize;
    let mut last = Outcome::unknown("not checked");
    for _ in 0..attempts {
        last = match monitor.kind {
            MonitorType::Tcp => tcp(ip, origin, monitor).await,
            MonitorType::Http => http(client, ip, origin, monitor, pool_id).await,
            MonitorType::Https => {
                Outcome::unknown("not probed: the embedded prober does not speak HTTPS")
            }
            _ => Outcome::unknown(
                "not probed: the embedded prober checks http, https and tcp monitors",
            ),
        };
        let retryable = matches!(
            last.failure_reason.as_str(),
            "TCP connection failed" | "HTTP timeout occurred" | "TCP connection timed out"
        );
        if !retryable {
            break;
        }
    }
    last
}

fn timeout_of(monitor: &Monitor) -> Duration {
    Duration::from_secs(monitor.timeout.clamp(1, 10) as u64)
}

async fn tcp(ip: IpAddr, origin: &Origin, monitor: &Monitor) -> Outcome {
    let addr = SocketAddr::new(ip, port(origin, monitor));
    let start = Instant::now();
    match tokio::time::timeout(timeout_of(monitor), tokio::net::TcpStream::connect(addr)).await {
        Ok(Ok(_)) => Outcome::pass(start.elapsed(), None),
        Ok(Err(_)) => Outcome::fail("TCP connection failed", None, None),
        Err(_) => Outcome::fail("TCP connection timed out", None, None),
    }
}

async fn http(
    client: &HttpClient,
    ip: IpAddr,
    origin: &Origin,
    monitor: &Monitor,
    pool_id: &str,
) -> Outcome {
    let port = port(origin, monitor);
    let authority = SocketAddr::new(ip, port);
    let path = monitor
        .path
        .as_deref()
        .filter(|p| p.starts_with('/'))
        .unwrap_or("/");
    let method = match monitor.method.as_deref() {
        Some("HEAD") => Method::HEAD,
        _ => Method::GET,
    };
    let mut req = Request::builder()
        .method(method)
        .uri(format!("http://{authority}{path}"))
        .header(header::HOST, host_header(origin, monitor, port))
        .header(
            header::USER_AGENT,
            format!("Mozilla/5.0 (compatible; Cloudflare-Traffic-Manager/1.0; +https://www.cloudflare.com/traffic-manager/; pool-id: {pool_id})"),
        );
    for (name, values) in monitor.header.iter().flatten() {
        // Host is set above; User-Agent cannot be overridden (Cloudflare does
        // not allow it).
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("user-agent") {
            continue;
        }
        for value in values {
            req = req.header(name.as_str(), value.as_str());
        }
    }
    let Ok(req) = req.body(Full::new(Bytes::new())) else {
        return Outcome::fail("HTTP request could not be built", None, None);
    };
    let start = Instant::now();
    let deadline = timeout_of(monitor);
    let response = match tokio::time::timeout(deadline, client.request(req)).await {
        Err(_) => return Outcome::fail("HTTP timeout occurred", None, None),
        Ok(Err(e)) if e.is_connect() => return Outcome::fail("TCP connection failed", None, None),
        Ok(Err(_)) => return Outcome::fail("HTTP request failed", None, None),
        Ok(Ok(r)) => r,
    };
    let rtt = start.elapsed();
    let code = response.status().as_u16();
    let redirect = response.status().is_redirection();
    if redirect && monitor.follow_redirects == Some(true) {
        // Following a redirect could lead anywhere; the embedded prober
        // stays on the allow-list, so it judges the endpoint by reaching it.
        return Outcome::pass(rtt, Some(code));
    }
    let expected = monitor.expected_codes.as_deref().unwrap_or("2xx");
    if !code_matches(expected, code) {
        return Outcome::fail("Response code mismatch error", Some(rtt), Some(code));
    }
    if let Some(needle) = monitor.expected_body.as_deref().filter(|b| !b.is_empty()) {
        let remaining = deadline.saturating_sub(start.elapsed());
        let body = tokio::time::timeout(
            remaining,
            Limited::new(response.into_body(), BODY_WINDOW).collect(),
        )
        .await;
        let text = match body {
            Ok(Ok(collected)) => String::from_utf8_lossy(&collected.to_bytes()).to_lowercase(),
            // Larger than the window: only its first 10 KB count, and
            // `Limited` refuses rather than truncating, so re-read is not
            // possible; treat it as not containing the text.
            Ok(Err(_)) => String::new(),
            Err(_) => return Outcome::fail("HTTP timeout occurred", Some(rtt), Some(code)),
        };
        if !text.contains(&needle.to_lowercase()) {
            return Outcome::fail("Response body mismatch error", Some(rtt), Some(code));
        }
    }
    Outcome::pass(rtt, Some(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_codes() {
        assert!(code_matches("2xx", 204));
        assert!(!code_matches("2xx", 301));
        assert!(code_matches("301", 301));
        assert!(!code_matches("200", 201));
    }

    #[test]
    fn ports_and_host_headers() {
        let m = Monitor {
            port: Some(8080),
            ..Monitor::default()
        };
        let mut o = Origin::new("a", "127.0.0.1");
        assert_eq!(port(&o, &m), 8080);
        o.port = Some(9000);
        assert_eq!(port(&o, &m), 9000);
        assert_eq!(port(&Origin::new("a", "::1"), &Monitor::default()), 80);
        assert_eq!(host_header(&o, &m, 9000), "127.0.0.1:9000");
        assert_eq!(
            host_header(&Origin::new("a", "::1"), &Monitor::default(), 80),
            "[::1]"
        );
        let mut with_host = m.clone();
        with_host.header = Some([("Host".to_owned(), vec!["mon.example.com".to_owned()])].into());
        assert_eq!(host_header(&o, &with_host, 9000), "mon.example.com");
        o.header = Some(pooldeck_model::OriginHeader::host("origin.example.com"));
        assert_eq!(
            host_header(&o, &with_host, 9000),
            "origin.example.com",
            "the endpoint's Host wins"
        );
    }
}
