//! A token for an https remote from the real window: the remote refuses what git has, the
//! panel asks for a token, the publish goes through with it, and the system keyring (GNOME
//! Keyring's Secret Service on a bus of the test's own) keeps it, so the next publish does
//! not ask.

use std::fs;
use std::process::Command;

use quire_e2e::app::{artifact, screen_png, serial, visible, TestApp, WAIT};
use quire_e2e::driver::Driver;

#[path = "../../../../crates/publish/tests/support/githttp.rs"]
#[allow(dead_code)]
mod githttp;
// The keyring's fixture finds its bus as `super::bus`.
use crate::bus;
#[path = "../../../../crates/publish/tests/support/secrets.rs"]
#[allow(dead_code)]
mod secrets;

const TOKEN: &str = "tok-e2e-5b0c-quire";

#[test]
fn a_refused_publish_asks_for_a_token_and_the_keyring_keeps_it() {
    if !secrets::SecretService::available() {
        eprintln!("skipped: no gnome-keyring-daemon (apt-get install gnome-keyring)");
        return;
    }
    let _serial = serial();
    let app = TestApp::with_samples();
    let srv = app.folder.parent().unwrap().join("srv");
    fs::create_dir_all(&srv).unwrap();
    let made = Command::new("git")
        .args(["init", "--quiet", "--bare", "site.git"])
        .current_dir(&srv)
        .status()
        .unwrap();
    assert!(made.success());
    let server = githttp::GitHttp::start(&srv, TOKEN);
    let settings = app.folder.join("quire.toml");
    let mut toml = fs::read_to_string(&settings).unwrap_or_default();
    toml.push_str(&format!(
        "\n[publish.pages]\ngit = \"{}\"\n",
        server.url("site")
    ));
    fs::write(&settings, toml).unwrap();
    let keyring = secrets::SecretService::start();
    let driver = Driver::start_with_env(&[("DBUS_SESSION_BUS_ADDRESS", &keyring.address)]);
    let s = app.launch(&driver);

    // Nothing in the keyring and no helper: the remote refuses, the panel asks.
    s.click(&s.find("[data-testid=publish]").unwrap());
    s.wait_until("the token field", WAIT, |s| {
        visible(s, "[data-testid=publish-token]").then_some(())
    });
    let said = s.text_of("[data-testid=publish-summary]");
    assert!(said.contains("refused the credentials"), "{said}");
    assert!(
        s.text_of("[data-testid=publish-token-label]")
            .contains(&server.url("site")),
        "the field names the remote"
    );
    artifact("publish-token.png", &screen_png());

    s.type_into(&s.find("[data-testid=publish-token-input]").unwrap(), TOKEN);
    s.click(&s.find("[data-testid=publish-token-send]").unwrap());
    s.wait_until("the summary and the keyring's note", WAIT, |s| {
        (s.text_of("[data-testid=publish-summary]")
            .starts_with("Published to pages")
            && visible(s, "[data-testid=publish-token-note]"))
        .then_some(())
    });
    let note = s.text_of("[data-testid=publish-token-note]");
    assert!(
        note.starts_with("The token is kept in the system keyring"),
        "{note}"
    );
    assert!(!visible(&s, "[data-testid=publish-token]"));
    artifact("publish-token-kept.png", &screen_png());

    // The next publish takes the token from the keyring: nothing is asked.
    s.click(&s.find("[data-testid=publish-cancel]").unwrap());
    s.click(&s.find("[data-testid=publish]").unwrap());
    s.wait_until("the second summary", WAIT, |s| {
        s.text_of("[data-testid=publish-summary]")
            .starts_with("Nothing changed since the last publish to pages")
            .then_some(())
    });
    assert!(!visible(&s, "[data-testid=publish-token]"));
    // Kept nowhere but the keyring: not in quire.toml, not in the log.
    assert!(!fs::read_to_string(&settings).unwrap().contains(TOKEN));
    let log = app.log();
    assert!(log.contains("publish"), "the log was written");
    assert!(!log.contains(TOKEN), "the token is in the log");
    s.end();
}
