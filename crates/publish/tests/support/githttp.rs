//! A loopback git smart-HTTP server with Basic auth, for integration tests.
//!
//! Publishing to a git host over HTTPS means the real `git` client, its credential helpers
//! and its 401 → retry-with-credentials dance. Rather than mock any of that, this fixture
//! serves a directory of bare repositories through git's own `git http-backend` CGI, so
//! what the tests push is exactly what a real forge would receive. It is plain HTTP on
//! 127.0.0.1 (git treats that like HTTPS for auth purposes) and std-only: one accept thread,
//! one thread per connection, every response closed after sending.
//!
//! Every request must carry HTTP Basic credentials whose password is the token given to
//! [`GitHttp::start`] (any user name); anything else gets `401` with
//! `WWW-Authenticate: Basic realm="test"`, which is what makes git ask its credential
//! helper.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A stuck client must not pin a connection thread (and the test) forever.
const IO_TIMEOUT: Duration = Duration::from_secs(60);

/// Headers bigger than this are not from git; refuse rather than buffer without end.
const MAX_HEADER_BYTES: usize = 64 * 1024;

pub struct GitHttp {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    root: PathBuf,
    token: String,
    requests: Arc<Mutex<Vec<String>>>,
}

impl GitHttp {
    /// Serves the bare repositories under `root` (`root/site.git` is
    /// `http://127.0.0.1:PORT/site.git`) to clients that present `token` as password.
    /// Pushing is allowed: every authenticated request runs with `http.receivepack=true`.
    pub fn start(root: &Path, token: &str) -> GitHttp {
        let root = root
            .canonicalize()
            .unwrap_or_else(|e| panic!("git http root {}: {e}", root.display()));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 for git http");
        let addr = listener
            .local_addr()
            .expect("local addr of git http listener");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Shared {
            root,
            token: token.to_string(),
            requests: requests.clone(),
        });
        let stop = stopping.clone();
        let acceptor = thread::Builder::new()
            .name("githttp-accept".into())
            .spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = conn else { continue };
                    let shared = shared.clone();
                    let _ = thread::Builder::new()
                        .name("githttp-conn".into())
                        .spawn(move || serve(stream, &shared));
                }
            })
            .expect("spawn git http accept thread");
        GitHttp {
            addr,
            requests,
            stopping,
            acceptor: Some(acceptor),
        }
    }

    /// The clone/push URL of `repo` under the root; `repo` may be given with or without
    /// the `.git` suffix.
    pub fn url(&self, repo: &str) -> String {
        let repo = repo.trim_start_matches('/');
        let suffix = if repo.ends_with(".git") { "" } else { ".git" };
        format!("http://{}/{repo}{suffix}", self.addr)
    }

    /// Every request served so far, in order, as `"METHOD /path?query STATUS"`, e.g.
    /// `"GET /site.git/info/refs?service=git-receive-pack 401"`.
    pub fn requests(&self) -> Vec<String> {
        self.requests
            .lock()
            .expect("git http request log poisoned")
            .clone()
    }
}

impl Drop for GitHttp {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // The accept loop only looks at the flag when a connection arrives: send one.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

/// Response headers in the order the CGI gave them.
type Headers = Vec<(String, String)>;

struct Request {
    method: String,
    target: String,
    headers: HashMap<String, String>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    let Some(req) = read_head(&mut reader) else {
        // Drop's wake-up connection, or a client that gave up: nothing to answer.
        return;
    };
    let status = match respond(&req, &mut reader, &mut writer, shared) {
        Ok(status) => status,
        Err(e) => {
            let _ = write_response(&mut writer, 500, &[], format!("{e}\n").as_bytes());
            500
        }
    };
    shared
        .requests
        .lock()
        .expect("git http request log poisoned")
        .push(format!("{} {} {status}", req.method, req.target));
    let _ = writer.flush();
    let _ = writer.shutdown(Shutdown::Both);
}

fn respond(
    req: &Request,
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
    shared: &Shared,
) -> Result<u16, String> {
    let Some(user) = authorized_user(req, &shared.token) else {
        // Consume a body the client is already sending: closing a socket with unread
        // input makes the kernel send RST, and curl may then never see the 401. A client
        // waiting on `Expect: 100-continue` sends nothing, so nothing is read then.
        if req.header("expect").is_none() {
            let _ = read_body(req, reader);
        }
        write_response(
            writer,
            401,
            &[("WWW-Authenticate".into(), "Basic realm=\"test\"".into())],
            b"authentication required\n",
        )
        .map_err(|e| e.to_string())?;
        return Ok(401);
    };

    // curl waits (briefly) for this before sending a large body, if it asked.
    if req
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        writer
            .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
            .map_err(|e| e.to_string())?;
    }
    let body = read_body(req, reader)?;

    let (path, query) = match req.target.split_once('?') {
        Some((p, q)) => (p, q),
        None => (req.target.as_str(), ""),
    };
    let peer = writer
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_default();

    let mut cmd = Command::new("git");
    cmd.arg("http-backend")
        // A clean environment, so GIT_DIR and friends from the test process (or from a
        // hook that runs the tests) cannot redirect the backend to another repository.
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", &shared.root)
        .env("GIT_PROJECT_ROOT", &shared.root)
        .env("GIT_HTTP_EXPORT_ALL", "1")
        // http-backend already enables receive-pack when REMOTE_USER is set; say it
        // outright so a test need not configure each bare repository.
        .env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "http.receivepack")
        .env("GIT_CONFIG_VALUE_0", "true")
        .env("GATEWAY_INTERFACE", "CGI/1.1")
        .env("SERVER_PROTOCOL", "HTTP/1.1")
        .env("REQUEST_METHOD", &req.method)
        .env("PATH_INFO", path)
        .env("QUERY_STRING", query)
        .env("CONTENT_LENGTH", body.len().to_string())
        .env("REMOTE_USER", user)
        .env("REMOTE_ADDR", peer)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(ct) = req.header("content-type") {
        cmd.env("CONTENT_TYPE", ct);
    }
    // git gzips large request bodies; http-backend inflates them when told.
    if let Some(ce) = req.header("content-encoding") {
        cmd.env("HTTP_CONTENT_ENCODING", ce);
    }
    // Carries `version=2`; without it the backend silently falls back to protocol v0.
    if let Some(gp) = req.header("git-protocol") {
        cmd.env("HTTP_GIT_PROTOCOL", gp);
    }

    let mut child = cmd
        .spawn()
        .map_err(|e| format!("spawn git http-backend: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin for git http-backend")?;
    // Feed the body from another thread: the backend may start writing (and block on a
    // full stdout pipe) before it has read all of a large pack.
    let feeder = thread::spawn(move || {
        let _ = stdin.write_all(&body);
    });
    let out = child
        .wait_with_output()
        .map_err(|e| format!("wait for git http-backend: {e}"))?;
    let _ = feeder.join();
    if !out.status.success() && out.stdout.is_empty() {
        return Err(format!(
            "git http-backend {}: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }

    let (status, headers, body) = parse_cgi(&out.stdout)?;
    write_response(writer, status, &headers, body).map_err(|e| e.to_string())?;
    Ok(status)
}

fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    let mut total = 0;
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        let n = reader.read_line(&mut h).ok()?;
        total += n;
        if n == 0 || total > MAX_HEADER_BYTES {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    Some(Request {
        method,
        target,
        headers,
    })
}

fn read_body(req: &Request, reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, String> {
    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(reader);
    }
    let len: usize = match req.header("content-length") {
        Some(v) => v.parse().map_err(|_| format!("bad Content-Length {v:?}"))?,
        None => 0,
    };
    let mut body = vec![0; len];
    reader
        .read_exact(&mut body)
        .map_err(|e| format!("read body: {e}"))?;
    Ok(body)
}

/// Decodes a chunked body whole: git streams big pushes this way, and a CGI wants
/// CONTENT_LENGTH and a plain stream.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let mut size_line = String::new();
        reader
            .read_line(&mut size_line)
            .map_err(|e| format!("read chunk size: {e}"))?;
        let size_hex = size_line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size_hex, 16)
            .map_err(|_| format!("bad chunk size line {size_line:?}"))?;
        if size == 0 {
            // Skip optional trailers up to the blank line that ends the body.
            loop {
                let mut t = String::new();
                let n = reader
                    .read_line(&mut t)
                    .map_err(|e| format!("read trailer: {e}"))?;
                if n == 0 || t.trim().is_empty() {
                    return Ok(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader
            .read_exact(&mut body[start..])
            .map_err(|e| format!("read chunk: {e}"))?;
        let mut crlf = [0u8; 2];
        reader
            .read_exact(&mut crlf)
            .map_err(|e| format!("read chunk end: {e}"))?;
    }
}

/// Splits CGI output into status, headers and body. The `Status:` header becomes the
/// HTTP status line (200 when absent, as CGI specifies).
fn parse_cgi(out: &[u8]) -> Result<(u16, Headers, &[u8]), String> {
    let (head, body) = find(out, b"\r\n\r\n")
        .map(|i| (&out[..i], &out[i + 4..]))
        .or_else(|| find(out, b"\n\n").map(|i| (&out[..i], &out[i + 2..])))
        .ok_or_else(|| {
            format!(
                "CGI output without headers: {:?}",
                String::from_utf8_lossy(out)
            )
        })?;
    let head = String::from_utf8_lossy(head);
    let mut status = 200;
    let mut headers = Vec::new();
    for line in head.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let (k, v) = (k.trim(), v.trim());
        if k.eq_ignore_ascii_case("status") {
            status = v
                .split_whitespace()
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("bad CGI Status {v:?}"))?;
        } else {
            headers.push((k.to_string(), v.to_string()));
        }
    }
    Ok((status, headers, body))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn write_response(
    w: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    // One response per connection keeps the server free of keep-alive bookkeeping; curl
    // simply reconnects.
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    w.write_all(head.as_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// The user name of a request whose Basic credentials carry `token` as the password.
fn authorized_user(req: &Request, token: &str) -> Option<String> {
    let value = req.header("authorization")?;
    let (scheme, encoded) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = String::from_utf8(base64_decode(encoded.trim())?).ok()?;
    let (user, password) = decoded.split_once(':')?;
    (password == token).then(|| user.to_string())
}

/// Standard-alphabet base64 with padding, which is all HTTP Basic uses; std has none.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    fn val(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for &c in s {
        acc = (acc << 6) | val(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::base64_decode;

    #[test]
    fn base64_decodes_basic_credentials() {
        assert_eq!(
            base64_decode("cXVpcmU6czNjcjN0").expect("valid base64"),
            b"quire:s3cr3t"
        );
        assert_eq!(base64_decode("YQ==").expect("valid base64"), b"a");
        assert_eq!(base64_decode("YWI=").expect("valid base64"), b"ab");
        assert!(base64_decode("a*b").is_none());
    }
}
