//! Exporting whole sites: the sample folder, a generated folder of hundreds of posts,
//! incremental re-exports, and hostile input. Real files, the real templates and comrak,
//! the site's real `search.js` under Node, the Nu Html Checker over the output.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

use crate::common::*;

mod manifest;

#[test]
fn sample_folder_exports_as_a_checked_site() {
    let content = tempfile::tempdir().unwrap();
    copy_sample(content.path());
    let out = tempfile::tempdir().unwrap();
    let summary = export(content.path(), &site(), out.path(), false).unwrap();
    assert_eq!(summary.posts, 4, "{summary:?}");
    let files = files(out.path());

    // Published posts have pages; the draft has none.
    for page in [
        "welcome-to-quire/index.html",
        "field-notes-on-bread/index.html",
        "hugo-notes/index.html",
        "朝の散歩/index.html",
    ] {
        assert!(files.contains(page), "{page} missing from {files:#?}");
    }
    assert!(
        !files.iter().any(|f| f.starts_with("shipping-small-tools")),
        "the draft was published"
    );
    // Every tag of a published post has a page and a feed; the draft's tags do not.
    for tag in ["cooking", "sourdough", "hugo", "散歩", "getting-started"] {
        assert!(
            files.contains(&format!("tags/{tag}/index.html")),
            "tag {tag}"
        );
        assert!(
            files.contains(&format!("tags/{tag}/atom.xml")),
            "tag feed {tag}"
        );
    }
    assert!(!files.contains("tags/tools/index.html"));
    // Two per page: four posts make two index pages.
    assert!(files.contains("page/2/index.html"));
    assert!(!files.contains("page/3/index.html"));
    // Images the posts show are copied where the pages look for them.
    assert!(files.contains("assets/loaf.svg") && files.contains("assets/mara.svg"));
    for f in [
        "atom.xml",
        "rss.xml",
        "feed.json",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "style.css",
    ] {
        assert!(files.contains(f), "{f}");
    }
    assert!(check_links(out.path()) > 50);

    // The head of a post page.
    let page = fs::read_to_string(out.path().join("field-notes-on-bread/index.html")).unwrap();
    for needle in [
        "<link rel=\"canonical\" href=\"https://example.org/blog/field-notes-on-bread/\">",
        "<meta property=\"og:type\" content=\"article\">",
        "<meta name=\"twitter:card\"",
        "\"@type\":\"BlogPosting\"",
        "<meta name=\"description\" content=\"What a year of weekend baking",
        "3 min read",
        "Friday, March 14, 2025",
        "rel=\"next\"",
    ] {
        assert!(page.contains(needle), "{needle} not in the page");
    }
    // The article is the preview's: same template, same Markdown configuration.
    let text = fs::read_to_string(content.path().join("field-notes-on-bread.md")).unwrap();
    let preview = quire_core::article::render(
        &text,
        &site(),
        &quire_export::urls::asset_links(quire_export::urls::Placement::Site(
            "field-notes-on-bread.md",
        )),
    )
    .unwrap();
    assert!(
        page.contains(&preview.html),
        "the page's article differs from the preview's"
    );

    // Feeds parse, newest first.
    for feed in ["atom.xml", "rss.xml", "feed.json"] {
        let bytes = fs::read(out.path().join(feed)).unwrap();
        let parsed = feed_rs::parser::parse(&bytes[..]).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let titles: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(titles[0], "朝の散歩", "{feed}: {titles:?}");
        assert_eq!(titles.last().unwrap(), "Welcome to Quire", "{feed}");
        let dates: Vec<_> = parsed
            .entries
            .iter()
            .map(|e| e.published.or(e.updated).unwrap())
            .collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{feed} is not newest first"
        );
        let link = &parsed.entries[0].links[0].href;
        assert!(
            link.starts_with("https://example.org/blog/"),
            "{feed}: {link}"
        );
    }
    // The sitemap lists every page but the 404.
    let sitemap = fs::read_to_string(out.path().join("sitemap.xml")).unwrap();
    let pages: Vec<_> = files
        .iter()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
        .collect();
    assert_eq!(sitemap.matches("<loc>").count(), pages.len(), "{sitemap}");
    assert!(sitemap
        .contains("<loc>https://example.org/blog/%E6%9C%9D%E3%81%AE%E6%95%A3%E6%AD%A9/</loc>"));
    assert!(fs::read_to_string(out.path().join("robots.txt"))
        .unwrap()
        .contains("Sitemap: https://example.org/blog/sitemap.xml"));

    // Search finds a Latin word (by prefix too) and a run of CJK characters.
    assert_eq!(
        search(out.path(), "sourdough"),
        ["field-notes-on-bread/index.html"]
    );
    assert_eq!(
        search(out.path(), "sourd"),
        ["field-notes-on-bread/index.html"]
    );
    assert_eq!(search(out.path(), "散歩"), ["朝の散歩/index.html"]);
    assert!(search(out.path(), "sourdough 散歩").is_empty());

    // Snapshots of an article page, the index and a feed.
    insta::assert_snapshot!("article_page", page);
    insta::assert_snapshot!(
        "index_page",
        fs::read_to_string(out.path().join("index.html")).unwrap()
    );
    insta::assert_snapshot!(
        "atom_feed",
        fs::read_to_string(out.path().join("atom.xml")).unwrap()
    );
}

/// A folder of `n` posts: tags shared between them, every tenth a draft, every
/// seventeenth dated in the future, every fifth in Japanese, some with images.
pub(crate) fn generate(dir: &Path, n: usize) {
    fs::create_dir_all(dir.join("images")).unwrap();
    fs::write(
        dir.join("images/chart.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>",
    )
    .unwrap();
    for i in 0..n {
        let status = if i % 10 == 3 { "draft" } else { "published" };
        let year = if i % 17 == 5 { 2030 } else { 2020 + i % 5 };
        let day = 1 + i % 28;
        let month = 1 + i % 12;
        let body = if i % 5 == 0 {
            format!("静かな朝に{i}番目の記事を書きました。散歩の途中で見た景色のこと。\n\n- 一つ目\n- 二つ目\n")
        } else {
            format!(
                "## Part {i}\n\nPost number {i} talks about topic{i} and bread.[^n]\n\n| a | b |\n|---|---|\n| {i} | x |\n\n```rust\nfn main() {{ println!(\"{i}\"); }}\n```\n\n{}\n\n[^n]: A footnote.\n",
                if i % 4 == 0 { "![A chart](images/chart.svg)" } else { "" }
            )
        };
        let text = format!(
            "---\ntitle: \"Post {i}\"\ndate: {year}-{month:02}-{day:02}\nstatus: {status}\ntags: [t{}, t{}]\n---\n{body}",
            i % 7,
            i % 11
        );
        fs::write(dir.join(format!("post-{i:04}.md")), text).unwrap();
    }
}

#[test]
fn hundreds_of_posts_export_with_drafts_and_future_posts_left_out() {
    let content = tempfile::tempdir().unwrap();
    generate(content.path(), 300);
    let out = tempfile::tempdir().unwrap();
    let summary = export(content.path(), &site(), out.path(), false).unwrap();
    let files = files(out.path());
    let expected: Vec<usize> = (0..300).filter(|i| i % 10 != 3 && i % 17 != 5).collect();
    assert_eq!(summary.posts, expected.len());
    for i in 0..300 {
        let has = files.contains(&format!("post-{i:04}/index.html"));
        assert_eq!(has, expected.contains(&i), "post {i}");
    }
    for t in 0..7 {
        assert!(files.contains(&format!("tags/t{t}/index.html")));
    }
    let pages = expected.len().div_ceil(2);
    assert!(files.contains(&format!("page/{pages}/index.html")));
    assert!(!files.contains(&format!("page/{}/index.html", pages + 1)));
    assert!(check_links(out.path()) > 1000);
    assert_eq!(search(out.path(), "topic137"), ["post-0137/index.html"]);
    assert!(
        search(out.path(), "topic12").contains(&"post-0012/index.html".to_string()),
        "prefix"
    );
    assert!(search(out.path(), "景色").len() > 10);

    // With --drafts everything is published.
    let all = tempfile::tempdir().unwrap();
    assert_eq!(
        export(content.path(), &site(), all.path(), true)
            .unwrap()
            .posts,
        300
    );
}

/// An exported folder is uploaded whole (rsync, a pages branch, a Netlify drop), so no
/// file in it may say anything of a draft or of a post dated in the future: not its
/// title, summary, author, tags or words. What the export remembers between runs is kept
/// outside it, and the manifest an older Quire left in it is taken out.
#[test]
fn no_file_of_an_export_tells_of_a_draft() {
    let content = tempfile::tempdir().unwrap();
    let unpublished = [
        ("draft", "2025-01-01", "Zanzibar"),
        ("published", "2099-01-01", "Quetzal"),
    ];
    for (status, date, word) in unpublished {
        fs::write(
            content.path().join(format!("{}.md", word.to_lowercase())),
            format!(
                "---\ntitle: {word}title\nauthor: {word}author\nsummary: {word}summary\ntags: [{word}tag]\ndate: {date}\nstatus: {status}\n---\n\n{word}body words.\n"
            ),
        )
        .unwrap();
    }
    fs::write(
        content.path().join("out-loud.md"),
        "---\ntitle: Out loud\ndate: 2025-01-02\nstatus: published\n---\n\nSaid for all.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let records = tempfile::tempdir().unwrap();
    fs::write(
        out.path().join(".quire-export"),
        "Zanzibartitle Zanzibarsummary",
    )
    .unwrap();

    for _ in 0..2 {
        let summary =
            export_keeping(content.path(), &site(), out.path(), false, records.path()).unwrap();
        assert_eq!(summary.posts, 1);
        let files = files(out.path());
        assert!(files.contains("out-loud/index.html"), "{files:?}");
        assert!(
            !files.contains(".quire-export"),
            "the old manifest is left in the output"
        );
        for file in &files {
            let text =
                String::from_utf8_lossy(&fs::read(out.path().join(file)).unwrap()).to_lowercase();
            for (_, _, word) in unpublished {
                assert!(
                    !text.contains(&word.to_lowercase()),
                    "{file} tells of the unpublished {word}"
                );
            }
        }
    }
    // What the export remembers is in the records folder: one manifest, and the search
    // index's tokens.
    let kept: Vec<String> = fs::read_dir(records.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        kept.iter().filter(|f| f.ends_with(".manifest")).count(),
        1,
        "{kept:?}"
    );
    assert!(
        kept.iter().all(|f| f.ends_with(".manifest")
            || f.ends_with(".manifest-log")
            || f.contains(".search-")),
        "{kept:?}"
    );
}

/// The manifest an older Quire left in the output folder is what the first export after
/// the upgrade goes by (so it removes the pages that one wrote of a post deleted since),
/// and it is gone from the output folder afterwards.
#[test]
fn an_older_quires_manifest_in_the_output_is_read_once_and_removed() {
    let content = tempfile::tempdir().unwrap();
    for name in ["first", "second"] {
        fs::write(
            content.path().join(format!("{name}.md")),
            format!("---\ntitle: {name}\ndate: 2025-01-01\nstatus: published\n---\n\nWords.\n"),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let before = tempfile::tempdir().unwrap();
    export_keeping(content.path(), &site(), out.path(), false, before.path()).unwrap();
    assert!(out.path().join("second/index.html").is_file());
    // As an older Quire kept it: the same manifest, in the output folder.
    let manifest = fs::read_dir(before.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "manifest"))
        .unwrap();
    fs::copy(&manifest, out.path().join(".quire-export")).unwrap();

    fs::remove_file(content.path().join("second.md")).unwrap();
    let upgraded = tempfile::tempdir().unwrap();
    let summary =
        export_keeping(content.path(), &site(), out.path(), false, upgraded.path()).unwrap();
    assert!(summary.removed >= 1, "{summary:?}");
    assert!(
        !out.path().join("second/index.html").exists(),
        "the deleted post's page stays"
    );
    assert!(!out.path().join(".quire-export").exists());
    let manifests = fs::read_dir(upgraded.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|e| e == "manifest")
        })
        .count();
    assert_eq!(manifests, 1);
}

fn mtimes(dir: &Path) -> Vec<(String, SystemTime)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let t = fs::metadata(dir.join(&f)).unwrap().modified().unwrap();
            (f, t)
        })
        .collect()
}

fn changed(before: &[(String, SystemTime)], after: &[(String, SystemTime)]) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(f, t)| !before.iter().any(|(g, u)| g == f && u == t))
        .map(|(f, _)| f.clone())
        .collect()
}

#[test]
fn a_second_export_rewrites_only_what_changed() {
    let content = tempfile::tempdir().unwrap();
    generate(content.path(), 60);
    let out = tempfile::tempdir().unwrap();
    // A file of the author's own in the output folder (a CNAME for the host) is never touched.
    fs::write(out.path().join("CNAME"), "blog.example.org\n").unwrap();
    export(content.path(), &site(), out.path(), false).unwrap();
    let before = mtimes(out.path());

    let again = export(content.path(), &site(), out.path(), false).unwrap();
    assert_eq!(again.written, 0, "{again:?}");
    assert!(changed(&before, &mtimes(out.path())).is_empty());

    // Retitle one post: its page, its neighbours' (their links show its title), the index
    // page and tag pages that list it, the feeds that carry it, and the search index.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let post = content.path().join("post-0012.md");
    let text = fs::read_to_string(&post)
        .unwrap()
        .replace("title: \"Post 12\"", "title: \"Bread at dawn\"");
    fs::write(&post, text).unwrap();
    let summary = export(content.path(), &site(), out.path(), false).unwrap();
    let rewritten = changed(&before, &mtimes(out.path()));
    let pages: BTreeSet<_> = rewritten
        .iter()
        .filter(|f| f.ends_with("index.html") && f.starts_with("post-"))
        .cloned()
        .collect();
    assert!(pages.contains("post-0012/index.html"), "{rewritten:#?}");
    assert_eq!(
        pages.len(),
        3,
        "only the post and its two neighbours: {pages:#?}"
    );
    assert!(
        rewritten.iter().any(|f| f.starts_with("tags/t5/")),
        "its tag t5 (12 % 7): {rewritten:#?}"
    );
    assert!(
        !rewritten.iter().any(|f| f.starts_with("tags/t0/")),
        "a tag it is not in: {rewritten:#?}"
    );
    assert!(rewritten.len() < 20, "{rewritten:#?}");
    assert_eq!(summary.written, rewritten.len(), "{summary:?}");
    assert_eq!(search(out.path(), "dawn"), ["post-0012/index.html"]);

    // Delete one post: its page goes, the rest stays, the author's file too.
    fs::remove_file(content.path().join("post-0020.md")).unwrap();
    let summary = export(content.path(), &site(), out.path(), false).unwrap();
    assert!(summary.removed >= 1, "{summary:?}");
    assert!(!out.path().join("post-0020").exists());
    assert!(out.path().join("post-0021/index.html").exists());
    assert_eq!(
        fs::read_to_string(out.path().join("CNAME")).unwrap(),
        "blog.example.org\n"
    );
    check_links(out.path());

    // Unpublish one: its page goes too.
    let post = content.path().join("post-0021.md");
    let text = fs::read_to_string(&post)
        .unwrap()
        .replace("status: published", "status: draft");
    fs::write(&post, text).unwrap();
    export(content.path(), &site(), out.path(), false).unwrap();
    assert!(!out.path().join("post-0021").exists());
    check_links(out.path());
}

#[test]
fn hostile_slugs_tags_and_images_write_nothing_outside() {
    let root = tempfile::tempdir().unwrap();
    let content = root.path().join("content");
    let out = root.path().join("out");
    fs::create_dir_all(&content).unwrap();
    fs::write(root.path().join("secret.png"), b"\x89PNG secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(root.path().join("secret.png"), content.join("link.png")).unwrap();
    fs::write(
        content.join("evil.md"),
        "---\ntitle: Evil\nslug: ../../x\nstatus: published\ntags: ['..', '../../etc', '/abs']\ncover: ../secret.png\navatar: /etc/passwd\n---\n![a](../secret.png) ![b](/etc/hosts) ![c](link.png) ![d](javascript:alert(1))\n\n<script>alert(1)</script>\n",
    )
    .unwrap();
    export(&content, &site(), &out, false).unwrap();
    // Only the content folder and the output folder exist beside the secret.
    let mut top: Vec<_> = fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    top.sort();
    assert_eq!(top, ["content", "out", "secret.png"]);
    let files = files(&out);
    assert!(files.contains("x/index.html"), "{files:#?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("secret") || f.ends_with(".png")),
        "{files:#?}"
    );
    let page = fs::read_to_string(out.join("x/index.html")).unwrap();
    assert!(!page.contains("<script>alert"), "raw HTML passed through");
    assert!(!page.contains("javascript:"));
    assert!(!page.contains("secret.png"));
    for f in &files {
        assert!(!f.split('/').any(|p| p == ".." || p.is_empty()), "{f}");
    }
}

#[test]
fn two_posts_at_one_address_are_an_error_naming_both() {
    let content = tempfile::tempdir().unwrap();
    fs::write(
        content.path().join("a.md"),
        "---\ntitle: A\nslug: same\nstatus: published\n---\nA\n",
    )
    .unwrap();
    fs::create_dir(content.path().join("same")).unwrap();
    fs::write(
        content.path().join("same/index.md"),
        "---\ntitle: B\nstatus: published\n---\nB\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let e = export(content.path(), &site(), out.path(), false).unwrap_err();
    assert_eq!(e.code(), "duplicate_slug");
    let m = e.to_string();
    assert!(m.contains("a.md") && m.contains("same/index.md"), "{m}");
    // Nothing was written: the previous output (none) stays.
    assert!(files(out.path()).is_empty());

    fs::write(
        content.path().join("a.md"),
        "---\ntitle: A\nslug: tags\nstatus: published\n---\nA\n",
    )
    .unwrap();
    let e = export(content.path(), &site(), out.path(), false).unwrap_err();
    assert!(e.to_string().contains("a.md"), "{e}");
}

#[test]
fn an_unreadable_post_is_skipped_with_its_reason() {
    let content = tempfile::tempdir().unwrap();
    fs::write(
        content.path().join("good.md"),
        "---\ntitle: Good\nstatus: published\n---\nFine.\n",
    )
    .unwrap();
    fs::write(
        content.path().join("bad.md"),
        "---\ntitle: [unclosed\n---\nBody\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let summary = export(content.path(), &site(), out.path(), false).unwrap();
    assert_eq!(summary.posts, 1);
    assert_eq!(summary.skipped.len(), 1);
    assert!(
        summary.skipped[0].0 == "bad.md" && summary.skipped[0].1.contains("YAML"),
        "{:?}",
        summary.skipped
    );
}

#[test]
fn the_output_folder_may_not_be_inside_the_content_folder() {
    let content = tempfile::tempdir().unwrap();
    let e = export(
        content.path(),
        &site(),
        &content.path().join("public"),
        false,
    )
    .unwrap_err();
    assert_eq!(e.code(), "output_inside_folder");
}

/// The Nu Html Checker over a sample of every kind of page: zero errors. Needs Java and
/// the `vnu-jar` npm package (`.ci/setup` installs both).
#[test]
fn exported_pages_are_valid_html5() {
    let content = tempfile::tempdir().unwrap();
    copy_sample(content.path());
    generate(&content.path().join("generated"), 12);
    let out = tempfile::tempdir().unwrap();
    export(content.path(), &site(), out.path(), false).unwrap();
    let single = tempfile::tempdir().unwrap();
    let folder = quire_core::folder::ContentFolder::open(content.path()).unwrap();
    let page = quire_export::post::export_post(
        &folder,
        &site(),
        "field-notes-on-bread.md",
        single.path(),
        quire_export::post::Shape::SingleFile,
    )
    .unwrap();
    let mut pages: Vec<_> = files(out.path())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| out.path().join(f))
        .collect();
    pages.push(page);
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run .ci/setup", jar.display());
    let result = std::process::Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("java runs (.ci/setup installs default-jre-headless)");
    let report = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success() && report.trim().is_empty(),
        "{} pages checked:\n{report}",
        pages.len()
    );
}

#[test]
fn a_theme_folder_replaces_the_files_it_has_in_the_site_and_the_preview() {
    let content = tempfile::tempdir().unwrap();
    copy_sample(content.path());
    fs::create_dir(content.path().join("theme")).unwrap();
    fs::write(
        content.path().join("theme/article.css"),
        ".q-title { color: rgb(1, 2, 3); }\n",
    )
    .unwrap();
    fs::write(
        content.path().join("theme/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>Lost in {{ site.title }}</h1>{% endblock %}",
    )
    .unwrap();
    let folder = quire_core::folder::ContentFolder::open(content.path()).unwrap();
    // The preview gets the theme's article stylesheet; without one, the built-in look.
    assert_eq!(
        quire_export::theme::article_css(&folder, "")
            .unwrap()
            .as_deref(),
        Some(".q-title { color: rgb(1, 2, 3); }\n")
    );
    let out = tempfile::tempdir().unwrap();
    export(content.path(), &site(), out.path(), false).unwrap();
    let css = fs::read_to_string(out.path().join("style.css")).unwrap();
    assert!(
        css.starts_with(".q-title { color: rgb(1, 2, 3); }"),
        "the theme's article.css replaces the built-in one"
    );
    assert!(css.contains(".hl-"), "code colours stay");
    let missing = fs::read_to_string(out.path().join("404.html")).unwrap();
    assert!(
        missing.contains("<h1>Lost in My Quire blog</h1>"),
        "{missing}"
    );
    // The other templates are the built-in ones.
    assert!(fs::read_to_string(out.path().join("index.html"))
        .unwrap()
        .contains("q-card"));

    // A theme setting naming no folder is a clear error, not the built-in theme.
    let bare = tempfile::tempdir().unwrap();
    let e = quire_export::theme::article_css(
        &quire_core::folder::ContentFolder::open(bare.path()).unwrap(),
        "themes/none",
    )
    .unwrap_err();
    assert_eq!(e.code(), "bad_setting");
    assert_eq!(
        quire_export::theme::article_css(
            &quire_core::folder::ContentFolder::open(bare.path()).unwrap(),
            ""
        )
        .unwrap(),
        None
    );
}
