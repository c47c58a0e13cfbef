//! A D-Bus session bus of the test's own (`dbus-daemon --session --fork`), stopped when
//! dropped: what the single-instance check and the Secret Service are found on, with no
//! desktop session around.

use std::process::{Command, Stdio};

pub struct SessionBus {
    pid: u32,
    pub address: String,
}

impl SessionBus {
    pub fn start() -> SessionBus {
        // Its socket where the test's temp files go (`TMPDIR`), not the config's /tmp.
        let address = format!("--address=unix:tmpdir={}", std::env::temp_dir().display());
        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .arg(address)
            .stderr(Stdio::inherit())
            .output()
            .expect("dbus-daemon runs (.ci/setup installs it)");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = text.lines();
        let address = lines.next().expect("the bus address").to_string();
        let pid = lines
            .next()
            .and_then(|l| l.trim().parse().ok())
            .expect("the bus pid");
        SessionBus { pid, address }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.pid.to_string()).status();
    }
}
