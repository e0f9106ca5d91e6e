//! One HTTP/1.1 request per connection (`Connection: close`), to loopback
//! only: for chromedriver's wire protocol and for fetching the console's
//! files with a given `Accept-Encoding`. Reads `Content-Length`, chunked and
//! until-close bodies; no decompression (the encoded size is the point).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Response {
    pub status: u16,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request to `addr` (`127.0.0.1:PORT`, loopback only).
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout: Duration,
) -> Result<Response, String> {
    if !addr.starts_with("127.0.0.1:") && !addr.starts_with("localhost:") {
        return Err(format!("refusing to connect to {addr}: loopback only"));
    }
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream.set_read_timeout(Some(timeout)).ok();
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method == "POST" {
        head.push_str(&format!(
            "Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    head.push_str(body);
    stream
        .write_all(head.as_bytes())
        .map_err(|e| format!("{method} {path}: {e}"))?;
    // Read until the answer is complete: chromedriver keeps the connection
    // open whatever `Connection: close` says.
    let mut raw = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("{method} {path}: reading the answer: {e}"))?;
        if n == 0 {
            return parse(&raw, true)
                .ok_or_else(|| format!("{method} {path}: malformed HTTP answer"));
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(res) = parse(&raw, false) {
            return Ok(res);
        }
    }
}

/// The answer in `raw`, or `None` while it is incomplete (at `eof`, a body
/// without length ends with the connection).
fn parse(raw: &[u8], eof: bool) -> Option<Response> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        let mut body = Vec::new();
        let mut at = 0;
        loop {
            let line_end = at + rest[at..].windows(2).position(|w| w == b"\r\n")?;
            let size_text = std::str::from_utf8(&rest[at..line_end]).ok()?;
            let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
            at = line_end + 2;
            if size == 0 {
                break;
            }
            body.extend_from_slice(rest.get(at..at + size)?);
            at += size + 2;
        }
        body
    } else {
        let len = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.parse().ok());
        match len {
            Some(len) => rest.get(..len)?.to_vec(),
            None if eof => rest.to_vec(),
            None => return None,
        }
    };
    Some(Response {
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_chunked_and_sized_bodies() {
        let r = super::parse(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n", false).unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, &b"abcde"[..]));
        let r = super::parse(b"HTTP/1.1 404 X\r\nContent-Length: 2\r\n\r\nhi", false).unwrap();
        assert_eq!((r.status, r.text().as_str()), (404, "hi"));
        assert!(super::parse(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi", false).is_none());
        assert!(super::parse(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nab",
            false
        )
        .is_none());
    }
}
