//! `briefly fetch` against an HTTP server this test starts on 127.0.0.1 (never any other
//! address): feeds and pages written here, every failure a warning, a second run that downloads
//! nothing, and `fetch` followed by `build`. Also `build` reading a feed file offline.

use crate::common::*;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One canned response.
#[derive(Clone, Default)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Answer `304` when the request's `If-None-Match` is this.
    etag: Option<String>,
    /// Accept the request, answer nothing for this long, then close.
    stall: Option<Duration>,
    /// Send the body gzip-encoded (when the request accepts it).
    gzip: bool,
    /// Leave out Content-Length (the body ends when the connection closes).
    no_length: bool,
    /// Send slowly: the status line, then this many header lines and then this many pieces of
    /// the body, one every `interval`.
    trickle: Option<Trickle>,
}

/// How a [`Reply`] trickles.
#[derive(Clone, Copy)]
struct Trickle {
    interval: Duration,
    header_lines: usize,
    body_pieces: usize,
}

fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
    Reply {
        status: 200,
        headers: vec![("Content-Type".into(), content_type.into())],
        body: body.into(),
        ..Default::default()
    }
}

fn redirect(to: &str) -> Reply {
    Reply { status: 302, headers: vec![("Location".into(), to.into())], ..Default::default() }
}

fn status(code: u16) -> Reply {
    Reply { status: code, body: b"error page".to_vec(), ..Default::default() }
}

/// A request as the server saw it: path and lower-case headers.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    headers: BTreeMap<String, String>,
}

/// The test server: routes by path (changeable between runs), a log of requests; it stops when
/// dropped or after a minute, whichever comes first.
struct Server {
    port: u16,
    routes: Arc<Mutex<BTreeMap<String, Reply>>>,
    log: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Mutex<BTreeMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (r, l, s) = (routes.clone(), log.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !s.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (r, l) = (r.clone(), l.clone());
                        std::thread::spawn(move || serve(stream, &r, &l));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { port, routes, log, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The address of `path` under another name of this server (`localhost`).
    fn url_at(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }

    fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    fn requests(&self) -> Vec<Seen> {
        self.log.lock().unwrap().clone()
    }

    fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Answers one request on `stream` (one request per connection; `Connection: close`).
fn serve(mut stream: TcpStream, routes: &Mutex<BTreeMap<String, Reply>>, log: &Mutex<Vec<Seen>>) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let mut lines = text.split("\r\n");
    let path = lines.next().unwrap_or("").split_whitespace().nth(1).unwrap_or("/").to_string();
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    log.lock().unwrap().push(Seen { path: path.clone(), headers: headers.clone() });
    let route = path.split('?').next().unwrap_or("");
    let reply = routes.lock().unwrap().get(route).cloned().unwrap_or_else(|| status(404));
    if let Some(d) = reply.stall {
        std::thread::sleep(d);
        return;
    }
    if let Some(t) = reply.trickle {
        let _ = trickle(&mut stream, &reply, t);
        return;
    }
    let (mut code, mut body, mut extra) = (reply.status, reply.body.clone(), reply.headers.clone());
    if let Some(etag) = &reply.etag {
        extra.push(("ETag".into(), etag.clone()));
        if headers.get("if-none-match") == Some(etag) {
            code = 304;
            body.clear();
        }
    }
    if reply.gzip && headers.get("accept-encoding").is_some_and(|a| a.contains("gzip")) {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(&body).unwrap();
        body = enc.finish().unwrap();
        extra.push(("Content-Encoding".into(), "gzip".into()));
    }
    let mut out = format!("HTTP/1.1 {code} X\r\nConnection: close\r\n");
    for (k, v) in &extra {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if !reply.no_length {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// Sends `reply` slowly (see [`Trickle`]); stops at the first failed write (the client left).
fn trickle(stream: &mut TcpStream, reply: &Reply, t: Trickle) -> std::io::Result<()> {
    let mut send = |bytes: &[u8]| -> std::io::Result<()> {
        stream.write_all(bytes)?;
        stream.flush()?;
        std::thread::sleep(t.interval);
        Ok(())
    };
    send(format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status).as_bytes())?;
    for i in 0..t.header_lines {
        send(format!("X-Slow-{i}: x\r\n").as_bytes())?;
    }
    let mut head = String::new();
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", reply.body.len()));
    let size = reply.body.len().div_ceil(t.body_pieces.max(1)).max(1);
    let mut pieces = reply.body.chunks(size);
    // The end of the head goes with the first piece of the body.
    let first = [head.as_bytes(), pieces.next().unwrap_or_default()].concat();
    send(&first)?;
    for piece in pieces {
        send(piece)?;
    }
    Ok(())
}

/// Three paragraphs of article text about `topic` (distinct per topic, so no two pages share
/// a text hash).
fn article_text(topic: &str) -> Vec<String> {
    vec![
        format!(
            "Officials in the harbour city said on Tuesday that the {topic} dispute had entered its third week, with no sign of a settlement between the operator and the union representing the dockworkers."
        ),
        format!(
            "The {topic} negotiations resumed late in the evening, according to two people familiar with the talks, who said the main sticking point remained the night-shift bonus that was cut in January."
        ),
        format!(
            "Analysts estimated that the {topic} stoppage was costing importers several million euros a day, and warned that perishable cargo could spoil if the dispute lasted into next week."
        ),
    ]
}

/// A news page with `title` and paragraphs; `head` goes into `<head>`.
fn page(title: &str, paras: &[String], head: &str) -> String {
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title>{head}</head><body>\
         <nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}</article>\
         <footer>All rights reserved.</footer></body></html>"
    )
}

fn html(title: &str, topic: &str) -> Reply {
    ok("text/html; charset=utf-8", page(title, &article_text(topic), ""))
}

/// An RSS 2.0 feed; items are (title, link, RFC 822 date, content:encoded HTML).
fn rss(title: &str, items: &[(&str, &str, &str, &str)]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>{title}</title><link>http://127.0.0.1/</link><description>d</description>\n"
    );
    for (t, link, date, content) in items {
        out.push_str(&format!(
            "<item><title>{}</title><link>{}</link><pubDate>{date}</pubDate><dc:creator>Desk Writer</dc:creator>",
            xml_escape(t),
            xml_escape(link)
        ));
        if !content.is_empty() {
            out.push_str(&format!("<content:encoded><![CDATA[{content}]]></content:encoded>"));
        }
        out.push_str("</item>\n");
    }
    out.push_str("</channel></rss>\n");
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A project folder with `brief.yaml` (`yaml` after the title) and an optional extra file.
fn project(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("brief.yaml"), format!("title: Fetch test\n{yaml}")).unwrap();
    dir
}

/// `briefly fetch --config DIR/brief.yaml --allow-host 127.0.0.1 ARGS` (the test server's
/// address opened) with a short timeout and no proxy.
fn fetch(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut all = vec!["--allow-host", "127.0.0.1"];
    all.extend_from_slice(args);
    fetch_with(dir, &all, &[])
}

/// `briefly fetch --config DIR/brief.yaml ARGS` with `env`, nothing opened but what they
/// open, a short timeout (unless `env` sets one) and no proxy.
fn fetch_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> assert_cmd::assert::Assert {
    let mut cmd = briefly();
    cmd.arg("fetch").arg("--config").arg(dir.join("brief.yaml")).args(args);
    cmd.env_remove("BRIEFLY_ALLOW_HOSTS").env_remove("BRIEFLY_FETCH_DEADLINE");
    cmd.env("BRIEFLY_FETCH_TIMEOUT_MS", "2500");
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
        "no_proxy",
        "NO_PROXY",
    ] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.timeout(Duration::from_secs(60)).assert()
}

fn stderr(a: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&a.get_output().stderr).into_owned()
}

/// The saved articles of `dir/seeds`: name → text.
fn saved(dir: &Path) -> BTreeMap<String, String> {
    files(&dir.join("seeds")).into_iter().map(|(k, v)| (k, String::from_utf8(v).unwrap())).collect()
}

/// The front matter of a saved file, read as `build` reads it (YAML).
fn front(text: &str) -> serde_yaml::Value {
    let rest = text.strip_prefix("---\n").expect("front matter");
    let end = rest.find("\n---\n").expect("closed front matter");
    serde_yaml::from_str(&rest[..end]).unwrap()
}

fn field(v: &serde_yaml::Value, key: &str) -> String {
    v.get(key).and_then(|x| x.as_str()).map(str::to_string).unwrap_or_default()
}

/// Nothing half-written: no temporaries, every file opens with closed front matter.
fn assert_whole(dir: &Path) {
    for (name, text) in saved(dir) {
        assert!(!name.starts_with('.') && name.ends_with(".md"), "stray file {name}");
        front(&text);
    }
}

#[test]
fn rss_atom_json_feed_and_opml_then_nothing_new() {
    let s = Server::start();
    let rss_feed = rss(
        "The Harbour Times",
        &[
            (
                "Strike: \"talks\" stall",
                &s.url("/h/strike?utm_source=rss&utm_medium=feed"),
                "Tue, 02 Dec 2025 08:00:00 GMT",
                "",
            ),
            ("Old story", &s.url("/h/old"), "Mon, 24 Nov 2025 08:00:00 GMT", ""),
        ],
    );
    s.route("/rss", Reply { etag: Some("\"r1\"".into()), ..ok("application/rss+xml", rss_feed) });
    s.route("/h/strike", html("Strike talks stall", "harbour"));
    s.route("/h/old", html("Old story", "old"));
    let atom = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom Wire</title><id>urn:a</id><updated>2025-12-03T00:00:00Z</updated>\
         <entry><title>Rail tunnel opens</title><id>urn:a1</id><link href=\"{}\"/><updated>2025-12-03T09:00:00Z</updated><author><name>R. Porter</name></author></entry></feed>",
        s.url("/a/rail")
    );
    s.route("/atom", Reply { etag: Some("\"a1\"".into()), ..ok("application/atom+xml", atom) });
    s.route("/a/rail", html("Rail tunnel opens", "rail"));
    let json = format!(
        r#"{{"version":"https://jsonfeed.org/version/1.1","title":"JSON Post","items":[{{"id":"1","url":"{}","title":"Ferry fares rise","date_published":"2025-12-04T10:00:00Z"}}]}}"#,
        s.url("/j/ferry")
    );
    s.route("/feed.json", Reply { etag: Some("\"j1\"".into()), ..ok("application/feed+json", json) });
    s.route("/j/ferry", html("Ferry fares rise", "ferry"));
    let dir = project(&format!(
        "feeds:\n  - {}\n  - {{url: '{}', outlet: Atom Desk}}\n  - opml: subs.opml\n",
        s.url("/rss"),
        s.url("/atom")
    ));
    std::fs::write(
        dir.path().join("subs.opml"),
        format!(
            "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Subs</title></head><body><outline text=\"News\"><outline type=\"rss\" text=\"JSON Post\" xmlUrl=\"{}\"/></outline></body></opml>",
            xml_escape(&s.url("/feed.json"))
        ),
    )
    .unwrap();

    // A dry run lists what it would download and writes nothing.
    let dry = fetch(dir.path(), &["--week", "2025-W49", "--dry-run"]).success();
    let out = String::from_utf8_lossy(&dry.get_output().stdout).into_owned();
    assert!(out.contains("/h/strike") && out.contains("/a/rail") && out.contains("/j/ferry"), "{out}");
    assert!(!out.contains("/h/old"), "outside the window: {out}");
    assert!(!dir.path().join("seeds").exists() && !dir.path().join(".briefly").exists());

    s.clear_log();
    let run = fetch(dir.path(), &["--week", "2025-W49"]).success();
    let err = stderr(&run);
    assert!(err.contains("fetched 3 feeds (0 unchanged): 3 new articles"), "{err}");
    let files = saved(dir.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "2025-12-02-the-harbour-times-strike-talks-stall.md",
            "2025-12-03-atom-desk-rail-tunnel-opens.md",
            "2025-12-04-json-post-ferry-fares-rise.md"
        ]
    );
    let strike = front(&files[names[0]]);
    assert_eq!(field(&strike, "title"), "Strike: \"talks\" stall");
    assert_eq!(field(&strike, "outlet"), "The Harbour Times");
    assert_eq!(field(&strike, "author"), "Desk Writer");
    assert_eq!(field(&strike, "date"), "2025-12-02");
    assert_eq!(field(&strike, "url"), s.url("/h/strike"), "tracking parameters stripped");
    assert_eq!(field(&strike, "feed"), s.url("/rss"));
    assert!(files[names[0]].contains("entered its third week"), "{}", files[names[0]]);
    assert!(!files[names[0]].contains("All rights reserved"));
    let rail = front(&files[names[1]]);
    assert_eq!((field(&rail, "outlet"), field(&rail, "author")), ("Atom Desk".into(), "R. Porter".into()));
    assert_eq!(field(&front(&files[names[2]]), "feed"), s.url("/feed.json"));
    // Polite: an identifying User-Agent, nothing outside the window downloaded.
    let log = s.requests();
    assert!(log.iter().all(|r| r.headers.get("user-agent").is_some_and(|u| u.starts_with("briefly/"))));
    assert!(!log.iter().any(|r| r.path == "/h/old"));
    let state = std::fs::read_to_string(dir.path().join(".briefly/fetch.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(v["feeds"][s.url("/rss")]["etag"], "\"r1\"");
    assert_whole(dir.path());

    // Second run: conditional requests, 304s, nothing downloaded, nothing changed.
    s.clear_log();
    let again = fetch(dir.path(), &["--week", "2025-W49"]).success();
    let err = stderr(&again);
    assert!(err.contains("fetched 3 feeds (3 unchanged): 0 new articles"), "{err}");
    let log = s.requests();
    let mut paths: Vec<&str> = log.iter().map(|r| r.path.as_str()).collect();
    paths.sort();
    assert_eq!(paths, ["/atom", "/feed.json", "/rss"], "only the feeds are asked again");
    assert!(log.iter().all(|r| r.headers.contains_key("if-none-match")), "{log:?}");
    assert_eq!(saved(dir.path()), files);
    assert_eq!(std::fs::read_to_string(dir.path().join(".briefly/fetch.json")).unwrap(), state);
}

#[test]
fn failures_are_one_warning_each_and_the_rest_is_saved() {
    let s = Server::start();
    let long_content = format!("<p>{}</p>", article_text("fallback").join("</p><p>"));
    let items: Vec<(String, String, String)> = vec![
        ("Chain".into(), s.url("/chain1"), String::new()),
        ("Loop".into(), s.url("/loop-a"), String::new()),
        ("Missing".into(), s.url("/missing"), String::new()),
        ("Broken".into(), s.url("/broken"), String::new()),
        ("Stalled".into(), s.url("/stall"), String::new()),
        ("Huge".into(), s.url("/huge"), String::new()),
        ("Pdf".into(), s.url("/doc.pdf"), String::new()),
        ("Cafe".into(), s.url("/cp1252"), String::new()),
        ("Zipped".into(), s.url("/gzip"), String::new()),
        ("Hostile".into(), s.url("/hostile"), String::new()),
        ("Feed text".into(), s.url("/gone"), long_content),
        ("Short feed text".into(), s.url("/gone2"), "<p>Too short.</p>".into()),
    ];
    let rss_items: Vec<(&str, &str, &str, &str)> = items
        .iter()
        .enumerate()
        .map(|(i, (t, l, c))| {
            (
                t.as_str(),
                l.as_str(),
                ["Mon, 01 Dec 2025 08:00:00 GMT", "Tue, 02 Dec 2025 08:00:00 GMT"][i % 2],
                c.as_str(),
            )
        })
        .collect();
    s.route("/rss", ok("application/rss+xml", rss("Mixed", &rss_items)));
    s.route("/bad.xml", ok("application/xml", "<rss><channel><item><title>x</item></rss"));
    s.route("/chain1", redirect("/chain2"));
    s.route("/chain2", redirect(&s.url("/chain3")));
    s.route("/chain3", redirect("/chain-end"));
    s.route("/chain-end", html("Chain end", "chain"));
    s.route("/loop-a", redirect("/loop-b"));
    s.route("/loop-b", redirect("/loop-a"));
    s.route("/broken", status(500));
    s.route("/stall", Reply { stall: Some(Duration::from_secs(10)), ..Default::default() });
    s.route("/huge", Reply { no_length: true, ..ok("text/html", "<p>x</p>".repeat(800_000)) });
    s.route("/doc.pdf", ok("application/pdf", "%PDF-1.7 not a page"));
    let mut cp = page("Caf\u{e9} talks", &article_text("caf\u{e9} \u{201c}quoted\u{201d}"), "");
    cp = cp.replace("<meta charset=\"utf-8\">", "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&cp);
    s.route("/cp1252", ok("text/html; charset=windows-1252", bytes.into_owned()));
    s.route("/gzip", Reply { gzip: true, ..html("Zipped", "compressed") });
    let mut hostile = article_text("hostile");
    hostile[0].push_str(" <script>alert('x')</script><a href=\"javascript:alert(1)\">click here</a> &lt;b&gt;literal&lt;/b&gt;");
    s.route(
        "/hostile",
        ok("text/html", page("Hostile", &hostile, "<script>document.write('<p>injected</p>')</script>")),
    );
    s.route("/gone2", status(404));
    let dir = project(&format!(
        "feeds:\n  - {}\n  - {}\n  - {}\n",
        s.url("/rss"),
        s.url("/bad.xml"),
        s.url("/nofeed")
    ));
    let run = fetch(dir.path(), &["--since", "2025-12-01"]).success();
    let err = stderr(&run);
    let warning = |url: &str, reason: &str| {
        let line = err.lines().find(|l| l.starts_with("warning: ") && l.contains(&format!("{url}:")));
        assert!(line.is_some_and(|l| l.contains(reason)), "no warning `{reason}` for {url}:\n{err}");
    };
    warning(&s.url("/bad.xml"), "not a readable feed");
    warning(&s.url("/nofeed"), "HTTP 404");
    warning(&s.url("/loop-a"), "redirect loop");
    warning(&s.url("/missing"), "HTTP 404");
    warning(&s.url("/broken"), "HTTP 500");
    warning(&s.url("/stall"), "timed out");
    warning(&s.url("/huge"), "larger than 5 MiB");
    warning(&s.url("/doc.pdf"), "content type `application/pdf` is not a web page");
    warning(&s.url("/gone"), "saved the feed's own text (text_from: feed)");
    warning(&s.url("/gone2"), "skipped");
    assert!(err.contains("5 new articles"), "{err}");
    assert!(err.contains("9 failures"), "{err}");
    let files = saved(dir.path());
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "2025-12-01-mixed-chain.md",
            "2025-12-02-mixed-hostile.md",
            "2025-12-01-mixed-feed-text.md",
            "2025-12-02-mixed-cafe.md",
            "2025-12-01-mixed-zipped.md",
        ]
        .iter()
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    // The chain ends where the redirects lead.
    let chain = &files["2025-12-01-mixed-chain.md"];
    assert_eq!(field(&front(chain), "url"), s.url("/chain-end"));
    assert!(chain.contains("chain dispute"));
    // windows-1252 decoded right.
    let cafe = &files["2025-12-02-mixed-cafe.md"];
    assert!(cafe.contains("the caf\u{e9} \u{201c}quoted\u{201d} dispute"), "{cafe}");
    assert!(files["2025-12-01-mixed-zipped.md"].contains("compressed stoppage"));
    let gz = s.requests().into_iter().find(|r| r.path == "/gzip").unwrap();
    assert!(gz.headers.get("accept-encoding").is_some_and(|a| a.contains("gzip")), "{gz:?}");
    let fallback = &files["2025-12-01-mixed-feed-text.md"];
    assert_eq!(field(&front(fallback), "text_from"), "feed");
    assert!(fallback.contains("fallback negotiations resumed"));
    // Hostile markup arrives as text: no script, no javascript: link, entities as characters.
    let hostile = &files["2025-12-02-mixed-hostile.md"];
    assert!(
        !hostile.contains("<script") && !hostile.contains("alert(") && !hostile.contains("javascript:"),
        "{hostile}"
    );
    assert!(!hostile.contains("injected"), "{hostile}");
    assert!(hostile.contains("hostile dispute") && hostile.contains("click here"), "{hostile}");
    assert!(hostile.contains("\\<b>literal\\</b>") && !hostile.contains(" <b>"), "markup escaped: {hostile}");
    assert!(!err.contains("panicked"));
    assert_whole(dir.path());
    // Items that failed are tried again next time (their feed is read in full); saved ones are not.
    let first = saved(dir.path());
    s.clear_log();
    s.route("/missing", html("Missing no more", "recovered"));
    s.route("/stall", status(404)); // no second wait for the timeout
    let err = stderr(&fetch(dir.path(), &["--since", "2025-12-01"]).success());
    assert!(err.contains("1 new articles"), "{err}");
    let asked: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert!(asked.contains(&"/missing".to_string()) && !asked.contains(&"/chain1".to_string()), "{asked:?}");
    let now = saved(dir.path());
    assert_eq!(now.len(), first.len() + 1);
    assert!(now.keys().any(|k| k.ends_with("-mixed-missing.md")));
}

#[test]
fn duplicates_across_feeds_make_one_file() {
    let s = Server::start();
    let date = "Wed, 03 Dec 2025 08:00:00 GMT";
    s.route(
        "/one",
        ok(
            "application/rss+xml",
            rss("Outlet One", &[("Port deal agreed", &s.url("/story?id=7&utm_campaign=a"), date, "")]),
        ),
    );
    s.route(
        "/two",
        ok(
            "application/rss+xml",
            rss(
                "Outlet Two",
                &[
                    ("Port deal agreed (syndicated)", &s.url("/story?fbclid=zz&id=7#top"), date, ""),
                    ("Port deal AMP", &s.url("/amp/story"), date, ""),
                    ("Port deal copy", &s.url("/copy"), date, ""),
                ],
            ),
        ),
    );
    s.route("/story", html("Port deal agreed", "port deal"));
    let canon = format!("<link rel=\"canonical\" href=\"{}\">", s.url("/story?id=7"));
    s.route("/amp/story", ok("text/html", page("Port deal AMP", &article_text("amp"), &canon)));
    s.route("/copy", html("Port deal copy", "port deal"));
    let dir = project(&format!("feeds: ['{}', '{}']\n", s.url("/one"), s.url("/two")));
    let run = fetch(dir.path(), &[]).success();
    let err = stderr(&run);
    assert!(err.contains("1 new articles") && err.contains("3 duplicates"), "{err}");
    let files = saved(dir.path());
    assert_eq!(files.keys().collect::<Vec<_>>(), ["2025-12-03-outlet-one-port-deal-agreed.md"]);
    assert!(!s.requests().iter().any(|r| r.path.contains("fbclid")), "the same address is asked once");
}

#[test]
fn a_changed_article_is_saved_beside_the_old_one() {
    let s = Server::start();
    let feed = |tag: &str| Reply {
        etag: Some(format!("\"{tag}\"")),
        ..ok(
            "application/rss+xml",
            rss("Desk", &[("Budget vote", &s.url("/budget"), "Thu, 04 Dec 2025 08:00:00 GMT", "")]),
        )
    };
    s.route("/rss", feed("f1"));
    s.route("/budget", Reply { etag: Some("\"p1\"".into()), ..html("Budget vote", "budget") });
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    fetch(dir.path(), &[]).success();
    let first = saved(dir.path());
    assert_eq!(first.len(), 1);
    // The feed and the page change (new validators): the page is asked conditionally.
    s.route("/rss", feed("f2"));
    s.route("/budget", Reply { etag: Some("\"p2\"".into()), ..html("Budget vote", "revised budget") });
    s.clear_log();
    let run = fetch(dir.path(), &[]).success();
    let err = stderr(&run);
    assert!(
        err.contains("changed: `2025-12-04-desk-budget-vote.md` differs")
            && err.contains("`2025-12-04-desk-budget-vote-2.md`"),
        "{err}"
    );
    let page_req = s.requests().into_iter().find(|r| r.path == "/budget").unwrap();
    assert_eq!(page_req.headers.get("if-none-match").map(String::as_str), Some("\"p1\""));
    let now = saved(dir.path());
    assert_eq!(
        now["2025-12-04-desk-budget-vote.md"], first["2025-12-04-desk-budget-vote.md"],
        "never overwritten"
    );
    assert!(now["2025-12-04-desk-budget-vote-2.md"].contains("revised budget"));
    // Third run: the page fails now; the saved copies stay as they are.
    s.route("/rss", feed("f3"));
    s.route("/budget", status(500));
    let err = stderr(&fetch(dir.path(), &[]).success());
    assert!(err.contains("HTTP 500 Internal Server Error; kept the copy saved before"), "{err}");
    assert_eq!(saved(dir.path()), now);
}

#[test]
fn every_source_failing_exits_1_and_bad_config_paths_are_refused() {
    let s = Server::start();
    s.route("/down", status(503));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/down")));
    let run = fetch(dir.path(), &[]).code(1);
    let err = stderr(&run);
    assert!(err.contains(&format!("warning: {}: HTTP 503", s.url("/down"))), "{err}");
    assert!(err.contains("error: every feed and address failed"), "{err}");
    // An OPML file outside the project is refused, naming the config and the line.
    let outside = tempfile::NamedTempFile::new().unwrap();
    let dir = project(&format!("feeds:\n  - opml: {}\n", outside.path().display()));
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    assert!(
        err.contains("brief.yaml`: line 2: `feeds`") && err.contains("inside the project folder"),
        "{err}"
    );
    let dir = project("feeds: ['file:///etc/passwd']\n");
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    assert!(err.contains("not an http:// or https:// address"), "{err}");
}

#[test]
fn fetch_then_build_cites_outlet_date_and_url_from_the_feed() {
    let s = Server::start();
    // Pages made of the bundled sample articles' paragraphs.
    let mut names: Vec<_> = std::fs::read_dir(root("seeds")).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let mut items = Vec::new();
    for (i, p) in names.iter().take(4).enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let paras: Vec<String> = text
            .lines()
            .filter(|l| l.split_whitespace().count() >= 12)
            .map(|l| xml_escape(l.trim()))
            .collect();
        let path = format!("/news/{i}");
        s.route(&path, ok("text/html", page(&format!("Alliance story {i}"), &paras, "")));
        let day = ["Mon", "Tue", "Wed", "Thu"][i];
        items.push((
            format!("Alliance story {i}"),
            s.url(&path),
            format!("{day}, {:02} Dec 2025 08:00:00 GMT", i + 1),
        ));
    }
    let rss_items: Vec<(&str, &str, &str, &str)> =
        items.iter().map(|(t, l, d)| (t.as_str(), l.as_str(), d.as_str(), "")).collect();
    s.route("/rss", ok("application/rss+xml", rss("Alliance Wire", &rss_items)));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    fetch(dir.path(), &["--week", "2025-W49"]).success();
    assert_eq!(saved(dir.path()).len(), 4);
    let out = dir.path().join("briefs");
    briefly()
        .args(["build", "--config"])
        .arg(dir.path().join("brief.yaml"))
        .args(["--week", "2025-W49", "--formats", "md,json"])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("2025-W49/brief.json")).unwrap()).unwrap();
    let sources = json["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 4, "{sources:?}");
    for (i, src) in sources.iter().enumerate() {
        assert_eq!(src["outlet"], "Alliance Wire");
        assert_eq!(src["url"], s.url(&format!("/news/{i}")));
        assert_eq!(src["date"], format!("2025-12-{:02}", i + 1));
        assert_eq!(src["title"], format!("Alliance story {i}"));
    }
    let md = std::fs::read_to_string(out.join("2025-W49/brief.md")).unwrap();
    assert!(md.contains("Alliance Wire") && md.contains(&s.url("/news/0")), "{md}");
}

#[test]
fn build_reads_a_saved_feed_file_as_one_article_per_item() {
    let dir = project("");
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let content = |topic: &str| format!("<p>{}</p>", article_text(topic).join("</p><p>"));
    let (a, b, c) = (content("harbour"), content("rail"), content("ferry"));
    let feed = rss(
        "Offline Wire",
        &[
            ("Rail: \"tunnel\" opens", "https://wire.example/rail", "Wed, 03 Dec 2025 08:00:00 GMT", &b),
            ("Harbour strike", "https://wire.example/harbour", "Tue, 02 Dec 2025 08:00:00 GMT", &a),
            ("Ferry fares", "https://wire.example/ferry", "Thu, 04 Dec 2025 08:00:00 GMT", &c),
            ("Empty item", "https://wire.example/empty", "Thu, 04 Dec 2025 09:00:00 GMT", ""),
        ],
    );
    std::fs::write(seeds.join("wire.rss"), feed).unwrap();
    let run = briefly()
        .args(["build", "--config"])
        .arg(dir.path().join("brief.yaml"))
        .args(["--week", "2025-W49", "--formats", "json"])
        .assert()
        .success();
    assert!(stderr(&run).contains("wire.rss` item 3: the article has no text; skipped"), "{}", stderr(&run));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("briefs/2025-W49/brief.json")).unwrap())
            .unwrap();
    let sources = json["sources"].as_array().unwrap();
    let got: Vec<(String, String, String, String)> = sources
        .iter()
        .map(|s| {
            let f = |k: &str| s[k].as_str().unwrap_or("").to_string();
            (f("file"), f("title"), f("date"), f("url"))
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                "wire.rss#1".into(),
                "Harbour strike".into(),
                "2025-12-02".into(),
                "https://wire.example/harbour".into()
            ),
            (
                "wire.rss#2".into(),
                "Rail: \"tunnel\" opens".into(),
                "2025-12-03".into(),
                "https://wire.example/rail".into()
            ),
            (
                "wire.rss#4".into(),
                "Ferry fares".into(),
                "2025-12-04".into(),
                "https://wire.example/ferry".into()
            ),
        ]
    );
    assert!(sources.iter().all(|s| s["outlet"] == "Offline Wire"));
}

#[test]
#[cfg(unix)]
fn links_from_a_url_list_and_planted_symlinks() {
    let s = Server::start();
    let head = "<meta property=\"og:site_name\" content=\"Site Name\"><meta property=\"article:published_time\" content=\"2025-12-05T10:00:00Z\">";
    s.route("/one-off", ok("text/html", page("One-off story", &article_text("one-off"), head)));
    let dir = project("urls: links.txt\n");
    std::fs::write(dir.path().join("links.txt"), format!("# this week\n{}\n\n", s.url("/one-off"))).unwrap();
    // A link planted where the article is to be saved is never written through.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("victim.txt");
    std::fs::write(&target, "untouched").unwrap();
    std::fs::create_dir(dir.path().join("seeds")).unwrap();
    let name = "2025-12-05-site-name-one-off-story.md";
    std::os::unix::fs::symlink(&target, dir.path().join("seeds").join(name)).unwrap();
    let run = fetch(dir.path(), &[]).success();
    assert!(stderr(&run).contains("1 new articles"), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
    let text =
        std::fs::read_to_string(dir.path().join("seeds/2025-12-05-site-name-one-off-story-2.md")).unwrap();
    let fm = front(&text);
    assert_eq!((field(&fm, "outlet"), field(&fm, "date")), ("Site Name".into(), "2025-12-05".into()));
    assert_eq!(field(&fm, "url"), s.url("/one-off"));
    assert!(fm.get("feed").is_none());
    // A `.briefly` that is a link is refused; nothing is written through it.
    let dir = project(&format!("urls: ['{}']\n", s.url("/one-off")));
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".briefly")).unwrap();
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    assert!(err.contains("symbolic link"), "{err}");
    assert!(!outside.path().join("fetch.json").exists());
    // An input folder that leads outside through a link is refused, even before it exists.
    let dir = project(&format!("input: out/seeds\nurls: ['{}']\n", s.url("/one-off")));
    std::os::unix::fs::symlink(outside.path(), dir.path().join("out")).unwrap();
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    assert!(err.contains("leads outside the project folder"), "{err}");
    assert!(!outside.path().join("seeds").exists());
    // A list file outside the project is refused.
    let dir = project(&format!("urls: {}\n", target.display()));
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    assert!(err.contains("line 2: `urls`") && err.contains("inside the project folder"), "{err}");
}

// Issue 29: the state is data, not authority; fetch stays on the public internet; deadlines.

/// A state file whose one page entry (for `url`) says `file` and `etag`, with the text hash of
/// nothing saved.
fn plant_state(dir: &Path, url: &str, file: &str, etag: &str) {
    let state = serde_json::json!({
        "feeds": {},
        "pages": { url: { "file": file, "text": "0".repeat(64), "etag": etag } }
    });
    std::fs::create_dir_all(dir.join(".briefly")).unwrap();
    std::fs::write(dir.join(".briefly/fetch.json"), serde_json::to_string_pretty(&state).unwrap()).unwrap();
}

#[test]
fn a_planted_state_cannot_name_where_an_article_is_written() {
    let s = Server::start();
    s.route("/story", html("Harbour story", "harbour"));
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("profile.md");
    for file in [
        target.to_str().unwrap().to_string(),
        "../escape.md".to_string(),
        "sub/dir.md".to_string(),
        ".hidden.md".to_string(),
    ] {
        let dir = project(&format!("urls: ['{}']\n", s.url("/story")));
        plant_state(dir.path(), &s.url("/story"), &file, "\"old\"");
        let run = fetch(dir.path(), &[]).success();
        let err = stderr(&run);
        assert!(!target.exists(), "{file}: written outside the project");
        assert!(!dir.path().join("escape.md").exists(), "{file}: written outside the input folder");
        assert!(!dir.path().join("seeds/sub").exists() && !dir.path().join("seeds/.hidden.md").exists());
        // The entry is ignored with one warning; the article is saved under its own name.
        assert_eq!(err.matches("fetch.json").count(), 1, "{file}: {err}");
        assert!(err.contains("not a plain file name"), "{file}: {err}");
        assert!(err.contains("1 new articles"), "{file}: {err}");
        assert_eq!(saved(dir.path()).len(), 1, "{file}");
        assert!(saved(dir.path()).keys().all(|k| k.ends_with("harbour-story.md")), "{file}");
        // The state written back names the file fetch chose.
        let state: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.path().join(".briefly/fetch.json")).unwrap())
                .unwrap();
        let written = state["pages"][s.url("/story")]["file"].as_str().unwrap().to_string();
        assert!(saved(dir.path()).contains_key(&written), "{written}");
    }
}

#[test]
fn a_broken_or_hostile_state_never_aborts_a_fetch() {
    let s = Server::start();
    s.route("/story", html("Harbour story", "harbour"));
    let url = s.url("/story");
    let long = format!("{}.md", "a".repeat(250));
    let states = [
        serde_json::to_string(&serde_json::json!({"pages": {&url: {"file": long, "etag": "\"x\""}}}))
            .unwrap(),
        serde_json::to_string(
            &serde_json::json!({"pages": {&url: {"file": "/proc/self/status", "etag": "\"x\""}}}),
        )
        .unwrap(),
        serde_json::to_string(&serde_json::json!({"pages": {&url: {"file": 5}}, "feeds": []})).unwrap(),
        "{\"pages\": {".to_string(),
        "[1, 2]".to_string(),
    ];
    for state in states {
        let dir = project(&format!("urls: ['{url}']\n"));
        std::fs::create_dir_all(dir.path().join(".briefly")).unwrap();
        std::fs::write(dir.path().join(".briefly/fetch.json"), &state).unwrap();
        let run = fetch(dir.path(), &[]).success();
        let err = stderr(&run);
        assert!(err.contains("1 new articles"), "{state}: {err}");
        assert_eq!(err.matches("fetch.json").count(), 1, "one warning: {state}: {err}");
        assert_eq!(saved(dir.path()).len(), 1, "{state}");
        // The next run starts from the state this one wrote: nothing new, no warning.
        let err = stderr(&fetch(dir.path(), &[]).success());
        assert!(!err.contains("warning"), "{state}: {err}");
    }
}

#[test]
fn header_values_from_the_state_are_checked_before_use() {
    let s = Server::start();
    let feed = rss("Desk", &[("Budget vote", &s.url("/budget"), "Thu, 04 Dec 2025 08:00:00 GMT", "")]);
    s.route("/rss", Reply { etag: Some("\"f1\"".into()), ..ok("application/rss+xml", feed) });
    s.route("/budget", html("Budget vote", "budget"));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    let bad = "\"a\"\r\nX-Injected: 1";
    let state = serde_json::json!({
        "feeds": { s.url("/rss"): { "etag": bad, "last_modified": "x".repeat(5000) } },
        "pages": { s.url("/budget"): { "file": "2025-12-04-desk-budget-vote.md", "text": "0".repeat(64), "etag": bad } }
    });
    std::fs::create_dir_all(dir.path().join(".briefly")).unwrap();
    std::fs::write(dir.path().join(".briefly/fetch.json"), state.to_string()).unwrap();
    for run in 0..2 {
        s.clear_log();
        let err = stderr(&fetch(dir.path(), &[]).success());
        assert!(!err.contains(&format!("warning: {}:", s.url("/rss"))), "run {run}: the feed fails: {err}");
        assert!(!err.contains("kept the copy saved before"), "run {run}: no such copy: {err}");
        assert!(s.requests().iter().all(|r| !r.headers.contains_key("x-injected")), "run {run}");
        assert!(
            s.requests().iter().all(|r| r.headers.get("if-none-match").is_none_or(|v| v == "\"f1\"")),
            "run {run}: {:?}",
            s.requests()
        );
    }
    assert_eq!(saved(dir.path()).keys().collect::<Vec<_>>(), ["2025-12-04-desk-budget-vote.md"]);
    // A valid entry whose file is gone, and its page failing: no word of a kept copy.
    let dir = project(&format!("urls: ['{}']\n", s.url("/down")));
    s.route("/down", status(500));
    plant_state(dir.path(), &s.url("/down"), "2025-12-04-desk-down.md", "\"d1\"");
    let err = stderr(&fetch(dir.path(), &[]).code(1));
    let line = err.lines().find(|l| l.starts_with(&format!("warning: {}:", s.url("/down"))));
    assert!(line.is_some_and(|l| l.ends_with("HTTP 500 Internal Server Error; skipped")), "{err}");
}

#[test]
fn image_links_are_saved_as_their_text() {
    let s = Server::start();
    let mut paras = article_text("harbour");
    paras[0].push_str(
        " <img src=\"https://tracker.test/p.gif?user=42\" alt=\"photo of the quay\"> \
         <a href=\"https://n.test/big\"><img src=\"https://tracker.test/thumb.jpg\" alt=\"thumb\"></a> \
         <img src=\"https://tracker.test/noalt.png\"> <img srcset=\"https://tracker.test/s.png 2x\" alt=\"a [b] ![c](c.png)\">",
    );
    s.route("/story", ok("text/html", page("Harbour story", &paras, "")));
    let feed_text = format!(
        "<p>{}</p><p><img src=\"https://tracker.test/feed.gif\" alt=\"feed photo\"></p>",
        article_text("fallback").join("</p><p>")
    );
    let feed = rss(
        "Desk",
        &[
            ("Harbour story", &s.url("/story"), "Thu, 04 Dec 2025 08:00:00 GMT", ""),
            ("Gone story", &s.url("/gone"), "Thu, 04 Dec 2025 09:00:00 GMT", &feed_text),
        ],
    );
    s.route("/rss", ok("application/rss+xml", feed));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    let err = stderr(&fetch(dir.path(), &[]).success());
    assert!(err.contains("2 new articles"), "{err}");
    let files = saved(dir.path());
    for (name, text) in &files {
        // No image in the Markdown a git host would render, nor the tracker's address.
        let images = pulldown_cmark::Parser::new(text)
            .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Image { .. })))
            .count();
        assert_eq!(images, 0, "{name}: {text}");
        assert!(
            !text.contains("tracker.test/p.gif") && !text.contains("tracker.test/feed.gif"),
            "{name}: {text}"
        );
    }
    let story = files.iter().find(|(k, _)| k.contains("harbour-story")).unwrap().1;
    assert!(story.contains("photo of the quay") && story.contains("thumb"), "{story}");
    assert!(story.contains("entered its third week"), "{story}");
    let gone = files.iter().find(|(k, _)| k.contains("gone-story")).unwrap().1;
    assert!(gone.contains("feed photo") && gone.contains("fallback negotiations"), "{gone}");
}

#[test]
fn two_pages_with_one_title_are_two_articles_not_a_change() {
    let s = Server::start();
    let date = "Thu, 04 Dec 2025 08:00:00 GMT";
    let feed =
        rss("Desk", &[("Live updates", &s.url("/a"), date, ""), ("Live updates", &s.url("/b"), date, "")]);
    s.route("/rss", ok("application/rss+xml", feed));
    s.route("/a", html("Live updates", "morning"));
    s.route("/b", html("Live updates", "evening"));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    let err = stderr(&fetch(dir.path(), &[]).success());
    assert!(err.contains("2 new articles"), "{err}");
    assert!(!err.contains("changed:"), "{err}");
    assert_eq!(
        saved(dir.path()).keys().collect::<Vec<_>>(),
        ["2025-12-04-desk-live-updates-2.md", "2025-12-04-desk-live-updates.md"]
    );
}

#[test]
fn internal_addresses_are_refused_unless_the_user_allows_them() {
    let s = Server::start();
    s.route("/admin", html("Admin console", "secret"));
    // Nothing opened: the address is refused before anything is sent; nothing is saved.
    let dir = project(&format!("urls: ['{}']\n", s.url("/admin")));
    let err = stderr(&fetch_with(dir.path(), &[], &[]).code(1));
    let line = err.lines().find(|l| l.starts_with(&format!("warning: {}:", s.url("/admin"))));
    assert!(line.is_some_and(|l| l.contains("refused") && l.contains("loopback")), "{err}");
    assert!(s.requests().is_empty(), "{:?}", s.requests());
    assert!(saved(dir.path()).is_empty());
    // The config cannot open it.
    let dir = project(&format!("allow_hosts: ['127.0.0.1']\nurls: ['{}']\n", s.url("/admin")));
    fetch_with(dir.path(), &[], &[]).code(1);
    assert!(s.requests().is_empty());
    // The person typing can: a CIDR range in the environment, or the address as a flag.
    let dir = project(&format!("urls: ['{}']\n", s.url("/admin")));
    fetch_with(dir.path(), &[], &[("BRIEFLY_ALLOW_HOSTS", "10.0.0.0/8, 127.0.0.0/8")]).success();
    assert_eq!(saved(dir.path()).len(), 1);
    let dir = project(&format!("urls: ['{}']\n", s.url("/admin")));
    fetch_with(dir.path(), &["--allow-host", "127.0.0.1"], &[]).success();
    assert_eq!(saved(dir.path()).len(), 1);
    // A bad entry is a usage error.
    let err = stderr(&fetch_with(dir.path(), &["--allow-host", "10.0.0.0/99"], &[]).code(2));
    assert!(err.contains("10.0.0.0/99"), "{err}");
}

#[test]
fn a_feed_item_or_a_redirect_to_an_internal_address_is_refused() {
    let s = Server::start();
    // Only the name `localhost` is opened: its feed and pages are read, but an item linking to
    // 127.0.0.1 and a redirect there are refused after resolution, on the address itself.
    s.route("/admin", html("Admin console", "secret"));
    s.route("/fine", html("Fine story", "harbour"));
    s.route("/hop", redirect(&s.url("/admin")));
    let date = "Thu, 04 Dec 2025 08:00:00 GMT";
    let items = [
        ("Fine story", s.url_at("localhost", "/fine")),
        ("Admin", s.url("/admin")),
        ("Hop", s.url_at("localhost", "/hop")),
        ("Local name", s.url_at("sub.localhost", "/admin")),
    ];
    let items: Vec<(&str, &str, &str, &str)> =
        items.iter().map(|(t, u)| (*t, u.as_str(), date, "")).collect();
    s.route("/rss", ok("application/rss+xml", rss("Desk", &items)));
    let dir = project(&format!("feeds: ['{}']\n", s.url_at("localhost", "/rss")));
    let err = stderr(&fetch_with(dir.path(), &["--allow-host", "localhost"], &[]).success());
    let refused = |url: &str| {
        let line = err.lines().find(|l| l.starts_with(&format!("warning: {url}:")));
        assert!(line.is_some_and(|l| l.contains("refused")), "{url} not refused:\n{err}");
    };
    refused(&s.url("/admin"));
    refused(&s.url_at("localhost", "/hop"));
    refused(&s.url_at("sub.localhost", "/admin"));
    assert!(err.contains("1 new articles"), "{err}");
    let asked: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert!(!asked.contains(&"/admin".to_string()), "{asked:?}");
    assert!(asked.contains(&"/hop".to_string()), "the redirect itself is read: {asked:?}");
    let files = saved(dir.path());
    assert_eq!(files.len(), 1);
    assert!(files.values().all(|t| !t.contains("secret")));
}

#[test]
fn a_page_that_trickles_stops_at_the_request_deadline() {
    let s = Server::start();
    // Headers over 2 s, then the body over 2 s: each phase within 3 s, the whole request not.
    let slow = Trickle { interval: Duration::from_millis(200), header_lines: 10, body_pieces: 10 };
    s.route("/slow", Reply { trickle: Some(slow), ..html("Slow story", "slow") });
    let dir = project(&format!("urls: ['{}']\n", s.url("/slow")));
    let err = stderr(
        &fetch_with(dir.path(), &["--allow-host", "127.0.0.1"], &[("BRIEFLY_FETCH_TIMEOUT_MS", "3000")])
            .code(1),
    );
    let line = err.lines().find(|l| l.starts_with(&format!("warning: {}:", s.url("/slow"))));
    assert!(line.is_some_and(|l| l.contains("timed out")), "{err}");
    assert!(saved(dir.path()).is_empty());
}

#[test]
fn slow_pages_stop_at_the_run_deadline_and_are_named() {
    let s = Server::start();
    // Each page would take a minute; the run stops after 2 s.
    let slow = Trickle { interval: Duration::from_millis(200), header_lines: 0, body_pieces: 300 };
    let date = "Thu, 04 Dec 2025 08:00:00 GMT";
    let urls: Vec<String> = (0..5).map(|i| s.url(&format!("/slow{i}"))).collect();
    for i in 0..5 {
        s.route(
            &format!("/slow{i}"),
            Reply { trickle: Some(slow), ..html(&format!("Slow {i}"), &format!("slow {i}")) },
        );
    }
    let items: Vec<(String, &str)> =
        urls.iter().enumerate().map(|(i, u)| (format!("Slow {i}"), u.as_str())).collect();
    let items: Vec<(&str, &str, &str, &str)> =
        items.iter().map(|(t, u)| (t.as_str(), *u, date, "")).collect();
    s.route("/rss", ok("application/rss+xml", rss("Desk", &items)));
    let dir = project(&format!("feeds: ['{}']\n", s.url("/rss")));
    let run = fetch_with(
        dir.path(),
        &["--allow-host", "127.0.0.1", "--deadline", "2", "-j", "8"],
        &[("BRIEFLY_FETCH_TIMEOUT_MS", "60000")],
    )
    .success();
    let err = stderr(&run);
    let line = err.lines().find(|l| l.contains("deadline")).unwrap_or_else(|| panic!("{err}"));
    assert!(line.starts_with("warning: "), "{err}");
    assert!(urls.iter().any(|u| line.contains(u.as_str())), "the slow pages are named: {err}");
    assert!(saved(dir.path()).is_empty());
    // The feed is read in full next time, so its items are tried again.
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join(".briefly/fetch.json")).unwrap())
            .unwrap();
    assert!(state["feeds"].get(s.url("/rss")).is_none(), "{state}");
    // The environment sets it too.
    let err = stderr(
        &fetch_with(
            dir.path(),
            &["--allow-host", "127.0.0.1"],
            &[("BRIEFLY_FETCH_TIMEOUT_MS", "60000"), ("BRIEFLY_FETCH_DEADLINE", "1")],
        )
        .success(),
    );
    assert!(err.contains("deadline"), "{err}");
}

#[test]
fn a_proxy_from_the_environment_does_not_open_internal_addresses() {
    // The test server plays the user's proxy: reachable (the user configured it), but internal
    // targets are refused before it is asked.
    let s = Server::start();
    let proxy = s.url("");
    let internal = ["http://10.1.2.3/admin", "http://localhost:9/x", "http://[fd00::1]/y"];
    let dir = project(&format!(
        "urls: ['{}', '{}', '{}', 'http://news.invalid/story']\n",
        internal[0], internal[1], internal[2]
    ));
    let err = stderr(&fetch_with(dir.path(), &[], &[("HTTP_PROXY", proxy.as_str())]).code(1));
    for url in internal {
        let line = err.lines().find(|l| l.starts_with(&format!("warning: {url}:")));
        assert!(line.is_some_and(|l| l.contains("refused")), "{url}:\n{err}");
    }
    let asked: Vec<String> = s.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(asked, ["news.invalid:80"], "only the public name goes to the proxy: {err}");
}
