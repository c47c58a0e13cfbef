//! A target's token, kept in the system keyring (the Secret Service on Linux: GNOME
//! Keyring, KWallet, KeePassXC), never in the library, the log, `quire.toml` or the
//! settings file. Only an https git remote takes one; ssh goes by the author's keys.
//!
//! The keyring entry is named by the target's name *and* its address, so a token given
//! for one host is never sent to another the target was later pointed at.

use crate::target::{Kind, Target};
use crate::{Error, Result};

/// The keyring's service name for Quire's entries: the app's id.
const SERVICE: &str = "app.quire.editor";

/// Where a token comes from when none is kept: the environment, for scripts and CI.
pub const TOKEN_ENV: &str = "QUIRE_PUBLISH_TOKEN";

/// Whether `target` can use a token: a git remote over https, or over plain http on this
/// machine (a local server: the token crosses no network in clear).
pub fn takes_token(target: &Target) -> bool {
    let Kind::Git { url, .. } = &target.kind else {
        return false;
    };
    match crate::address::host(url) {
        Some(("https", _)) => true,
        Some(("http", h)) => {
            let name = h
                .rsplit_once(':')
                .map_or(h, |(n, port)| match port.parse::<u16>() {
                    Ok(_) => n,
                    Err(_) => h,
                });
            matches!(name, "127.0.0.1" | "localhost" | "[::1]")
        }
        _ => false,
    }
}

/// The token to publish to `target` with: `QUIRE_PUBLISH_TOKEN` if set, else the one kept
/// in the keyring, else none (git's own credential helpers may still answer). A keyring
/// that cannot be reached is as good as an empty one here: the publish says so if the
/// remote then refuses.
pub fn token(target: &Target) -> Option<String> {
    if !takes_token(target) {
        return None;
    }
    if let Some(t) = std::env::var(TOKEN_ENV)
        .ok()
        .filter(|t| !t.trim().is_empty())
    {
        return Some(t);
    }
    match entry(target).and_then(|e| e.get_password().map_err(|e| unavailable(target, e))) {
        Ok(t) => Some(t),
        Err(e) => {
            tracing::debug!(target = %target.name, error = %e, "no token in the keyring");
            None
        }
    }
}

/// Keeps `token` for `target` in the keyring. [`Error::NoKeyring`] if there is none to
/// keep it in (no Secret Service running, or it is locked and will not open).
pub fn remember(target: &Target, token: &str) -> Result<()> {
    takes_one(target)?;
    entry(target)?
        .set_password(token.trim())
        .map_err(|e| match unavailable(target, e) {
            Error::NoKeyring { target, cause } => Error::NoKeyring {
                target,
                cause: format!(
                    "{cause}; the token is not kept, and Quire will ask for it each time"
                ),
            },
            e => e,
        })
}

/// Removes the token kept for `target`, if any.
pub fn forget(target: &Target) -> Result<()> {
    takes_one(target)?;
    match entry(target)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(e) => Err(unavailable(target, e)),
    }
}

fn takes_one(target: &Target) -> Result<()> {
    match takes_token(target) {
        true => Ok(()),
        false => Err(Error::BadTarget {
            name: target.name.clone(),
            reason: "only a git remote over https takes a token; ssh and folders use your keys and files".into(),
        }),
    }
}

fn entry(target: &Target) -> Result<keyring::Entry> {
    let account = format!("publish {} {}", target.name, target.destination());
    keyring::Entry::new(SERVICE, &account).map_err(|e| unavailable(target, e))
}

fn unavailable(target: &Target, e: keyring::Error) -> Error {
    let cause = match e {
        keyring::Error::NoEntry => "no token is kept for it".to_string(),
        keyring::Error::NoStorageAccess(_) | keyring::Error::PlatformFailure(_) => {
            format!("no Secret Service answers (is GNOME Keyring or KWallet running and unlocked?): {e}")
        }
        e => e.to_string(),
    };
    Error::NoKeyring {
        target: target.name.clone(),
        cause,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git(url: &str) -> Target {
        Target {
            name: "t".into(),
            kind: Kind::Git {
                url: url.into(),
                branch: "gh-pages".into(),
                domain: None,
                replace_history: false,
            },
            export: None,
        }
    }

    #[test]
    fn a_token_goes_over_https_or_to_this_machine_only() {
        assert!(takes_token(&git("https://codeberg.org/ada/pages.git")));
        assert!(takes_token(&git("http://127.0.0.1:8080/site.git")));
        assert!(takes_token(&git("http://localhost/site.git")));
        assert!(!takes_token(&git("http://example.org/site.git")));
        assert!(!takes_token(&git(
            "http://localhost:x@evil.example/site.git"
        )));
        assert!(!takes_token(&git("http://localhost.evil.example/site.git")));
        assert!(!takes_token(&git("git@github.com:ada/pages.git")));
    }
}
