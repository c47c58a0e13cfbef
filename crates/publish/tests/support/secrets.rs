//! A Secret Service of the test's own: a private D-Bus session with GNOME Keyring's
//! daemon on it, its login keyring made and unlocked in a temp home. The keyring code
//! under test talks to it exactly as to the author's desktop keyring.
//!
//! Needs `dbus-daemon` and `gnome-keyring-daemon` (`.ci/setup` installs both); tests call
//! [`SecretService::available`] and skip, with a printed reason, when it returns false.

use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use super::bus::SessionBus;

pub struct SecretService {
    keyring: Child,
    pub address: String,
    // Dropped after the keyring daemon is stopped, in field order.
    _bus: SessionBus,
    _home: TempDir,
}

impl SecretService {
    pub fn available() -> bool {
        ["dbus-daemon", "gnome-keyring-daemon", "dbus-send"]
            .iter()
            .all(|p| Command::new(p).arg("--version").output().is_ok())
    }

    pub fn start() -> SecretService {
        let bus = SessionBus::start();
        let address = bus.address.clone();
        let home = tempfile::tempdir().expect("a home");
        let runtime = home.path().join("run");
        std::fs::create_dir_all(&runtime).expect("runtime dir");
        // As a session's runtime folder is: the daemon's sockets live there.
        std::fs::set_permissions(
            &runtime,
            std::os::unix::fs::PermissionsExt::from_mode(0o700),
        )
        .expect("runtime dir private");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--components=secrets", "--unlock"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("share"))
            .env("XDG_RUNTIME_DIR", &runtime)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon runs");
        // `--unlock` reads the login keyring's password, which makes and opens it.
        let mut stdin = keyring.stdin.take().expect("piped");
        stdin.write_all(b"quire-test").expect("password written");
        drop(stdin);
        let service = SecretService {
            keyring,
            address,
            _bus: bus,
            _home: home,
        };
        service.wait_ready();
        service
    }

    /// Until the daemon owns `org.freedesktop.secrets` on the bus (not activated by the
    /// bus itself, which would start a locked one).
    fn wait_ready(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .expect("dbus-send runs");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring-daemon never took the Secret Service's name"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
    }
}
