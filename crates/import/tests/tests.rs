//! The import as an author runs it: real exports (invented content, shaped as WordPress,
//! Ghost and Medium write them) into a content folder in a temp dir, twice.

use std::fs;
use std::path::{Path, PathBuf};

use quire_core::folder::ContentFolder;
use quire_core::frontmatter::{self, Meta, Status};
use quire_import::post::Export;
use quire_import::write::{self, Summary};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn folder() -> (tempfile::TempDir, ContentFolder) {
    let dir = tempfile::tempdir().unwrap();
    let folder = ContentFolder::open(dir.path()).unwrap();
    (dir, folder)
}

/// The file at `rel`: its fields as Quire reads them, its body, and its whole text.
fn post(folder: &ContentFolder, rel: &str) -> (Meta, String, String) {
    let text = folder.read(rel).unwrap();
    let (meta, body) = frontmatter::read(&text).unwrap();
    (meta, body.to_string(), text)
}

/// Every file below the folder, with its bytes.
fn snapshot(folder: &ContentFolder) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walk(folder.root())
        .into_iter()
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    files.sort();
    files
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Imports `export` twice: the second run must find every post and write nothing.
fn import_twice(folder: &ContentFolder, export: &Export) -> Summary {
    let first = write::import(folder, export, false).unwrap();
    assert!(first.skipped.is_empty(), "{first:?}");
    let before = snapshot(folder);
    let second = write::import(folder, export, false).unwrap();
    assert!(second.imported.is_empty(), "{second:?}");
    assert_eq!(second.skipped.len(), first.imported.len());
    assert!(second.remote_images.is_empty());
    assert_eq!(
        snapshot(folder),
        before,
        "a second import changed the folder"
    );
    first
}

fn paths(summary: &Summary) -> Vec<&str> {
    summary.imported.iter().map(|w| w.path.as_str()).collect()
}

mod wordpress {
    use super::*;
    use quire_import::wordpress;

    /// A password-protected post is not for every reader: it comes in as a draft.
    #[test]
    fn a_protected_post_comes_in_as_a_draft() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("blog.xml");
        let item = |title: &str, password: &str| {
            format!(
                "<item><title>{title}</title><link>https://ex.org/{title}/</link>\
                 <guid isPermaLink=\"false\">https://ex.org/?p={title}</guid>\
                 <content:encoded><![CDATA[<p>Text.</p>]]></content:encoded>\
                 <wp:post_name>{title}</wp:post_name><wp:status>publish</wp:status>\
                 <wp:post_type>post</wp:post_type><wp:post_password>{password}</wp:post_password></item>"
            )
        };
        fs::write(
            &file,
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
                 xmlns:wp=\"http://wordpress.org/export/1.2/\"><channel><title>T</title>{}{}</channel></rss>",
                item("open", ""),
                item("locked", "secret"),
            ),
        )
        .unwrap();
        let export = wordpress::read(&file).unwrap();
        let status = |slug: &str| export.posts.iter().find(|p| p.slug == slug).unwrap().status;
        assert_eq!(status("open"), Status::Published);
        assert_eq!(status("locked"), Status::Draft);
    }

    #[test]
    fn posts_pages_and_statuses_come_in_once() {
        let (_dir, folder) = folder();
        let export = wordpress::read(&fixture("wordpress.xml")).unwrap();
        let summary = import_twice(&folder, &export);
        assert_eq!(
            paths(&summary),
            [
                "heron-at-the-weir.md",
                "parsing-the-tide-tables.md",
                "spring.md",
                "uber-den-fluss-川の朝.md",
                "notes.md",
                "notes-2.md",
                "pages/about.md",
            ]
        );
        assert_eq!(summary.drafts(), 1);
        let images: Vec<&str> = summary
            .remote_images
            .iter()
            .map(|a| a.url.as_str())
            .collect();
        assert_eq!(
            images,
            [
                "https://riverside.example/wp-content/uploads/2019/03/heron.jpg",
                "https://riverside.example/wp-content/uploads/2019/05/blossom.jpg",
                "https://riverside.example/wp-content/uploads/2019/01/map.png",
            ]
        );

        let (meta, body, text) = post(&folder, "heron-at-the-weir.md");
        assert_eq!(meta.title.as_deref(), Some("Heron at the weir"));
        assert_eq!(meta.date.as_deref(), Some("2019-03-14"));
        assert!(text.contains("date: \"2019-03-14T08:30:00Z\"\n"), "{text}");
        assert_eq!(meta.author.as_deref(), Some("Mara Lind"));
        assert_eq!(meta.tags, ["birds", "heron"]);
        assert!(text.contains("categories:\n  - \"Walks\"\n"), "{text}");
        assert_eq!(meta.status, Status::Published);
        assert_eq!(meta.slug.as_deref(), Some("heron-at-the-weir"));
        assert_eq!(
            meta.summary.as_deref(),
            Some("A heron that would not move.")
        );
        assert_eq!(
            meta.cover.as_deref(),
            Some("https://riverside.example/wp-content/uploads/2019/03/heron.jpg")
        );
        assert!(text
            .contains("original_url: \"https://riverside.example/2019/03/heron-at-the-weir/\"\n"));
        assert!(
            text.contains("aliases:\n  - \"/2019/03/heron-at-the-weir/\"\n"),
            "{text}"
        );
        assert_eq!(
            body.trim(),
            "The heron was standing where it always stands, just below the *weir*.\n\n\
             It did not move when the dog came past.\\\nNot even a feather.\n\n\
             [![A grey heron](https://riverside.example/wp-content/uploads/2019/03/heron.jpg)](https://riverside.example/wp-content/uploads/2019/03/heron.jpg)\n\n\
             *The heron, unimpressed*\n\n\
             Things I saw:\n\n\
             - a heron\n- two coots\n  - one of them young\n\n\
             More at [the bird site](https://birds.example/heron) & elsewhere."
        );
    }

    #[test]
    fn block_editor_markup_becomes_plain_markdown() {
        let (_dir, folder) = folder();
        let export = wordpress::read(&fixture("wordpress.xml")).unwrap();
        write::import(&folder, &export, false).unwrap();
        let (meta, body, text) = post(&folder, "parsing-the-tide-tables.md");
        assert_eq!(meta.status, Status::Draft);
        // A draft has no date in UTC yet: the local one.
        assert!(text.contains("date: \"2019-04-02T18:00:00\"\n"), "{text}");
        assert_eq!(meta.tags, ["rust"]);
        assert!(
            !text.contains("categories"),
            "Uncategorized is no category: {text}"
        );
        // A draft's address is by query: no alias, but the address still names it.
        assert!(!text.contains("aliases"), "{text}");
        assert!(text.contains("original_url: \"https://riverside.example/?p=11\""));
        assert!(!body.contains("<!--"), "{body}");
        assert_eq!(
            body.trim(),
            "The tide tables come as CSV, so a few lines of Rust read them:\n\n\
             ```rust\nfn high_water(rows: &[Row]) -> Option<&Row> {\n    rows.iter().max_by_key(|r| r.height)\n}\n```\n\n\
             ## What is left\n\n\
             | Day | High water |\n| --- | --- |\n| Mon | 06:12 |\n| Tue | 06:58 |\n\n\
             *This week's tides*\n\n\
             > Time and tide wait for no one.\n\n\
             <https://www.youtube.com/watch?v=tide123>"
        );
    }

    #[test]
    fn shortcodes_non_ascii_titles_and_duplicate_slugs() {
        let (_dir, folder) = folder();
        let export = wordpress::read(&fixture("wordpress.xml")).unwrap();
        write::import(&folder, &export, false).unwrap();
        let (_, body, _) = post(&folder, "spring.md");
        assert_eq!(
            body.trim(),
            "A few pictures from this morning.\n\n\
             - ![heron](https://riverside.example/wp-content/uploads/2019/03/heron.jpg)\n\
             - ![Blossom](https://riverside.example/wp-content/uploads/2019/05/blossom.jpg)\n\n\
             *1 more image of this gallery (ids 21, 22, 99) from the old blog: not in the export.*\n\n\
             <https://vimeo.com/76979871>\n\n\
             [Audio: birdsong.mp3](https://riverside.example/wp-content/uploads/2019/05/birdsong.mp3)"
        );

        let (meta, body, text) = post(&folder, "uber-den-fluss-川の朝.md");
        assert_eq!(meta.title.as_deref(), Some("Über den Fluss — 川の朝"));
        assert_eq!(meta.slug.as_deref(), Some("uber-den-fluss-川の朝"));
        assert!(
            text.contains("aliases:\n  - \"/2019/06/%e3%81%ae%e6%9c%9d/\"\n"),
            "{text}"
        );
        assert_eq!(
            body.trim(),
            "Morgennebel über dem Wasser. 朝の川は静かだった。"
        );

        let (first, _, _) = post(&folder, "notes.md");
        let (second, body, _) = post(&folder, "notes-2.md");
        assert_eq!(first.slug.as_deref(), Some("notes"));
        assert_eq!(second.slug.as_deref(), Some("notes-2"));
        assert_eq!(second.status, Status::Scheduled);
        assert_eq!(body.trim(), "Second notes, a year on.");
    }

    #[test]
    fn a_dry_run_writes_nothing() {
        let (_dir, folder) = folder();
        let export = wordpress::read(&fixture("wordpress.xml")).unwrap();
        let summary = write::import(&folder, &export, true).unwrap();
        assert_eq!(summary.imported.len(), 7);
        assert!(snapshot(&folder).is_empty());
    }

    #[test]
    fn a_truncated_export_is_refused_with_its_place_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let whole = fs::read_to_string(fixture("wordpress.xml")).unwrap();
        let cut = dir.path().join("cut.xml");
        let at = whole.find("<title><![CDATA[Spring").unwrap() + 30;
        fs::write(&cut, &whole[..at]).unwrap();
        let err = wordpress::read(&cut).unwrap_err();
        assert_eq!(err.code().as_str(), "malformed_export");
        let message = err.to_string();
        assert!(message.contains("cut.xml"), "{message}");
        assert!(message.contains("line "), "{message}");
        assert!(message.contains("nothing was imported"), "{message}");

        // Cut between elements: well-formed so far, but unfinished.
        let cut = dir.path().join("cut2.xml");
        let at = whole.find("<item>").unwrap() + 200;
        let at = whole[..at].rfind('\n').unwrap();
        fs::write(&cut, &whole[..at]).unwrap();
        let message = wordpress::read(&cut).unwrap_err().to_string();
        assert!(message.contains("cut2.xml"), "{message}");
        assert!(message.contains("ends inside <item>"), "{message}");

        let not_rss = dir.path().join("feed.xml");
        fs::write(&not_rss, "<feed><entry/></feed>").unwrap();
        let err = wordpress::read(&not_rss).unwrap_err();
        assert_eq!(err.code().as_str(), "not_an_export");
    }
}

mod ghost {
    use super::*;
    use quire_import::ghost;

    #[test]
    fn posts_tags_authors_and_cards_come_in_once() {
        let (_dir, folder) = folder();
        let export = ghost::read(&fixture("ghost.json")).unwrap();
        let summary = import_twice(&folder, &export);
        assert_eq!(
            paths(&summary),
            ["lighthouse-keeping.md", "storm-season.md", "pages/about.md"]
        );
        assert_eq!(summary.drafts(), 1);

        let (meta, body, text) = post(&folder, "lighthouse-keeping.md");
        assert_eq!(
            meta.title.as_deref(),
            Some("Lighthouse keeping, a beginner's notes")
        );
        assert!(text.contains("date: \"2024-04-29T10:00:00Z\"\n"), "{text}");
        assert_eq!(meta.author.as_deref(), Some("Ines Ferreira"));
        assert_eq!(meta.tags, ["Lighthouses", "Python"]);
        assert_eq!(meta.status, Status::Published);
        assert_eq!(
            meta.summary.as_deref(),
            Some("What a first season on the rock taught me.")
        );
        assert_eq!(
            meta.cover.as_deref(),
            Some("https://lighthouse.example/content/images/2024/04/tower.jpg")
        );
        assert!(
            text.contains("aliases:\n  - \"/lighthouse-keeping/\"\n"),
            "{text}"
        );
        assert!(text.contains("import_id: \"ghost:3f1c2d4e-0000-4a6b-9c1d-000000000001\""));
        assert_eq!(
            body.trim(),
            "The lamp is lit at **dusk**, every day.\n\n\
             ## The log\n\n\
             Each night goes into the log:\n\n\
             ```python\ndef log(night):\n    return f\"{night.date}: {night.weather}\"\n```\n\n\
             ![The lamp](https://lighthouse.example/content/images/2024/04/lamp.jpg)\n\n\
             *The lamp at dusk*\n\n\
             1. Trim the wick\n2. Polish the lens"
        );
        let images: Vec<&str> = summary
            .remote_images
            .iter()
            .map(|a| a.url.as_str())
            .collect();
        assert_eq!(
            images,
            [
                "https://lighthouse.example/content/images/2024/04/tower.jpg",
                "https://lighthouse.example/content/images/2024/04/lamp.jpg",
            ]
        );

        let (meta, body, text) = post(&folder, "storm-season.md");
        assert_eq!(meta.status, Status::Draft);
        assert!(text.contains("date: \"2024-05-02T08:15:00Z\"\n"), "{text}");
        assert_eq!(meta.tags, ["Lighthouses"]);
        assert_eq!(
            body.trim(),
            "Half-written thoughts about [storms](https://weather.example/storms)."
        );

        let (_, _, text) = post(&folder, "pages/about.md");
        assert!(text.contains("original_url: \"https://lighthouse.example/about/\""));
    }

    #[test]
    fn a_truncated_export_is_refused_with_its_place_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let whole = fs::read_to_string(fixture("ghost.json")).unwrap();
        let cut = dir.path().join("cut.json");
        fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        let err = ghost::read(&cut).unwrap_err();
        assert_eq!(err.code().as_str(), "malformed_export");
        let message = err.to_string();
        assert!(message.contains("cut.json"), "{message}");
        let lines = whole[..whole.len() / 2].lines().count();
        assert!(message.contains(&format!("line {lines},")), "{message}");
        assert!(snapshot(&ContentFolder::open(dir.path()).unwrap()).len() == 1);

        let wrong = dir.path().join("wrong.json");
        fs::write(
            &wrong,
            "{\"db\": [{\"data\": {\"posts\": [{\"title\": 3}]}}]}",
        )
        .unwrap();
        let message = ghost::read(&wrong).unwrap_err().to_string();
        assert!(
            message.contains("wrong.json is malformed at line 1"),
            "{message}"
        );
    }
}

mod medium {
    use super::*;
    use quire_import::medium;

    #[test]
    fn stories_and_drafts_come_in_once() {
        let (_dir, folder) = folder();
        let export = medium::read(&fixture("medium")).unwrap();
        let summary = import_twice(&folder, &export);
        assert_eq!(
            paths(&summary),
            ["reading-the-rapids.md", "portage-routes.md"]
        );
        assert_eq!(summary.drafts(), 1);

        let (meta, body, text) = post(&folder, "reading-the-rapids.md");
        assert_eq!(meta.title.as_deref(), Some("Reading the Rapids"));
        assert!(text.contains("date: \"2020-02-10T17:42:11Z\"\n"), "{text}");
        assert_eq!(meta.author.as_deref(), Some("Tove Berg"));
        assert_eq!(
            meta.summary.as_deref(),
            Some("How a canoeist learns to see the river")
        );
        assert_eq!(meta.status, Status::Published);
        assert!(text.contains(
            "original_url: \"https://medium.com/@tove/reading-the-rapids-4f2a9c1d8e7b\"\n"
        ));
        assert!(text.contains("aliases:\n  - \"/@tove/reading-the-rapids-4f2a9c1d8e7b\"\n"));
        assert_eq!(
            body.trim(),
            "A *V* pointing downstream is the way through.\n\n\
             ![](https://cdn-images-1.medium.com/max/800/1*AbCdEf.jpeg)\n\n\
             *The tongue of the rapid*\n\n\
             ```\nline one\n    line two\n```\n\n\
             > Read the water, not the map.\n\n\
             More on [grading rapids](https://paddle.example/rapids)."
        );

        let (meta, body, _) = post(&folder, "portage-routes.md");
        assert_eq!(meta.status, Status::Draft);
        assert_eq!(meta.date, None);
        assert_eq!(body.trim(), "Carrying the boat is half the trip.");
    }

    #[test]
    fn a_story_without_a_body_is_refused_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let posts = dir.path().join("archive/posts");
        fs::create_dir_all(&posts).unwrap();
        fs::copy(
            fixture("medium/posts/draft_Portage-Routes-9a8b7c6d5e4f.html"),
            posts.join("draft_Portage-Routes-9a8b7c6d5e4f.html"),
        )
        .unwrap();
        fs::write(
            posts.join("2021-01-01_Cut-0123456789ab.html"),
            "<h1 class=\"p-name\">Cut",
        )
        .unwrap();
        let err = medium::read(&dir.path().join("archive")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("2021-01-01_Cut-0123456789ab.html"),
            "{message}"
        );
        assert!(message.contains("data-field=\"body\""), "{message}");
    }
}
