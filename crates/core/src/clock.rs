//! The two readings of the system clock Quire makes, made here and nowhere else. Everything
//! below the shell and the command line takes the time as an argument, so that tests set
//! it; these are what those two edges pass in.

/// The time recorded with every change: milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Today in the author's time zone, as front matter writes a date (`2024-05-17`): the
/// date of a new post, and the day before which a dated post is published.
pub fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

#[cfg(test)]
mod tests {
    /// `today` is a date front matter accepts: what a new post is stamped with must read
    /// back as its date.
    #[test]
    fn today_reads_back_as_a_front_matter_date() {
        let today = super::today();
        assert!(
            chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").is_ok(),
            "{today}"
        );
        assert_eq!(today.len(), 10, "{today}");
    }
}
