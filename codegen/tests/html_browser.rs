//! Renders the generated HTML register maps in headless Chromium: every page must load
//! without console errors or failed loads, every in-page link must resolve, every label drawn
//! inside a bit-field box must fit it in the real font, and a screenshot must come out.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without Chromium the test says so and
//! passes, unless `SOCGEN_REQUIRE_BROWSER=1` (set by `.ci/run`) makes that a failure. With
//! Chromium but without chromedriver it falls back to `chromium --screenshot` and fails on
//! any console message (the pages have no scripts, so there should be none).
//!
//! `SOCGEN_SCREENSHOT_DIR=docs` also saves an element screenshot of one sm8550 register with
//! its diagram (`docs/register-map.png`, shown in the README).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: [&str; 3] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];
const CHROMEDRIVER: [&str; 2] = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"];

/// Pages rendered: the index and SoCs with a merge lock, a wrap lock and no lock.
const PAGES: [&str; 4] = [
    "index.html",
    "sm8550/sm8550.html",
    "sdm845/sdm845.html",
    "apq8064/apq8064.html",
];

fn find(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(env) {
        return Some(PathBuf::from(p)).filter(|p| p.is_file());
    }
    candidates.iter().map(PathBuf::from).find(|p| p.is_file())
}

fn browser_flags(profile: &Path) -> Vec<String> {
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--hide-scrollbars",
        "--window-size=1280,1000",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect()
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("socgen-browser-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The HTML output of the bundled catalogue, written by the CLI as users get it.
fn generate_html() -> PathBuf {
    let out = temp("out");
    let status = Command::new(env!("CARGO_BIN_EXE_socgen"))
        .args(["generate", "--lang", "html", "--out"])
        .arg(&out)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .stderr(Stdio::null())
        .status()
        .expect("run socgen");
    assert!(status.success());
    out.join("html")
}

fn assert_png(bytes: &[u8], what: &str) {
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{what}: not a PNG");
    assert!(
        bytes.len() > 2000,
        "{what}: suspiciously small PNG ({} bytes)",
        bytes.len()
    );
}

#[test]
fn html_maps_render_in_headless_chromium() {
    let required = std::env::var("SOCGEN_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let Some(chromium) = find("SOCGEN_CHROMIUM", &CHROMIUM) else {
        let msg = "headless Chromium not found (looked for /usr/bin/chromium; set SOCGEN_CHROMIUM \
                   to override): install it with `apt-get install chromium chromium-driver`";
        assert!(!required, "SOCGEN_REQUIRE_BROWSER=1 but {msg}");
        eprintln!("SKIPPED html_maps_render_in_headless_chromium: {msg}");
        return;
    };
    let html = generate_html();
    match find("SOCGEN_CHROMEDRIVER", &CHROMEDRIVER) {
        Some(driver) => with_webdriver(&driver, &chromium, &html),
        None => {
            eprintln!(
                "chromedriver not found (apt-get install chromium-driver): falling back to \
                 `chromium --screenshot`, which sees console messages but not failed loads"
            );
            with_screenshot_flag(&chromium, &html);
        }
    }
}

/// Fallback: one `chromium --screenshot` per page; any console message fails.
fn with_screenshot_flag(chromium: &Path, html: &Path) {
    let shots = temp("shots");
    for page in PAGES {
        let png = shots.join(page.replace('/', "_") + ".png");
        let out = Command::new(chromium)
            .args(browser_flags(&temp("profile")))
            .args(["--enable-logging=stderr", "--v=0"])
            .arg(format!("--screenshot={}", png.display()))
            .arg(format!("file://{}", html.join(page).display()))
            .output()
            .expect("run chromium");
        let log = String::from_utf8_lossy(&out.stderr);
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(
            console.is_empty(),
            "{page}: console messages:\n{}",
            console.join("\n")
        );
        assert_png(&std::fs::read(&png).expect("screenshot written"), page);
    }
}

/// chromedriver on a loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP/1.1 request to chromedriver; returns the JSON `value`.
fn call(port: u16, method: &str, path: &str, body: Option<serde_json::Value>) -> serde_json::Value {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to chromedriver");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    // Read the header, then exactly the body it announces: chromedriver may keep the
    // connection open, so reading to the end of the stream would wait for the timeout.
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = stream.read(&mut buf).expect("receive");
        assert!(
            n > 0,
            "{method} {path}: connection closed before the header"
        );
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    let mut payload = raw[split + 4..].to_vec();
    loop {
        let done = match length {
            Some(len) => payload.len() >= len,
            None if chunked => payload.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream.read(&mut buf).expect("receive");
        if n == 0 {
            break;
        }
        payload.extend_from_slice(&buf[..n]);
    }
    if chunked {
        payload = dechunk(&payload);
    }
    let json: serde_json::Value = serde_json::from_slice(&payload).unwrap_or_else(|e| {
        panic!(
            "{method} {path}: {e}: {}",
            String::from_utf8_lossy(&payload)
        )
    });
    assert!(
        head.starts_with("http/1.1 200"),
        "{method} {path} failed: {json}"
    );
    json["value"].clone()
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size");
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size = usize::from_str_radix(size_text.trim(), 16).expect("chunk size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 2 + size + 2..];
    }
}

fn base64(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn start_driver(driver: &Path) -> Driver {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let d = Driver { child, port };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok()
            && call(port, "GET", "/status", None)["ready"] == true
        {
            return d;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("chromedriver did not become ready on port {port}");
}

/// Checks the page in the browser: in-page links, labels inside boxes, diagram count.
const PAGE_CHECKS: &str = r##"
const broken = [...document.querySelectorAll('a[href^="#"]')]
  .map(a => a.getAttribute('href').slice(1))
  .filter(id => !document.getElementById(id));
const overflowing = [];
for (const svg of document.querySelectorAll('svg.bitfield')) {
  for (const rect of svg.querySelectorAll('rect')) {
    const t = rect.nextElementSibling;
    if (t && t.tagName === 'text' && !t.hasAttribute('transform')) {
      const w = t.getComputedTextLength(), box = rect.width.baseVal.value;
      if (w > box - 2) overflowing.push(t.textContent + ' ' + w.toFixed(1) + '>' + box);
    }
  }
}
return {
  title: document.title,
  diagrams: document.querySelectorAll('svg.bitfield').length,
  broken: broken,
  overflowing: overflowing,
  height: document.documentElement.scrollHeight,
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')).filter(h => !h.startsWith('#')),
};
"##;

/// One WebDriver session: the driver's port and the session's path.
struct Session {
    port: u16,
    path: String,
}

impl Session {
    fn post(&self, what: &str, body: serde_json::Value) -> serde_json::Value {
        call(
            self.port,
            "POST",
            &format!("{}/{what}", self.path),
            Some(body),
        )
    }

    fn screenshot(&self, what: &str) -> Vec<u8> {
        base64(
            call(self.port, "GET", &format!("{}/{what}", self.path), None)
                .as_str()
                .expect("base64"),
        )
    }
}

fn with_webdriver(driver: &Path, chromium: &Path, html: &Path) {
    let d = start_driver(driver);
    let caps = serde_json::json!({"capabilities": {"alwaysMatch": {
        "goog:chromeOptions": {"binary": chromium, "args": browser_flags(&temp("profile"))},
        "goog:loggingPrefs": {"browser": "ALL"},
    }}});
    let session = call(d.port, "POST", "/session", Some(caps))["sessionId"]
        .as_str()
        .expect("session id")
        .to_string();
    let s = Session {
        port: d.port,
        path: format!("/session/{session}"),
    };
    let shots = std::env::var_os("SOCGEN_SCREENSHOT_DIR").map(PathBuf::from);
    for page in PAGES {
        let file = html.join(page);
        assert!(file.is_file(), "{page} was not generated");
        let url = format!("file://{}", file.display());
        s.post("url", serde_json::json!({"url": url}));
        no_browser_errors(&s, page);
        let r = s.post(
            "execute/sync",
            serde_json::json!({"script": PAGE_CHECKS, "args": []}),
        );
        page_is_whole(&r, page, &file);
        assert_png(&s.screenshot("screenshot"), page);
        if let (Some(dir), "sm8550/sm8550.html") = (&shots, page) {
            save_register_screenshot(&s, dir);
        }
    }
    call(d.port, "DELETE", &s.path, None);
}

/// The browser logged no error or warning on the page.
fn no_browser_errors(s: &Session, page: &str) {
    let logs = s.post("se/log", serde_json::json!({"type": "browser"}));
    let errors: Vec<String> = logs
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["level"] == "SEVERE" || e["level"] == "WARNING")
        .map(|e| e["message"].to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{page}: browser errors:\n{}",
        errors.join("\n")
    );
}

/// What `PAGE_CHECKS` found: no broken anchor or overflowing label, a rendered page, links to
/// files that exist, one link per SoC on the index and diagrams on the SoC pages.
fn page_is_whole(r: &serde_json::Value, page: &str, file: &Path) {
    assert_eq!(
        r["broken"],
        serde_json::json!([]),
        "{page}: links to missing anchors"
    );
    assert_eq!(
        r["overflowing"],
        serde_json::json!([]),
        "{page}: labels wider than their boxes"
    );
    assert!(
        r["height"].as_u64().unwrap_or(0) > 500,
        "{page}: rendered nearly empty: {r}"
    );
    for link in r["links"].as_array().into_iter().flatten() {
        let target = file
            .parent()
            .expect("dir")
            .join(link.as_str().expect("href"));
        assert!(
            target.is_file(),
            "{page}: link to missing file {}",
            target.display()
        );
    }
    if page == "index.html" {
        assert_eq!(r["diagrams"], 0);
        assert_eq!(
            r["links"].as_array().map(Vec::len),
            Some(bundled_socs()),
            "{page}: one link per SoC"
        );
    } else {
        assert!(r["diagrams"].as_u64().unwrap_or(0) > 10, "{page}: {r}");
        assert!(
            r["title"].as_str().unwrap_or("").ends_with("register map"),
            "{r}"
        );
    }
}

/// The `CTRL` register's diagram as `register-map.png` in `dir`.
fn save_register_screenshot(s: &Session, dir: &Path) {
    std::fs::create_dir_all(dir).expect("screenshot dir");
    // Tall enough that element screenshots are not cut at the viewport.
    s.post(
        "window/rect",
        serde_json::json!({"width": 1100, "height": 2400}),
    );
    let el = s.post(
        "element",
        serde_json::json!({"using": "css selector", "value": "#reg-bam-v1_7_0-ctrl"}),
    );
    let id = el
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(|v| v.as_str())
        .expect("element id");
    let png = s.screenshot(&format!("element/{id}/screenshot"));
    assert_png(&png, "register-map.png");
    std::fs::write(dir.join("register-map.png"), png).expect("write screenshot");
}

/// The SoC files bundled in `socs/` (one index link each).
fn bundled_socs() -> usize {
    let socs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../socs");
    std::fs::read_dir(socs)
        .expect("socs/")
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "yaml"))
        .count()
}
