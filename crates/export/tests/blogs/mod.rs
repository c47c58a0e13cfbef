//! Real blogs as they are: a Hugo-style and a Jekyll-style site, exported with the
//! markup Quire finds in them, publish their posts as the generators would and show no
//! shortcode or Liquid tag as raw text.

use std::path::Path;
use std::sync::Arc;

use quire_core::article::Site;
use quire_core::markup;

use crate::common::{export, files};

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The site settings with the markup found in `root`, as `Blog::site` makes them.
fn site_for(root: &Path) -> Site {
    let paths: Vec<String> = quire_core::folder::ContentFolder::open(root)
        .unwrap()
        .scan()
        .unwrap();
    Site {
        markup: Arc::new(markup::of_folder(root, "auto", &paths)),
        ..crate::common::site()
    }
}

/// The pages of an export that show a tag as text: `{{<`, `{{%`, `{%` or `{{` outside
/// code, where a reader would see braces.
fn raw_markup_pages(out: &Path) -> Vec<String> {
    files(out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter(|f| {
            let html = std::fs::read_to_string(out.join(f)).unwrap();
            ["{{&lt;", "{{%", "{%", "{{ "]
                .iter()
                .any(|s| html.contains(s))
        })
        .collect()
}

#[test]
fn a_hugo_site_publishes_its_posts_with_shortcodes_rendered() {
    let site_dir = tempfile::tempdir().unwrap();
    write(
        site_dir.path(),
        "hugo.toml",
        "baseURL = 'https://example.org/'\n",
    );
    let content = site_dir.path().join("content");
    for k in 0..12 {
        write(
            &content,
            &format!("posts/walk-{k}.md"),
            &format!(
                "---\ntitle: Walk {k}\ndate: 2024-03-{:02}\n---\nOut past the mill.\n\n{{{{< figure src=\"/img/mill.jpg\" caption=\"The mill\" >}}}}\n\n{{{{< highlight rust >}}}}\nfn main() {{}}\n{{{{< /highlight >}}}}\n\nSee [the next]({{{{< ref \"walk-{}\" >}}}}).\n\n{{{{< youtube w7Ft2ymGmfc >}}}}\n\n{{{{% notice %}}}}Mind the *stiles*.{{{{% /notice %}}}}\n",
                k + 1,
                (k + 1) % 12
            ),
        );
    }
    write(
        &content,
        "posts/unfinished.md",
        "---\ntitle: Unfinished\ndraft: true\n---\nNot yet.\n",
    );
    let site = site_for(&content);
    assert_eq!(site.markup.dialect, markup::Dialect::Hugo);
    let out = tempfile::tempdir().unwrap();
    let summary = export(&content, &site, out.path(), false).unwrap();
    assert_eq!(
        summary.posts, 12,
        "no status is published, draft: true is not"
    );
    assert!(
        raw_markup_pages(out.path()).is_empty(),
        "{:?}",
        raw_markup_pages(out.path())
    );
    let page = std::fs::read_to_string(out.path().join("walk-3/index.html")).unwrap();
    assert!(
        page.contains("<figcaption><p>The mill</p></figcaption>"),
        "{page}"
    );
    assert!(page.contains("href=\"../walk-4/\""), "{page}");
    assert!(page.contains("youtube.com/watch?v=w7Ft2ymGmfc"), "{page}");
    assert!(!page.contains("<iframe"), "{page}");
}

#[test]
fn a_jekyll_site_takes_dates_and_slugs_from_file_names() {
    let site_dir = tempfile::tempdir().unwrap();
    let root = site_dir.path();
    write(root, "_config.yml", "title: Tides\nbaseurl: /tides\n");
    write(
        root,
        "_posts/2019-03-04-neap-tides.md",
        "---\ntitle: Neap tides\n---\n{% highlight ruby %}\nputs 1\n{% endhighlight %}\n\n[Spring]({% post_url 2019-04-01-spring-tides %}) on {{ site.title }}.\n\n{% include chart.html %}\n",
    );
    write(
        root,
        "_posts/2019-04-01-spring-tides.md",
        "---\ntitle: Spring tides\nlayout: post\n---\nHigh water.\n",
    );
    write(
        root,
        "_posts/2019-05-01-hidden.md",
        "---\ntitle: Hidden\npublished: false\n---\nNo.\n",
    );
    write(root, "_drafts/ebb.md", "---\ntitle: Ebb\n---\nLater.\n");
    let site = site_for(root);
    assert_eq!(site.markup.dialect, markup::Dialect::Jekyll);
    let out = tempfile::tempdir().unwrap();
    let summary = export(root, &site, out.path(), false).unwrap();
    assert_eq!(summary.posts, 2);
    assert!(out.path().join("neap-tides/index.html").is_file());
    assert!(!out.path().join("ebb/index.html").exists());
    assert!(
        raw_markup_pages(out.path()).is_empty(),
        "{:?}",
        raw_markup_pages(out.path())
    );
    let page = std::fs::read_to_string(out.path().join("neap-tides/index.html")).unwrap();
    assert!(page.contains("2019"), "the file name's date: {page}");
    assert!(
        page.contains("href=\"../spring-tides/\"") && page.contains("on Tides."),
        "{page}"
    );
    assert!(page.contains("data-shortcode=\"include\""), "{page}");
}

/// A post's `aliases` (Hugo's, and what an import writes for the old addresses) get a
/// page each that sends readers on; one that would leave the site or take a page's place
/// does not.
#[test]
fn aliases_send_readers_on() {
    let content = tempfile::tempdir().unwrap();
    write(
        content.path(),
        "heron.md",
        "---\ntitle: Heron at the weir\ndate: 2019-03-14\naliases:\n  - /2019/03/heron-at-the-weir/\n  - old-heron.html\n  - ../../escape/\n  - /tags/\n  - /coots/\n  - /a//b/\n  - style.css/\n---\nStill there.\n",
    );
    write(
        content.path(),
        "coots.md",
        "---\ntitle: Coots\ndate: 2019-03-15\n---\nTwo.\n",
    );
    let site = site_for(content.path());
    let out = tempfile::tempdir().unwrap();
    export(content.path(), &site, out.path(), false).unwrap();
    let moved =
        std::fs::read_to_string(out.path().join("2019/03/heron-at-the-weir/index.html")).unwrap();
    assert!(moved.contains("url=../../../heron/\""), "{moved}");
    assert!(
        moved.contains("<link rel=\"canonical\" href=\"../../../heron/\">"),
        "{moved}"
    );
    let flat = std::fs::read_to_string(out.path().join("old-heron.html")).unwrap();
    assert!(flat.contains("url=heron/\""), "{flat}");
    let coots = std::fs::read_to_string(out.path().join("coots/index.html")).unwrap();
    assert!(coots.contains("Two."), "the post's own page stays: {coots}");
    assert!(!out.path().parent().unwrap().join("escape").exists());
    assert!(files(out.path()).iter().all(|f| !f.contains("escape")));
    assert!(
        out.path().join("a/b/index.html").is_file(),
        "empty segments collapse"
    );
    assert!(
        out.path().join("style.css").is_file(),
        "a file of the site's is never a folder"
    );
}
