//! Titles to file names.

/// A file-name-safe slug: lower case letters and digits of any script, words joined by
/// `-`. Never empty, never a path (no `/`, `\`, `.` or `..`), at most 80 characters.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    let mut dash = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
            dash = false;
        } else if !dash && !slug.is_empty() {
            slug.push('-');
            dash = true;
        }
        if slug.chars().count() >= 80 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "post".to_string()
    } else {
        slug.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(
            slugify("Musk Pushes Plan: China's Data!"),
            "musk-pushes-plan-china-s-data"
        );
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("静かな朝"), "静かな朝");
        assert_eq!(slugify("  !!! "), "post");
        assert!(slugify(&"long ".repeat(100)).chars().count() <= 80);
    }
}
