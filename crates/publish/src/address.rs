//! A remote's URL, taken apart once for the three things Quire asks of it: whether
//! credentials are written into it (refused in `quire.toml`), the address to show without
//! them, and the host a token may go to.

/// `scheme://authority…` → the scheme, the authority (`user:pass@host:port`) and the rest
/// from its `/`, `?` or `#` on; `None` for an address without `://` (`git@host:repo`, a
/// path).
fn parts(url: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    Some((scheme, &rest[..end], &rest[end..]))
}

/// Whether an http(s) URL carries credentials (`https://me:token@host/…`).
pub(crate) fn has_credentials(url: &str) -> bool {
    parts(url)
        .is_some_and(|(scheme, authority, _)| scheme.starts_with("http") && authority.contains('@'))
}

/// `https://user:token@host/x` → `https://host/x`: an address as it may be shown.
pub(crate) fn without_credentials(url: &str) -> String {
    match parts(url) {
        Some((scheme, authority, rest)) if authority.contains('@') => {
            let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
            format!("{scheme}://{host}{rest}")
        }
        _ => url.to_string(),
    }
}

/// The scheme and host (with its port) of a URL, as git's credential helpers are told
/// the host; `None` for one with credentials in it, whose host is not what it seems to a
/// reader, or with no host.
pub fn host(url: &str) -> Option<(&str, &str)> {
    let (scheme, authority, _) = parts(url)?;
    (!authority.is_empty() && !authority.contains('@')).then_some((scheme, authority))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_taken_apart_once() {
        assert_eq!(
            without_credentials("https://me:tok@example.com/a/b.git"),
            "https://example.com/a/b.git"
        );
        assert_eq!(without_credentials("git@host:a/b.git"), "git@host:a/b.git");
        assert_eq!(without_credentials("/srv/blog.git"), "/srv/blog.git");
        assert!(has_credentials("https://me:s3cret@x.org/r.git"));
        assert!(!has_credentials("ssh://git@x.org/r.git"));
        assert_eq!(
            host("https://codeberg.org:443/a.git"),
            Some(("https", "codeberg.org:443"))
        );
        assert_eq!(host("http://localhost:x@evil.example/"), None);
        assert_eq!(host("git@github.com:a/b.git"), None);
    }
}
