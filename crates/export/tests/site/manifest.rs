//! The export's manifest kept as a base and a log of each export's changes: what a run of
//! edits leaves recorded is what one whole export records, a record cut short is passed
//! over, and a lost base means one whole export, never a wrong one.

use std::fs;
use std::path::{Path, PathBuf};

use super::generate;
use crate::common::*;

/// The base and the log in `records` (there is one output folder per records folder here).
fn kept(records: &Path, what: &str) -> Option<PathBuf> {
    fs::read_dir(records)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == what))
}

fn size(path: Option<PathBuf>) -> u64 {
    path.map_or(0, |p| fs::metadata(p).unwrap().len())
}

/// Every file of the site with its bytes.
fn site_files(out: &Path) -> Vec<(String, Vec<u8>)> {
    files(out)
        .into_iter()
        .map(|f| {
            let bytes = fs::read(out.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn edit(content: &Path, i: usize, round: usize) {
    let post = content.join(format!("post-{i:04}.md"));
    let text = fs::read_to_string(&post).unwrap();
    fs::write(&post, format!("{text}\nA line added in round {round}.\n")).unwrap();
}

#[test]
fn edits_append_to_a_log_that_records_what_a_whole_export_does() {
    let content = tempfile::tempdir().unwrap();
    generate(content.path(), 40);
    let out = tempfile::tempdir().unwrap();
    let records = tempfile::tempdir().unwrap();
    let export = |out: &Path, records: &Path| {
        export_keeping(content.path(), &site(), out, false, records).unwrap()
    };
    export(out.path(), records.path());
    let base = fs::read(kept(records.path(), "manifest").unwrap()).unwrap();
    assert!(kept(records.path(), "manifest-log").is_none());

    // One edit: its changes are appended; the base is not rewritten.
    edit(content.path(), 12, 0);
    export(out.path(), records.path());
    assert_eq!(
        fs::read(kept(records.path(), "manifest").unwrap()).unwrap(),
        base,
        "the base is rewritten for one edit"
    );
    let log = size(kept(records.path(), "manifest-log"));
    assert!(log > 0 && log < base.len() as u64 / 2, "{log}");

    // Edits, a deleted post and a new one, until the log outgrows half the base and a
    // new base takes it in.
    let mut rewritten = false;
    for round in 1..12 {
        edit(content.path(), round * 3, round);
        if round == 4 {
            fs::remove_file(content.path().join("post-0020.md")).unwrap();
        }
        if round == 6 {
            fs::copy(
                content.path().join("post-0011.md"),
                content.path().join("post-0099.md"),
            )
            .unwrap();
            let text = fs::read_to_string(content.path().join("post-0099.md")).unwrap();
            fs::write(
                content.path().join("post-0099.md"),
                text.replace("title: \"Post 11\"", "title: \"Post 99\""),
            )
            .unwrap();
        }
        export(out.path(), records.path());
        rewritten |= fs::read(kept(records.path(), "manifest").unwrap()).unwrap() != base;
        // Whatever base and log now hold, they know every file as it is: nothing is
        // written again, and a deleted post's page is gone.
        let again = export(out.path(), records.path());
        assert_eq!(again.written, 0, "round {round}: {again:?}");
        assert_eq!(again.removed, 0, "round {round}: {again:?}");
        // And every post as it was read: a post the record lost would be read again.
        assert_eq!(again.rendered, 0, "round {round}: {again:?}");
    }
    assert!(rewritten, "the log never made a new base");
    assert!(!out.path().join("post-0020").exists());

    // The same site as a whole export of the same posts.
    let whole = tempfile::tempdir().unwrap();
    let whole_records = tempfile::tempdir().unwrap();
    export(whole.path(), whole_records.path());
    assert_eq!(site_files(out.path()), site_files(whole.path()));
}

#[test]
fn a_record_cut_short_is_passed_over_and_a_lost_base_exports_it_all() {
    let content = tempfile::tempdir().unwrap();
    generate(content.path(), 150);
    let out = tempfile::tempdir().unwrap();
    let records = tempfile::tempdir().unwrap();
    let export =
        || export_keeping(content.path(), &site(), out.path(), false, records.path()).unwrap();
    export();
    edit(content.path(), 4, 0);
    export();
    let log = kept(records.path(), "manifest-log").unwrap();
    let whole_records = fs::read(&log).unwrap();

    // An export cut off while appending leaves half a record: passed over, and cut off
    // before the next one is appended.
    let mut torn = whole_records.clone();
    torn.extend_from_slice(&whole_records[..whole_records.len() / 2]);
    fs::write(&log, &torn).unwrap();
    let after_torn = export();
    assert_eq!((after_torn.written, after_torn.rendered), (0, 0));
    edit(content.path(), 6, 1);
    assert_eq!(export().rendered, 1);
    let after = export();
    assert_eq!(
        (after.written, after.rendered),
        (0, 0),
        "the record after the torn one is read"
    );
    assert!(fs::read(&log).unwrap().starts_with(&whole_records));

    // A base lost (a new one cut off before the log went): the log is not replayed on
    // nothing; everything is exported, and recorded afresh.
    fs::remove_file(kept(records.path(), "manifest").unwrap()).unwrap();
    export();
    assert!(kept(records.path(), "manifest").is_some());
    assert!(kept(records.path(), "manifest-log").is_none());
    assert_eq!(export().written, 0);
}
