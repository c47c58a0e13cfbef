//! A throwaway OpenSSH server on 127.0.0.1 for integration tests.
//!
//! Publishing over rsync and over `git push` to an `ssh://` remote goes through the real
//! `ssh` client, so the only honest test is against a real `sshd`. This fixture starts one
//! as the *current* user (root here, an unprivileged user with sudo on CI): a non-root sshd
//! can only ever log that same user in, which is exactly what a test needs, and it never
//! touches the system's `/etc/ssh` or its host keys. Everything it uses — host key, client
//! key, `authorized_keys`, config, log — lives in a tempdir removed on drop.
//!
//! Needs the `openssh-server` and `openssh-client` packages (and `rsync` on both ends for
//! rsync tests). Tests should call [`Sshd::available`] and skip, with a printed reason, only
//! when it returns false.

use std::fs;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long to wait for sshd to accept a real login. Startup is ~0.1 s; the margin is for
/// a loaded 2-core CI machine.
const READY_TIMEOUT: Duration = Duration::from_secs(20);

/// Where Debian's sshd insists on its privilege-separation chroot when started as root.
const PRIVSEP_DIR: &str = "/run/sshd";

pub struct Sshd {
    child: Child,
    port: u16,
    user: String,
    key: PathBuf,
    log: PathBuf,
    // Held so the keys and config outlive the server; removed after `child` is reaped.
    _dir: TempDir,
}

impl Sshd {
    /// Whether an sshd, ssh and ssh-keygen are installed, i.e. whether ssh tests can run.
    pub fn available() -> bool {
        sshd_binary().is_some() && on_path("ssh") && on_path("ssh-keygen")
    }

    /// Starts sshd and returns once `ssh <host> true` has succeeded through it.
    ///
    /// Panics, with sshd's log, if it cannot be started or does not let us in within
    /// [`READY_TIMEOUT`].
    pub fn start() -> Sshd {
        Sshd::start_with("")
    }

    /// A server as shared hosts run them: SFTP only (`ForceCommand internal-sftp`), so
    /// no command, rsync included, runs on it.
    pub fn start_sftp_only() -> Sshd {
        Sshd::start_with("ForceCommand internal-sftp\n")
    }

    fn start_with(extra: &str) -> Sshd {
        let sshd = sshd_binary().expect(
            "no sshd found (looked on PATH, /usr/sbin, /usr/local/sbin): \
             install openssh-server, or guard the test with Sshd::available()",
        );
        let user = current_user();
        if is_root() {
            ensure_privsep_dir();
        }

        let dir = tempfile::Builder::new()
            .prefix("quire-sshd-")
            .tempdir()
            .expect("create tempdir for sshd");
        // ssh_command() is split on whitespace by rsync and by git's shell, so the paths
        // inside it must not need quoting.
        let dir_str = dir.path().to_str().expect("tempdir path is not UTF-8");
        assert!(
            !dir_str.contains(|c: char| c.is_whitespace() || "'\"\\$`".contains(c)),
            "tempdir path {dir_str:?} needs shell quoting; set TMPDIR to a plain path"
        );

        let host_key = dir.path().join("host_ed25519");
        let key = dir.path().join("client_ed25519");
        keygen(&host_key);
        keygen(&key);
        let authorized = dir.path().join("authorized_keys");
        fs::copy(key.with_extension("pub"), &authorized).expect("write authorized_keys");
        // Mode 0600 like a real authorized_keys, so the fixture would still work if a
        // test turned StrictModes back on.
        fs::set_permissions(&authorized, fs::Permissions::from_mode(0o600))
            .expect("chmod authorized_keys");

        let log = dir.path().join("sshd.log");
        let config = dir.path().join("sshd_config");

        // Picking a free port and handing it to sshd can race with another process taking
        // it in between; an sshd that dies at startup is retried on a fresh port.
        let mut last_log = String::new();
        for _attempt in 0..3 {
            let port = free_port();
            fs::write(
                &config,
                config_text(dir.path(), port, &host_key, &authorized) + extra,
            )
            .expect("write sshd_config");
            let log_file = fs::File::create(&log).expect("create sshd log");
            let mut child = Command::new(&sshd)
                // -D: stay in the foreground so the PID we hold is the listener.
                // -e: log to stderr (our log file) rather than syslog.
                .arg("-D")
                .arg("-e")
                .arg("-f")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(log_file)
                .spawn()
                .unwrap_or_else(|e| panic!("spawn {}: {e}", sshd.display()));
            match wait_ready(&mut child, port, &key, &user, &log) {
                Ok(()) => {
                    return Sshd {
                        child,
                        port,
                        user,
                        key,
                        log,
                        _dir: dir,
                    }
                }
                Err(Exited(text)) => {
                    let _ = child.wait();
                    last_log = text;
                }
                Err(Timeout(text)) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!(
                        "sshd on 127.0.0.1:{port} did not let {user} in within {READY_TIMEOUT:?}\n{text}"
                    );
                }
            }
        }
        panic!("sshd exited at startup three times; last log:\n{last_log}");
    }

    /// A complete ssh command line for this server, with its port: for rsync's `-e` and
    /// for `GIT_SSH_COMMAND` with scp-style remotes (`user@127.0.0.1:/abs/path`).
    ///
    /// `-F /dev/null` and `IdentitiesOnly` keep the developer's own ssh config and agent
    /// keys out of the test.
    pub fn ssh_command(&self) -> String {
        ssh_command_for(&self.key, Some(self.port))
    }

    /// The same command without `-p`, for `GIT_SSH_COMMAND` with `ssh://host:PORT/` URLs,
    /// where git adds `-p PORT` itself. (git also works with [`Sshd::ssh_command`], since
    /// both `-p` name the same port, but this leaves the port to the URL alone.)
    pub fn ssh_command_without_port(&self) -> String {
        ssh_command_for(&self.key, None)
    }

    /// The user that can log in: the one running the test.
    pub fn user(&self) -> String {
        self.user.clone()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn host(&self) -> String {
        "127.0.0.1".to_string()
    }

    /// What sshd has logged so far; worth printing when a transfer through it fails.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn stop(&mut self) {
        // SIGKILL by our own PID: sshd -D is the listener itself, and sessions it forked
        // end when their client disconnects.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        self.stop();
    }
}

enum StartError {
    Exited(String),
    Timeout(String),
}
use StartError::{Exited, Timeout};

fn ssh_command_for(key: &Path, port: Option<u16>) -> String {
    let mut cmd = format!(
        "ssh -F /dev/null -i {} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no \
         -o UserKnownHostsFile=/dev/null -o BatchMode=yes -o LogLevel=ERROR \
         -o ConnectTimeout=10",
        key.display()
    );
    if let Some(port) = port {
        cmd.push_str(&format!(" -p {port}"));
    }
    cmd
}

fn wait_ready(
    child: &mut Child,
    port: u16,
    key: &Path,
    user: &str,
    log: &Path,
) -> Result<(), StartError> {
    let read_log = || tail(&fs::read_to_string(log).unwrap_or_default(), 40);
    let deadline = Instant::now() + READY_TIMEOUT;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut listening = false;
    let mut last_ssh = String::from("(ssh not tried: the port never accepted a connection)");
    loop {
        if let Some(status) = child.try_wait().expect("poll sshd") {
            return Err(Exited(format!(
                "sshd exited with {status}; its log:\n{}",
                read_log()
            )));
        }
        // Probe the port until it first answers, so that early ssh attempts don't fail on
        // "connection refused"; after that every probe would only add noise to sshd's log.
        listening =
            listening || TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok();
        // A listening port alone is not enough: the first login also proves the key,
        // authorized_keys, the user's shell and privilege separation all work.
        if listening {
            let out = Command::new("sh")
                .arg("-c")
                .arg(format!(
                    "{} {user}@127.0.0.1 true",
                    ssh_command_for(key, Some(port))
                ))
                .stdin(Stdio::null())
                .output()
                .expect("run ssh");
            // An SFTP-only server logs us in and then says so instead of running `true`.
            let sftp_only = String::from_utf8_lossy(&out.stdout).contains("sftp connections only");
            if out.status.success() || sftp_only {
                return Ok(());
            }
            last_ssh = format!(
                "ssh {}\nstdout: {}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stdout).trim(),
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        if Instant::now() >= deadline {
            return Err(Timeout(format!(
                "last ssh attempt: {last_ssh}\nsshd log (last lines):\n{}",
                read_log()
            )));
        }
        thread::sleep(Duration::from_millis(100));
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

fn config_text(dir: &Path, port: u16, host_key: &Path, authorized: &Path) -> String {
    // Commands run through sshd get sshd's fixed default PATH, which may miss the git or
    // rsync the test process found (e.g. a git under /usr/local or a CI toolcache); hand the
    // session the test's own PATH when it is safe to put in the config.
    let path = std::env::var("PATH").unwrap_or_default();
    let set_path = if !path.is_empty() && !path.contains(|c: char| c.is_whitespace() || c == '"') {
        format!("SetEnv PATH={path}\n")
    } else {
        String::new()
    };
    format!(
        "Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
PidFile {pid}
AuthorizedKeysFile {authorized}
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UseDNS no
PrintMotd no
PrintLastLog no
LogLevel INFO
Subsystem sftp internal-sftp
{set_path}",
        host_key = host_key.display(),
        pid = dir.join("sshd.pid").display(),
        authorized = authorized.display(),
    )
}

fn keygen(path: &Path) {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "quire-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("run ssh-keygen (openssh-client installed?)");
    assert!(
        out.status.success(),
        "ssh-keygen for {} failed: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0 to find a free port")
        .port()
}

fn sshd_binary() -> Option<PathBuf> {
    // sshd refuses to start unless run by absolute path (it re-executes itself).
    let from_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("sshd"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    from_path
        .into_iter()
        .chain([
            PathBuf::from("/usr/sbin/sshd"),
            PathBuf::from("/usr/local/sbin/sshd"),
        ])
        .find(|p| p.is_absolute() && p.is_file())
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

fn id(flag: &str) -> String {
    let out = Command::new("id").arg(flag).output().expect("run id");
    assert!(out.status.success(), "id {flag} failed");
    String::from_utf8(out.stdout)
        .expect("id output is UTF-8")
        .trim()
        .to_string()
}

fn current_user() -> String {
    // $USER is unset under some CI runners and stale under `sudo -E`; ask the system.
    id("-un")
}

fn is_root() -> bool {
    id("-u") == "0"
}

/// sshd started as root chroots its unprivileged child into /run/sshd and refuses to start
/// without it. The package's init script creates it at boot, which containers skip.
fn ensure_privsep_dir() {
    if Path::new(PRIVSEP_DIR).is_dir() {
        return;
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(PRIVSEP_DIR)
        .unwrap_or_else(|e| panic!("create sshd privilege separation dir {PRIVSEP_DIR}: {e}"));
}
