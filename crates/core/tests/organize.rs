//! Rename, duplicate, status and trash on a real content folder and library.

use std::fs;

use quire_core::folder::content_hash;
use quire_core::frontmatter::Status;
use quire_core::library::RevisionSource;

use crate::common::fixture;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n fake image bytes";

#[test]
fn rename_moves_the_file_keeps_history_and_lists_links() {
    let f = fixture(&[
        (
            "notes/old-name.md",
            b"---\ntitle: Old name\nweight: 7 # mine\n---\nBody.\n",
        ),
        (
            "linker.md",
            b"---\ntitle: Linker\n---\nSee [it](notes/old-name.md) and old-name in prose.\n",
        ),
    ]);
    let id = f.id("notes/old-name.md");
    let before = f.blog.library().revision_list(id).unwrap().len();
    let r = f.blog.rename(id, "  A better name ", 2).unwrap();
    assert_eq!(r.post.id, id);
    assert_eq!(r.post.path, "notes/a-better-name.md");
    assert_eq!(r.post.title, "A better name");
    assert!(!f.folder.join("notes/old-name.md").exists());
    // Only the title's line changed; the unknown key and its comment are as they were.
    assert_eq!(
        f.read("notes/a-better-name.md"),
        "---\ntitle: A better name\nweight: 7 # mine\n---\nBody.\n"
    );
    let history = f.blog.library().revision_list(id).unwrap();
    assert_eq!(history.len(), before + 1);
    assert_eq!(history[0].source, RevisionSource::Editor);
    assert_eq!(r.links.len(), 1, "{:?}", r.links);
    assert_eq!(r.links[0].path, "linker.md");
    assert_eq!(r.links[0].line, 4);
    // The index agrees with the disk: a scan finds nothing to do.
    let report = f.blog.scan(3, false, &mut |_, _| {}).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);
}

#[test]
fn rename_moves_a_bundle_folder_with_its_images() {
    let f = fixture(&[
        (
            "trip/index.md",
            b"+++\ntitle = \"Trip\"\nslug = \"trip\"\n+++\n![a](photo.png)\n",
        ),
        ("trip/photo.png", PNG),
    ]);
    let id = f.id("trip/index.md");
    let r = f.blog.rename(id, "Summer trip", 2).unwrap();
    assert_eq!(r.post.path, "summer-trip/index.md");
    assert_eq!(
        fs::read(f.folder.join("summer-trip/photo.png")).unwrap(),
        PNG
    );
    assert!(!f.folder.join("trip").exists());
    assert_eq!(
        f.read("summer-trip/index.md"),
        "+++\ntitle = \"Summer trip\"\nslug = \"summer-trip\"\n+++\n![a](photo.png)\n"
    );
}

#[test]
fn rename_refuses_a_taken_slug_an_empty_title_and_unsaved_changes() {
    let f = fixture(&[
        ("one.md", b"---\ntitle: One\n---\n"),
        ("two.md", b"---\ntitle: Two\n---\n"),
    ]);
    let id = f.id("one.md");
    let err = f.blog.rename(id, "Two", 2).unwrap_err();
    assert_eq!(err.code(), "path_taken");
    assert!(err.to_string().contains("“Two”"), "{err}");
    assert_eq!(
        f.blog.rename(id, "   ", 2).unwrap_err().code(),
        "empty_title"
    );
    f.blog
        .save_draft(id, "---\ntitle: One\n---\nunsaved", None, 3)
        .unwrap();
    assert_eq!(f.blog.rename(id, "Uno", 4).unwrap_err().code(), "unsaved");
    // Nothing moved.
    assert_eq!(f.read("one.md"), "---\ntitle: One\n---\n");
}

#[test]
fn duplicate_makes_a_draft_copy_beside_the_original() {
    let f = fixture(&[
        (
            "essay.md",
            b"---\ntitle: Essay\nstatus: published\nslug: essay\ntags: [a]\n---\nWords.\n",
        ),
        ("pics/index.md", b"---\ntitle: Pics\n---\n![p](p.png)\n"),
        ("pics/p.png", PNG),
    ]);
    let copy = f.blog.duplicate(f.id("essay.md"), 2).unwrap();
    assert_eq!(copy.path, "essay-copy.md");
    assert_eq!(copy.status, Status::Draft);
    assert_eq!(
        f.read("essay-copy.md"),
        "---\ntitle: Essay (copy)\nstatus: draft\ntags: [a]\n---\nWords.\n"
    );
    let again = f.blog.duplicate(f.id("essay.md"), 3).unwrap();
    assert_eq!(again.path, "essay-copy-2.md");
    let bundle = f.blog.duplicate(f.id("pics/index.md"), 4).unwrap();
    assert_eq!(bundle.path, "pics-copy/index.md");
    assert_eq!(fs::read(f.folder.join("pics-copy/p.png")).unwrap(), PNG);
}

#[test]
fn status_changes_the_front_matter_only() {
    let f = fixture(&[
        (
            "a.md",
            b"---\r\ntitle: A\r\nstatus: draft\r\n---\r\nText\r\n",
        ),
        ("hugo.md", b"+++\ntitle = \"H\"\ndraft = true\n+++\n"),
    ]);
    let row = f
        .blog
        .set_status(f.id("a.md"), Status::Published, 2)
        .unwrap();
    assert_eq!(row.status, Status::Published);
    assert_eq!(
        f.read("a.md"),
        "---\r\ntitle: A\r\nstatus: published\r\n---\r\nText\r\n"
    );
    f.blog
        .set_status(f.id("hugo.md"), Status::Published, 3)
        .unwrap();
    assert_eq!(
        f.read("hugo.md"),
        "+++\ntitle = \"H\"\ndraft = false\n+++\n"
    );
}

#[test]
fn trash_restore_and_empty() {
    let f = fixture(&[
        ("keep.md", b"---\ntitle: Keep\n---\n"),
        (
            "gone.md",
            b"---\ntitle: Gone\ntags: [x]\n---\nSearch me: zanzibar.\n",
        ),
        ("album/index.md", b"---\ntitle: Album\n---\n![a](a.png)\n"),
        ("album/a.png", PNG),
    ]);
    f.blog.index_all_for_search().unwrap();
    let gone = f.id("gone.md");
    let base = content_hash(&f.read("gone.md"));
    f.blog
        .save(
            gone,
            "---\ntitle: Gone\ntags: [x]\n---\nSearch me: zanzibar. Edited.\n",
            Some(&base),
            2,
        )
        .unwrap();
    let revisions = f.blog.library().revision_list(gone).unwrap().len();
    let t = f.blog.trash(gone, 3).unwrap();
    assert_eq!(
        (t.path.as_str(), t.title.as_str(), t.files),
        ("gone.md", "Gone", 1)
    );
    assert!(!f.folder.join("gone.md").exists());
    assert!(f.blog.posts().unwrap().iter().all(|p| p.id != gone));
    assert!(f.blog.tags().unwrap().is_empty());
    f.blog.index_all_for_search().unwrap();
    assert!(f.blog.search("zanzibar", 10).unwrap().hits.is_empty());
    // A scan does not take the trashed post for a missing one, nor a new file for it.
    let report = f.blog.scan(4, false, &mut |_, _| {}).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);

    let album = f.id("album/index.md");
    f.blog.trash(album, 5).unwrap();
    assert!(!f.folder.join("album").exists());
    let list = f.blog.trash_list().unwrap();
    assert_eq!(
        list.iter().map(|t| t.path.as_str()).collect::<Vec<_>>(),
        ["album/index.md", "gone.md"]
    );

    // Restore by the path it had: the bytes, id and history come back.
    let id = f.blog.trashed_at("gone.md").unwrap();
    let row = f.blog.restore_from_trash(id, 6).unwrap();
    assert_eq!((row.id, row.path.as_str()), (gone, "gone.md"));
    assert!(f.read("gone.md").contains("Edited."));
    assert_eq!(
        f.blog.library().revision_list(gone).unwrap().len(),
        revisions
    );
    f.blog.index_all_for_search().unwrap();
    assert_eq!(f.blog.search("zanzibar", 10).unwrap().hits.len(), 1);
    let report = f.blog.scan(7, false, &mut |_, _| {}).unwrap();
    assert!(report.changes.is_empty(), "{:?}", report.changes);

    // A restore onto a path taken since is refused and changes nothing.
    fs::create_dir_all(f.folder.join("album")).unwrap();
    fs::write(f.folder.join("album/index.md"), "new").unwrap();
    let err = f.blog.restore_from_trash(album, 8).unwrap_err();
    assert_eq!(err.code(), "path_taken");
    assert_eq!(f.read("album/index.md"), "new");
    assert_eq!(
        f.blog.trashed_at("nowhere.md").unwrap_err().code(),
        "no_such_post"
    );

    assert_eq!(f.blog.empty_trash().unwrap(), 1);
    assert!(f.blog.trash_list().unwrap().is_empty());
    assert!(f.blog.library().revision_list(album).unwrap().is_empty());
}

#[test]
fn a_section_index_is_a_post_not_a_bundle() {
    let f = fixture(&[
        ("posts/_index.md", b"---\ntitle: All posts\n---\n"),
        ("posts/one.md", b"---\ntitle: One\n---\n"),
        ("notes/index.md", b"---\ntitle: Notes\n---\n"),
        ("notes/two.md", b"---\ntitle: Two\n---\n"),
        ("notes/.hidden-keep", b"kept"),
    ]);
    // Trashing a section page takes the page, never the posts beside it.
    f.blog.trash(f.id("posts/_index.md"), 2).unwrap();
    assert!(f.folder.join("posts/one.md").is_file());
    assert!(!f.folder.join("posts/_index.md").exists());
    // An index.md with other posts in its folder is renamed where it is.
    let r = f
        .blog
        .rename(f.id("notes/index.md"), "All notes", 3)
        .unwrap();
    assert_eq!(r.post.path, "notes/all-notes.md");
    assert!(f.folder.join("notes/two.md").is_file());
    assert_eq!(
        fs::read(f.folder.join("notes/.hidden-keep")).unwrap(),
        b"kept"
    );
}

#[test]
fn a_bundle_keeps_its_hidden_files_through_the_trash() {
    let f = fixture(&[
        ("album/index.md", b"---\ntitle: Album\n---\n"),
        ("album/.keep", b"x"),
        ("album/img/a.png", PNG),
    ]);
    let id = f.id("album/index.md");
    assert_eq!(f.blog.trash(id, 2).unwrap().files, 3);
    f.blog.restore_from_trash(id, 3).unwrap();
    assert_eq!(fs::read(f.folder.join("album/.keep")).unwrap(), b"x");
    assert_eq!(fs::read(f.folder.join("album/img/a.png")).unwrap(), PNG);
}

#[test]
fn duplicate_copies_the_draft_and_paths_of_missing_posts_stay_taken() {
    let f = fixture(&[
        ("a.md", b"---\ntitle: A\n---\nSaved.\n"),
        ("a-copy.md", b"---\ntitle: Old copy\n---\n"),
    ]);
    let a = f.id("a.md");
    // The copy's name is held by a post now missing on disk: its history keeps the path.
    fs::remove_file(f.folder.join("a-copy.md")).unwrap();
    f.blog.scan(2, false, &mut |_, _| {}).unwrap();
    f.blog
        .save_draft(a, "---\ntitle: A\n---\nUnsaved words.\n", None, 3)
        .unwrap();
    let copy = f.blog.duplicate(a, 4).unwrap();
    assert_eq!(copy.path, "a-copy-2.md");
    assert!(f.read("a-copy-2.md").contains("Unsaved words."));

    // A restore onto a path that a post missing on disk holds is refused, and nothing
    // is written: that post's history is tied to the path.
    let t = f.blog.trash(a, 5).unwrap();
    fs::write(f.folder.join("a.md"), "---\ntitle: Another A\n---\n").unwrap();
    f.blog.scan(6, false, &mut |_, _| {}).unwrap();
    fs::remove_file(f.folder.join("a.md")).unwrap();
    f.blog.scan(7, false, &mut |_, _| {}).unwrap();
    let err = f.blog.restore_from_trash(t.id, 8).unwrap_err();
    assert_eq!(err.code(), "path_taken");
    assert!(err.to_string().contains("(missing on disk)"), "{err}");
    assert!(!f.folder.join("a.md").exists());
    assert_eq!(f.blog.trash_list().unwrap().len(), 1);
}
