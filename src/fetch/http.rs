//! The HTTP client of `briefly fetch`, and every limit on what comes from the network.
//!
//! In: an http(s) address, what is expected there ([`Expect::Feed`] or [`Expect::Page`]) and the
//! validators of the last download (`ETag`, `Last-Modified`). Out: [`Fetched`] — the body
//! (gzip decoded), its final address and content type and the new validators — or
//! [`Fetched::NotModified`], or an error that says in a few words why (`HTTP 404 Not Found`,
//! `timed out`, `redirect loop`, `body larger than 5 MiB`, `content type image/png is not a web
//! page`).
//!
//! Limits ([`Limits`]): a deadline for the whole request, redirects and body included (30 s),
//! within it connect and read timeouts (`BRIEFLY_FETCH_TIMEOUT_MS` sets all three, for tests),
//! and the run's deadline ([`Cut`] when it stops a request); a body cap; at most
//! [`Limits::max_redirects`] redirects followed here (so each hop is checked: http and https
//! only, no loop, an allowed address — [`super::guard`]); at most [`PER_HOST`] requests at a
//! time to one host; an identifying User-Agent. Validators are sent only when they are
//! [`valid_header_value`]s. [`decode`] turns a body into text honouring its charset.

use super::guard::{AllowList, Guard};
use anyhow::{Result, anyhow, bail};
use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Requests in flight to one host at most.
pub const PER_HOST: usize = 2;

/// The User-Agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "briefly/",
    env!("CARGO_PKG_VERSION"),
    " (+https://crates.io/crates/briefly; feed and article fetcher)"
);

/// Limits on one download.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Time to connect.
    pub connect: Duration,
    /// Time to receive the response headers, and again the body.
    pub read: Duration,
    /// Time for the whole request: every redirect, connect, headers and body together.
    pub total: Duration,
    /// Largest body (after gzip decoding).
    pub max_body: u64,
    /// Redirects followed at most.
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            connect: Duration::from_secs(10),
            read: Duration::from_secs(20),
            total: Duration::from_secs(30),
            max_body: 5 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

impl Limits {
    /// Every timeout set to `ms` milliseconds (the hidden `--timeout-ms`, for tests).
    pub fn with_timeout_ms(self, ms: u64) -> Limits {
        let d = Duration::from_millis(ms);
        Limits { connect: d, read: d, total: d, ..self }
    }
}

/// A request the run's deadline stopped (or never let start): reported together, not one
/// warning each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Cut {
    /// Under way when the deadline came.
    #[error("stopped at the run's deadline")]
    InProgress,
    /// Its turn came after the deadline.
    #[error("not started: the run's deadline had passed")]
    NotStarted,
}

/// Longest `ETag` or `Last-Modified` value kept and sent.
pub const MAX_VALIDATOR_BYTES: usize = 512;

/// Whether a header value from a server or the state may be sent: 1 to
/// [`MAX_VALIDATOR_BYTES`] bytes of visible ASCII and spaces (no CR, LF or other control).
pub fn valid_header_value(v: &str) -> bool {
    !v.is_empty() && v.len() <= MAX_VALIDATOR_BYTES && v.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// What is expected at an address: decides which content types are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A feed or an OPML file: XML, JSON, RSS, Atom or text.
    Feed,
    /// An article page: HTML or XHTML.
    Page,
}

/// Validators of an earlier download, sent as `If-None-Match` / `If-Modified-Since`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is anything to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }

    /// Whether every value is a [`valid_header_value`].
    pub fn is_valid(&self) -> bool {
        [&self.etag, &self.last_modified].iter().all(|v| v.as_deref().is_none_or(valid_header_value))
    }

    /// The valid values only.
    pub fn valid_only(self) -> Validators {
        Validators {
            etag: self.etag.filter(|v| valid_header_value(v)),
            last_modified: self.last_modified.filter(|v| valid_header_value(v)),
        }
    }
}

/// A download.
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// `304 Not Modified`: the copy from last time stands.
    NotModified,
    /// A body.
    Body(Body),
}

/// A response body and what came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The address it finally came from (after redirects).
    pub url: String,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The bytes (gzip decoded).
    pub bytes: Vec<u8>,
    /// Validators for next time.
    pub validators: Validators,
}

/// The client: one connection pool, the per-host request slots, the allowed addresses and the
/// run's deadline.
pub struct Client {
    agent: ureq::Agent,
    guard: Guard,
    limits: Limits,
    deadline: Option<Instant>,
    busy: Mutex<BTreeMap<String, usize>>,
    freed: Condvar,
}

/// A request slot of a host, given back when dropped.
struct Slot<'a> {
    client: &'a Client,
    host: String,
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        if let Ok(mut busy) = self.client.busy.lock() {
            if let Some(n) = busy.get_mut(&self.host) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    busy.remove(&self.host);
                }
            }
            self.client.freed.notify_all();
        }
    }
}

impl Client {
    /// A client with these limits that reaches the public internet and `allow`, and starts no
    /// request after `deadline` (and stops those under way then).
    pub fn new(limits: Limits, allow: AllowList, deadline: Option<Instant>) -> Client {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(USER_AGENT)
            .timeout_connect(Some(limits.connect))
            .timeout_recv_response(Some(limits.read))
            .timeout_recv_body(Some(limits.read))
            .build();
        let guard = Guard::new(allow);
        let connector = ureq::unversioned::transport::DefaultConnector::default();
        Client {
            agent: ureq::Agent::with_parts(config, connector, guard.clone()),
            guard,
            limits,
            deadline,
            busy: Mutex::new(BTreeMap::new()),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free request slot of `host` ([`PER_HOST`] at a time).
    fn slot(&self, host: &str) -> Slot<'_> {
        let mut busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
        while busy.get(host).copied().unwrap_or(0) >= PER_HOST {
            busy = self.freed.wait(busy).unwrap_or_else(|e| e.into_inner());
        }
        *busy.entry(host.to_string()).or_insert(0) += 1;
        Slot { client: self, host: host.to_string() }
    }

    /// GETs `url` (see the module doc); `validators` make it conditional (invalid ones are
    /// not sent).
    pub fn get(&self, url: &str, expect: Expect, validators: &Validators) -> Result<Fetched> {
        let validators = &validators.clone().valid_only();
        let mut at = check_url(url)?;
        let mut seen = vec![at.to_string()];
        let mut started: Option<Instant> = None;
        loop {
            let host = at.host_str().unwrap_or("").to_ascii_lowercase();
            let _slot = self.slot(&host);
            // The time left: the request's own, or the run's when that ends first.
            let now = Instant::now();
            let ends = *started.get_or_insert(now) + self.limits.total;
            let (left, by_run) = match self.deadline {
                Some(d) if d <= now => {
                    return Err(if seen.len() > 1 { Cut::InProgress } else { Cut::NotStarted }.into());
                }
                Some(d) if d < ends => (d - now, true),
                _ => (ends.saturating_duration_since(now), false),
            };
            let total = self.limits.total;
            let timed_out = move |e: ureq::Error| -> anyhow::Error {
                match e {
                    ureq::Error::Timeout(ureq::Timeout::Global) if by_run => Cut::InProgress.into(),
                    ureq::Error::Timeout(ureq::Timeout::Global) => {
                        anyhow!("timed out (the whole request took over {})", seconds(total))
                    }
                    e => describe(e),
                }
            };
            if left.is_zero() {
                return Err(timed_out(ureq::Error::Timeout(ureq::Timeout::Global)));
            }
            // Through a proxy, which resolves the name itself, the name is checked here first
            // as it resolves here; one that does not resolve here is the proxy's to resolve
            // (SECURITY.md, known limits). Literal addresses and `localhost` names are always
            // checked.
            if self.agent.config().proxy().is_some() {
                let uri: ureq::http::Uri = at.as_str().parse().map_err(|_| anyhow!("bad address"))?;
                let timeout = ureq::unversioned::transport::NextTimeout {
                    after: ureq::unversioned::transport::time::Duration::Exact(left),
                    ..Default::default()
                };
                if let Err(e) = self.guard.resolve_checked(&uri, self.agent.config(), timeout)
                    && super::guard::is_refusal(&e)
                {
                    return Err(describe(e));
                }
            }
            let mut req = self
                .agent
                .get(at.as_str())
                .config()
                .timeout_global(Some(left))
                .build()
                .header("Accept", accept(expect));
            if let Some(e) = &validators.etag {
                req = req.header("If-None-Match", e.as_str());
            }
            if let Some(m) = &validators.last_modified {
                req = req.header("If-Modified-Since", m.as_str());
            }
            let mut resp = req.call().map_err(timed_out)?;
            let status = resp.status().as_u16();
            let header = |name: &str| {
                resp.headers().get(name).and_then(|v| v.to_str().ok()).map(|v| v.trim().to_string())
            };
            if (300..400).contains(&status) && status != 304 {
                let Some(location) = header("location") else {
                    bail!("HTTP {status} redirect without a Location");
                };
                if seen.len() > self.limits.max_redirects {
                    bail!("too many redirects (more than {})", self.limits.max_redirects);
                }
                let next =
                    at.join(&location).map_err(|_| anyhow!("redirect to a bad address `{location}`"))?;
                let next = check_url(next.as_str()).map_err(|e| anyhow!("redirect refused: {e}"))?;
                if seen.iter().any(|s| s == next.as_str()) {
                    bail!("redirect loop at {next}");
                }
                seen.push(next.to_string());
                at = next;
                continue;
            }
            if status == 304 && !validators.is_empty() {
                return Ok(Fetched::NotModified);
            }
            if !(200..300).contains(&status) {
                let reason = resp.status().canonical_reason().unwrap_or("");
                bail!("{}", format!("HTTP {status} {reason}").trim_end());
            }
            let content_type = header("content-type");
            if let Some(ct) = &content_type
                && !accepted(expect, ct)
            {
                bail!(
                    "content type `{}` is not {}",
                    crate::text::clip_message(ct, 80),
                    match expect {
                        Expect::Feed => "a feed",
                        Expect::Page => "a web page",
                    }
                );
            }
            if let Some(len) = header("content-length").and_then(|l| l.parse::<u64>().ok())
                && len > self.limits.max_body
            {
                bail!("body larger than {}", size(self.limits.max_body));
            }
            let new_validators =
                Validators { etag: header("etag"), last_modified: header("last-modified") }.valid_only();
            let bytes = resp.body_mut().with_config().limit(self.limits.max_body).read_to_vec().map_err(
                |e| match e {
                    ureq::Error::BodyExceedsLimit(_) => {
                        anyhow!("body larger than {}", size(self.limits.max_body))
                    }
                    e => timed_out(e),
                },
            )?;
            return Ok(Fetched::Body(Body {
                url: at.to_string(),
                content_type,
                bytes,
                validators: new_validators,
            }));
        }
    }
}

/// `N MiB` or `N bytes`.
fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 && bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

/// `N s`, or `N ms` below a second or when not whole.
pub fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// A transport error in a few words.
fn describe(e: ureq::Error) -> anyhow::Error {
    match e {
        ureq::Error::Timeout(t) => anyhow!("timed out ({t})"),
        ureq::Error::HostNotFound => anyhow!("host not found"),
        ureq::Error::ConnectionFailed => anyhow!("connection failed"),
        ureq::Error::BodyExceedsLimit(n) => anyhow!("body larger than {}", size(n)),
        ureq::Error::Io(io) => anyhow!("{io}"),
        e => anyhow!("{e}"),
    }
}

/// The `Accept` header for what is expected.
fn accept(expect: Expect) -> &'static str {
    match expect {
        Expect::Feed => {
            "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
        }
        Expect::Page => "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    }
}

/// Whether a content type fits what is expected.
pub fn accepted(expect: Expect, content_type: &str) -> bool {
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match expect {
        Expect::Feed => {
            mime.is_empty()
                || mime.starts_with("text/")
                || ["xml", "json", "rss", "atom", "opml"].iter().any(|k| mime.contains(k))
                || mime == "application/octet-stream"
        }
        Expect::Page => mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml",
    }
}

/// An address `fetch` may request: absolute http or https with a host.
pub fn check_url(url: &str) -> Result<url::Url> {
    let parsed = url::Url::parse(url.trim()).map_err(|e| anyhow!("bad address ({e})"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        bail!("only http and https addresses are fetched, not `{}:`", parsed.scheme());
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        bail!("address without a host");
    }
    Ok(parsed)
}

/// A body as text: the charset of the `Content-Type` header, else a byte-order mark, else a
/// `<meta charset>` (or `http-equiv`) or XML declaration in the first 1024 bytes, else UTF-8 when
/// the bytes are UTF-8 and windows-1252 when not (what browsers assume for an undeclared page).
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    let label =
        content_type.and_then(charset_param).or_else(|| sniff_charset(&bytes[..bytes.len().min(1024)]));
    let encoding = match label.as_deref().and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => encoding_rs::UTF_8,
        None => encoding_rs::WINDOWS_1252,
    };
    // `decode` lets a byte-order mark win over the label, as browsers do.
    let (text, _, _) = encoding.decode(bytes);
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `charset=` of a header value.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// A charset declared near the top of a page or XML document.
fn sniff_charset(head: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let at = text.find("charset=").map(|i| i + 8).or_else(|| {
        let decl = text.find("<?xml")?;
        text[decl..].find("encoding=").map(|i| decl + i + 9)
    })?;
    let rest = text[at..].trim_start_matches(['"', '\'', ' ']);
    let value: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!value.is_empty()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_two_requests_per_host() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let client = Client::new(Limits::default(), AllowList::default(), None);
        let (now, max, other) = (AtomicUsize::new(0), AtomicUsize::new(0), AtomicUsize::new(0));
        std::thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| {
                    let _slot = client.slot("a.test");
                    let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                    max.fetch_max(n, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(20));
                    now.fetch_sub(1, Ordering::SeqCst);
                });
            }
            s.spawn(|| {
                // Another host is not held up by the first one's queue.
                let _slot = client.slot("b.test");
                other.store(now.load(Ordering::SeqCst).max(1), Ordering::SeqCst);
            });
        });
        assert_eq!(max.load(Ordering::SeqCst), PER_HOST);
        assert!(other.load(Ordering::SeqCst) >= 1);
        assert!(client.busy.lock().unwrap().is_empty(), "every slot given back");
    }

    #[test]
    fn charsets() {
        assert_eq!(decode(b"caf\xe9", Some("text/html; charset=windows-1252")), "café");
        assert_eq!(
            decode(b"<meta charset=\"iso-8859-1\">caf\xe9", Some("text/html")),
            "<meta charset=\"iso-8859-1\">café"
        );
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9 \x93q\x94", None), "café \u{201c}q\u{201d}");
        assert_eq!(decode(b"\xef\xbb\xbfok", Some("text/html; charset=windows-1252")), "ok");
    }

    #[test]
    fn content_types_and_addresses() {
        assert!(accepted(Expect::Page, "text/html; charset=utf-8"));
        assert!(accepted(Expect::Page, "application/xhtml+xml"));
        assert!(!accepted(Expect::Page, "application/pdf"));
        assert!(!accepted(Expect::Page, "image/png"));
        assert!(accepted(Expect::Feed, "application/rss+xml"));
        assert!(accepted(Expect::Feed, "application/feed+json"));
        assert!(accepted(Expect::Feed, "text/xml"));
        assert!(!accepted(Expect::Feed, "image/png"));
        assert!(check_url("https://a.test/x").is_ok());
        for bad in ["ftp://a.test/x", "file:///etc/passwd", "javascript:alert(1)", "/relative", "http://"] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }
}
