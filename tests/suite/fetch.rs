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

/// `briefly fetch --config DIR/brief.yaml ARGS` with a short timeout and no proxy.
fn fetch(dir: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    let mut cmd = briefly();
    cmd.arg("fetch").arg("--config").arg(dir.join("brief.yaml")).args(args);
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
    cmd.env("BRIEFLY_FETCH_TIMEOUT_MS", "2500").timeout(Duration::from_secs(60)).assert()
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
