//! Starts `tauri-driver` on free ports and stops it, by its PID, when dropped.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The last lines tauri-driver, WebKitWebDriver and the app wrote to stderr, for the
/// post-mortem of a session that died: CI shows only the tail of a long log.
static STDERR_TAIL: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());
const TAIL_LINES: usize = 60;

pub struct Driver {
    child: Child,
    pub url: String,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

impl Driver {
    pub fn start() -> Driver {
        Driver::start_with_env(&[])
    }

    /// [`Driver::start`], with `env` set for the driver and so for every app it starts.
    pub fn start_with_env(env: &[(&str, &str)]) -> Driver {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "DISPLAY is not set: start Xvfb (see tests/run) before the end-to-end tests"
        );
        let port = free_port();
        let native = free_port();
        // Its own process group: WebKitWebDriver and the app are its children, and all of
        // them must stop with it.
        let mut child = Command::new("tauri-driver")
            .process_group(0)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("tauri-driver runs (cargo install tauri-driver --locked)");
        let stderr = child.stderr.take().expect("piped stderr");
        // Forwarded as it comes, and kept for `post_mortem`.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = writeln!(std::io::stderr(), "{line}");
                let mut tail = STDERR_TAIL.lock().unwrap_or_else(|e| e.into_inner());
                if tail.len() == TAIL_LINES {
                    tail.pop_front();
                }
                tail.push_back(line);
            }
        });
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        while ureq::get(&format!("{url}/status")).call().is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not answer on {url}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, url }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-9", "--", &format!("-{}", self.child.id())])
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a dead session leaves to look at: which app and WebKit processes are still
/// running, and the last lines the driver and the app wrote.
pub fn post_mortem() -> String {
    let ps = Command::new("ps")
        .args(["-eo", "pid,ppid,stat,etime,rss,args"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    let processes: Vec<&str> = ps
        .lines()
        .filter(|l| l.contains("quire-app") || l.contains("WebKit"))
        .collect();
    let tail = STDERR_TAIL.lock().unwrap_or_else(|e| e.into_inner());
    format!(
        "\n--- processes:\n{}\n--- last stderr lines:\n{}",
        processes.join("\n"),
        tail.iter().cloned().collect::<Vec<_>>().join("\n")
    )
}

/// The app binary the tests drive: `QUIRE_APP_BINARY`, or the one built in the same
/// profile as these tests (`target/release/` for `cargo test --release`): the test binary
/// lives in that profile's `deps/`.
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("QUIRE_APP_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("the test binary's path");
            let profile = exe
                .parent()
                .and_then(|deps| deps.parent())
                .expect("the test binary is in target/<profile>/deps");
            profile.join("quire-app")
        });
    assert!(
        path.exists(),
        "{} is missing: build the app first (cargo build --release -p quire-app, after npm run build in ui/)",
        path.display()
    );
    std::fs::canonicalize(path).expect("app binary path")
}

/// The `quire` command line: `QUIRE_CLI_BINARY`, or the one built beside the app.
pub fn cli_binary() -> PathBuf {
    let path = std::env::var_os("QUIRE_CLI_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| app_binary().with_file_name("quire"));
    assert!(
        path.exists(),
        "{} is missing: build the command line first (cargo build --release -p quire-cli)",
        path.display()
    );
    path
}

/// The PIDs of running app processes started with `marker` among their arguments (the
/// test's own temp library path), so a test kills only the app it launched.
pub fn app_pids(marker: &str) -> Vec<u32> {
    let binary = app_binary();
    let mut pids = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let exe = std::fs::read_link(entry.path().join("exe")).ok();
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let cmdline = String::from_utf8_lossy(&cmdline);
        if exe.as_deref() == Some(binary.as_path()) && cmdline.contains(marker) {
            pids.push(pid);
        }
    }
    pids
}

/// The running processes whose parent is `pid`, with their command names.
pub fn children(pid: u32) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        // `pid (comm) state ppid ...`; the name may itself hold spaces or parentheses.
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let Some((comm, rest)) = stat.split_once('(').and_then(|(_, r)| r.rsplit_once(')')) else {
            continue;
        };
        let ppid = rest.split_whitespace().nth(1).and_then(|p| p.parse().ok());
        if ppid == Some(pid) {
            found.push((child, comm.to_string()));
        }
    }
    found
}

/// The children of `pid` whose command name starts with `name`.
pub fn children_named(pid: u32, name: &str) -> Vec<u32> {
    children(pid)
        .into_iter()
        .filter(|(_, comm)| comm.starts_with(name))
        .map(|(child, _)| child)
        .collect()
}

/// `kill -9`: the app gets no chance to flush anything.
pub fn kill_hard(pid: u32) {
    let status = Command::new("kill")
        .args(["-9", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -9 {pid} failed");
    // Dead means gone or a zombie: only then are its files closed and its locks released.
    let started = Instant::now();
    loop {
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let dead = state.is_empty()
            || state
                .rsplit(')')
                .next()
                .is_some_and(|s| s.trim_start().starts_with('Z'));
        if dead {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{pid} survived kill -9: {state}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    eprintln!("pid {pid} dead {:?} after kill -9", started.elapsed());
}
