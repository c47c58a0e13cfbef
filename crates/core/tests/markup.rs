//! Hugo's, Jekyll's and Zola's markup as the preview and the export render it: snapshots
//! of every built-in, and `figure` and `highlight` held against what the real Hugo (from
//! apt) renders for the same post.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use quire_core::article::{self, AssetLinks, Site};
use quire_core::markup::{Dialect, Markup, Posts};

fn site(dialect: Dialect, vars: &[(&str, &str)]) -> Site {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Site {
        markup: Arc::new(Markup {
            dialect,
            excerpt_separator: None,
            vars,
            posts: Posts::new([
                "posts/first-light.md",
                "posts/winter/index.md",
                "_posts/2019-03-04-tide-tables.md",
                "blog/harbour.md",
            ]),
        }),
        ..Site::default()
    }
}

fn links() -> AssetLinks {
    AssetLinks {
        root: "../".into(),
        ..AssetLinks::default()
    }
}

/// The rendered body of `text`: the article's HTML from the end of its header on.
fn body(text: &str, site: &Site) -> String {
    article::render_parts(text, site, &links(), false)
        .unwrap()
        .body
}

#[test]
fn hugo_built_ins() {
    insta::assert_snapshot!(body(HUGO_POST, &site(Dialect::Hugo, &[])));
}

/// The same post in the live preview: the same HTML, each block with its source lines,
/// the figure's and boxes' included.
#[test]
fn hugo_built_ins_in_the_preview() {
    let parts =
        article::render_parts(HUGO_POST, &site(Dialect::Hugo, &[]), &links(), true).unwrap();
    insta::assert_snapshot!(parts.body);
}

const HUGO_POST: &str = r#"---
title: Shortcodes
mood: "quietly *pleased*"
---
{{< figure src="boats.png" alt="Boats" title="At dawn" caption="The *harbour*" attr="Me" attrlink="https://example.org/me" link="big.png" class="wide" >}}

{{< highlight go "linenos=table,hl_lines=2" >}}
package main
func main() {}
{{< /highlight >}}

See [the first post]({{< ref "first-light" >}}), [winter]({{< relref "posts/winter" >}}),
and [nothing]({{< ref "no-such-post" >}}); bare: {{< ref "first-light.md#end" >}} and {{< ref "gone" >}}.

{{< youtube w7Ft2ymGmfc >}}

{{< youtube id="w7Ft2ymGmfc" title="Tides at Brest" >}}

{{< vimeo 146022717 >}}

{{< gist spf13 7896402 >}}

{{< x user="SanDiegoZoo" id="1453110110599868418" >}}

{{< instagram BWNjjyYFxVx >}}

Mood: {{< param mood >}}.

{{% notice tip %}}
Inner *Markdown* with {{< param title >}} inside.
{{% /notice %}}

{{< gallery dir="img" />}}

Escaped: {{</* figure src="x.png" */>}}
"#;

#[test]
fn jekyll_tags() {
    let text = r#"---
title: Liquid
---
{% highlight ruby linenos %}
def hi = puts "hi"
{% endhighlight %}

{% raw %}A {{ literal }} and {% tag %}{% endraw %}

Link: [tides]({% post_url 2019-03-04-tide-tables %}), [harbour]({% link blog/harbour.md %}).

Base: {{ site.baseurl }}, title: {{ page.title }}, {{ site.title | upcase }}, {{ "/a.png" | relative_url }}.

{% include note.html kind="tip" %}

{% if page.title %}Shown *inside*{% endif %}

{% comment %}never shown{% endcomment %}Unknown: {{ page.missing }}
"#;
    let site = site(
        Dialect::Jekyll,
        &[
            ("baseurl", "/blog"),
            ("title", "Field Notes"),
            ("url", "https://ex.org"),
        ],
    );
    insta::assert_snapshot!(body(text, &site));
}

#[test]
fn zola_shortcodes() {
    let text = r#"+++
title = "Zola"
+++
{{ resize_image(path="gulls.jpg", width=600, height=400, op="fit") }}

{{ youtube(id="w7Ft2ymGmfc") }}

{% quote(author="Someone") %}
A *quoted* line.
{% end %}

An [internal link](@/blog/harbour.md#moorings) and a [lost one](@/blog/nowhere.md).

{{/* youtube(id="x") */}}
"#;
    insta::assert_snapshot!(body(text, &site(Dialect::Zola, &[])));
}

/// Nothing changes for a plain Quire folder: braces are text.
#[test]
fn a_plain_folder_renders_braces_as_text() {
    let text = "Keep {{< figure src=\"a.png\" >}} and {% raw %} and {{ x() }} as written.\n";
    let plain = body(text, &Site::default());
    assert!(
        plain.contains("{{&lt; figure src=") && plain.contains("{% raw %}"),
        "{plain}"
    );
}

/// Words and the summary skip the markup: a shortcode is not prose, and a `<!--more-->`
/// ends the summary.
#[test]
fn counts_and_summaries_skip_markup() {
    let site = site(Dialect::Hugo, &[]);
    let text = "---\ntitle: T\n---\nOne two {{< figure src=\"a.png\" caption=\"x y z\" >}}.\n\nThree.\n\n<!--more-->\n\nFour five.\n";
    let a = article::render(text, &site, &links()).unwrap();
    assert_eq!(a.words, 5, "{}", a.html);
    assert_eq!(a.excerpt, "One two . Three.");
    assert_eq!(a.images, ["a.png"]);
}

/// A Jekyll post's file name gives the page its date.
#[test]
fn a_jekyll_file_name_dates_the_page() {
    let links = AssetLinks {
        path: "_posts/2019-03-04-tide-tables.md".into(),
        ..links()
    };
    let a = article::render(
        "---\ntitle: Tides\n---\nText.\n",
        &site(Dialect::Jekyll, &[]),
        &links,
    )
    .unwrap();
    assert_eq!(a.meta.date.as_deref(), Some("2019-03-04"));
    assert!(a.html.contains("2019"), "{}", a.html);
}

// ---- Against Hugo itself ----

/// A tag, or a run of text, of an HTML fragment: the shape two renderings must share.
fn shape(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
        } else if rest.starts_with('<') {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = rest[1..end - 1].trim_end_matches('/').trim();
            let mut parts = attributes(tag);
            let name = parts.remove(0);
            parts.sort();
            out.push(format!("<{name} {}>", parts.join(" ")));
            rest = &rest[end..];
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = decode(&rest[..end]);
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                out.push(text);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// A tag's name then its `key="value"` attributes, values unescaped.
fn attributes(tag: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = tag;
    let name_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    parts.push(rest[..name_end].to_string());
    rest = rest[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest.find('=').unwrap_or(rest.len());
        let key = rest[..eq].trim();
        rest = &rest[(eq + 1).min(rest.len())..];
        let value = if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').unwrap_or(r.len());
            let v = &r[..end];
            rest = &r[(end + 1).min(r.len())..];
            v
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let v = &rest[..end];
            rest = &rest[end..];
            v
        };
        parts.push(format!("{key}={}", decode(value)));
        rest = rest.trim_start();
    }
    parts
}

fn decode(s: &str) -> String {
    s.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Renders `posts` (name, Markdown body) with the real Hugo and returns each one's HTML.
fn hugo(dir: &Path, posts: &[(&str, &str)]) -> Vec<String> {
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ndisableKinds = ['taxonomy', 'term', 'RSS', 'sitemap', 'robotsTXT', '404', 'home', 'section']\n[markup.highlight]\nnoClasses = false\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("layouts/_default")).unwrap();
    std::fs::write(dir.join("layouts/_default/single.html"), "{{ .Content }}").unwrap();
    std::fs::create_dir_all(dir.join("content/posts")).unwrap();
    for (name, text) in posts {
        std::fs::write(
            dir.join(format!("content/posts/{name}.md")),
            format!("---\ntitle: {name}\n---\n{text}"),
        )
        .unwrap();
    }
    let run = std::process::Command::new("hugo")
        .args(["--quiet", "--source"])
        .arg(dir)
        .output()
        .expect("hugo runs: .ci/setup installs Debian's hugo");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    posts
        .iter()
        .map(|(name, _)| {
            std::fs::read_to_string(dir.join(format!("public/posts/{name}/index.html"))).unwrap()
        })
        .collect()
}

#[test]
fn figure_renders_as_hugo_renders_it() {
    let figures = [
        r#"{{< figure src="/img/a.png" >}}"#,
        r#"{{< figure src="/img/a.png" alt="Only alt" >}}"#,
        r#"{{< figure src="/img/a.png" caption="A caption" >}}"#,
        r#"{{< figure src="/img/a.png" title="Only title" >}}"#,
        r#"{{< figure src="/img/a.png" caption="Cap" attr="Attr" >}}"#,
        r#"{{< figure src="/img/a.png" caption="The *marked* caption" >}}"#,
        r#"{{< figure src="/img/a.png" alt="Alt text" title="The Title" caption="The caption" attr="Photo by X" attrlink="https://example.com/x" link="https://example.com/full.png" target="_blank" rel="noopener" class="fig-class" width="640" height="480" >}}"#,
    ];
    let dir = tempfile::tempdir().unwrap();
    let posts: Vec<(String, &str)> = figures
        .iter()
        .enumerate()
        .map(|(k, f)| (format!("figure-{k}"), *f))
        .collect();
    let named: Vec<(&str, &str)> = posts.iter().map(|(n, f)| (n.as_str(), *f)).collect();
    let theirs = hugo(dir.path(), &named);
    let site = site(Dialect::Hugo, &[]);
    for (source, hugo_html) in figures.iter().zip(theirs) {
        let ours = body(&format!("---\ntitle: x\n---\n{source}\n"), &site);
        assert_eq!(
            shape(&ours),
            shape(&hugo_html),
            "{source}\nours: {ours}\nhugo: {hugo_html}"
        );
    }
}

/// The code, its numbers and its marked lines as Hugo shows them (the colours are each
/// highlighter's own).
fn code_shape(html: &str) -> (String, Vec<String>, Vec<usize>) {
    let pre_at = |h: &str| h.rfind("<pre").unwrap_or(0);
    // With numbers in a table, the code is the last `<pre>`, the numbers the one before.
    let code_html = &html[pre_at(html)..];
    let numbers: Vec<String> = if html.contains("lntable") {
        let first = &html[..pre_at(html)];
        let first = &first[pre_at(first)..];
        text_of(first)
            .split_whitespace()
            .map(String::from)
            .collect()
    } else {
        Vec::new()
    };
    let code = text_of(code_html);
    let marked = code_html
        .split("<span class=\"line")
        .skip(1)
        .enumerate()
        .filter(|(_, l)| l.starts_with(" hl\""))
        .map(|(k, _)| k + 1)
        .collect();
    (code.trim_end().to_string(), numbers, marked)
}

fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for c in html.chars() {
        match c {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    decode(&out)
}

#[test]
fn highlight_renders_as_hugo_renders_it() {
    let code =
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"hi <there> & you\")\n}";
    let cases = [
        "go",
        "go \"linenos=table\"",
        "go \"hl_lines=2-3 5\"",
        "go \"linenos=table,hl_lines=2,linenostart=5\"",
        "go \"linenos=true,linenostart=10\"",
    ];
    let sources: Vec<String> = cases
        .iter()
        .map(|args| format!("{{{{< highlight {args} >}}}}\n{code}\n{{{{< /highlight >}}}}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..cases.len()).map(|k| format!("code-{k}")).collect();
    let posts: Vec<(&str, &str)> = names
        .iter()
        .zip(&sources)
        .map(|(n, s)| (n.as_str(), s.as_str()))
        .collect();
    let theirs = hugo(dir.path(), &posts);
    let site = site(Dialect::Hugo, &[]);
    for ((args, source), hugo_html) in cases.iter().zip(&sources).zip(theirs) {
        let ours = body(&format!("---\ntitle: x\n---\n{source}"), &site);
        assert!(ours.contains("hl-"), "highlighted: {ours}");
        assert_eq!(
            code_shape(&ours),
            code_shape(&hugo_html),
            "{args}\nours: {ours}\nhugo: {hugo_html}"
        );
    }
}

/// A temp dir with a `content/` folder, and a `hugo.toml` beside it if `configured`.
fn hugo_site(configured: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    if configured {
        std::fs::write(
            dir.path().join("hugo.toml"),
            "baseURL = 'https://ex.org/'\n",
        )
        .unwrap();
    }
    let folder = dir.path().join("content");
    std::fs::create_dir_all(&folder).unwrap();
    (dir, folder)
}

/// The list counts a post's words as its article does: a shortcode's parameters are not
/// words, a box's inner text is. In a folder whose site says Hugo, and in one that only
/// its posts show to be Hugo's.
#[test]
fn the_list_counts_words_as_the_article_does() {
    let text = "---\ntitle: Walk\nstatus: published\n---\nOut past the mill and back.\n\n\
                {{< figure src=\"mill.jpg\" caption=\"The *old* mill\" alt=\"a long alt text here\" >}}\n\n\
                {{< youtube id=\"w7Ft2ymGmfc\" title=\"Many words in this title\" >}}\n\n\
                {{% notice tip %}}Mind the stiles.{{% /notice %}}\n";
    for configured in [true, false] {
        let (dir, folder) = hugo_site(configured);
        std::fs::write(folder.join("walk.md"), text).unwrap();
        let blog = quire_core::blog::Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
        blog.scan(1, false, &mut |_, _| {}).unwrap();
        let site = blog.site().unwrap();
        assert_eq!(site.markup.dialect, Dialect::Hugo);
        let article = article::render(text, &site, &AssetLinks::default()).unwrap();
        let listed = blog.posts().unwrap()[0].words;
        assert_eq!(listed, Some(article.words), "configured: {configured}");
        // Out past the mill and back (6), The old mill (3), Mind the stiles (3).
        assert_eq!(article.words, 12);
    }
}

/// The characters placeholders are made of, typed or pasted by the author, stay text:
/// they can neither stand for a shortcode's HTML nor cut the page's HTML short.
#[test]
fn typed_placeholder_characters_stay_text() {
    let text = "---\ntitle: x\n---\n![\u{E000}](nope.png) {{< youtube abc >}} [y](x/onerror=alert(1)//)\n\n\u{E000}\u{E010}\u{E001} and more.\n";
    let html = body(text, &site(Dialect::Hugo, &[]));
    assert!(
        html.contains("<a href=\"x/onerror=alert(1)//\">y</a>"),
        "{html}"
    );
    assert!(
        html.contains("watch?v=abc") && html.contains("and more."),
        "{html}"
    );
    assert!(
        !html.contains('\u{E000}') && !html.contains('\u{E001}'),
        "{html}"
    );
}

/// A plain folder is as it was: a dated file name is only a name, and `<!--more-->` is a
/// comment, the summary still the first paragraph.
#[test]
fn a_plain_folder_keeps_its_names_and_summaries() {
    let links = AssetLinks {
        path: "2024-05-01-trip.md".into(),
        ..links()
    };
    let text = "---\ntitle: Trip\n---\nFirst.\n\nSecond.\n\n<!--more-->\n\nThird.\n";
    let a = article::render(text, &Site::default(), &links).unwrap();
    assert_eq!((a.meta.date, a.meta.slug), (None, None));
    assert_eq!(a.excerpt, "First.");
    let hugo = article::render(text, &site(Dialect::Hugo, &[]), &links).unwrap();
    assert_eq!(hugo.excerpt, "First. Second.");
}

/// The list's count of a post's words follows the dialect the folder is set to: a
/// shortcode is markup to Hugo, and text to a plain folder.
#[test]
fn changing_the_dialect_counts_the_words_again() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("post.md"),
        "---\ntitle: Harbour\n---\n\nBoats came in.\n\n{{< youtube id=\"abc123\" title=\"A long video title here\" >}}\n",
    )
    .unwrap();
    let blog = quire_core::blog::Blog::open(&content, &dir.path().join("library.sqlite3")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    // Said to be a plain folder: the braces are its author's words.
    blog.set_setting("dialect", "quire").unwrap();
    while blog.count_words(64).unwrap() > 0 {}
    let words = |blog: &quire_core::blog::Blog| blog.posts().unwrap()[0].words;
    let plain = words(&blog).expect("counted");

    blog.set_setting("dialect", "hugo").unwrap();
    assert_eq!(words(&blog), None, "a stale count is not shown");
    assert!(blog.words_to_count().unwrap() > 0);
    while blog.count_words(64).unwrap() > 0 {}
    let hugo = words(&blog).expect("counted again");
    assert!(
        hugo < plain,
        "the shortcode is no prose to Hugo: {hugo} against {plain}"
    );

    // The same setting again changes nothing, and counts nothing again.
    blog.set_setting("dialect", "hugo").unwrap();
    assert_eq!(words(&blog), Some(hugo));
}

/// A `ref` and a `relref` to a post whose front matter gives it a `slug:` go where
/// that post is published, as the library last read it; a slug changed
/// and scanned moves them, and the site's fingerprint with them.
#[test]
fn links_to_a_post_go_where_its_slug_publishes_it() {
    let (dir, folder) = hugo_site(true);
    let target = |slug: &str| format!("---\ntitle: The Mill\nslug: {slug}\n---\nStones.\n");
    std::fs::write(folder.join("mill-notes.md"), target("Old Mill Road")).unwrap();
    let linker = "---\ntitle: Walk\n---\nSee [the mill]({{< ref \"mill-notes.md\" >}}) or \
                  {{< relref \"mill-notes\" >}}; [lost]({{< ref \"nowhere.md\" >}}).\n";
    std::fs::write(folder.join("walk.md"), linker).unwrap();
    let blog = quire_core::blog::Blog::open(&folder, &dir.path().join("lib.sqlite3")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    let site = blog.site().unwrap();
    let html = body(linker, &site);
    assert!(html.contains("href=\"../old-mill-road/\""), "{html}");
    assert!(html.contains("../old-mill-road/;"), "{html}");
    assert!(!html.contains("mill-notes/"), "{html}");

    std::fs::write(folder.join("mill-notes.md"), target("mill")).unwrap();
    blog.scan(1, false, &mut |_, _| {}).unwrap();
    let moved = blog.site().unwrap();
    assert!(body(linker, &moved).contains("href=\"../mill/\""));
    assert_ne!(
        site.markup.fingerprint(),
        moved.markup.fingerprint(),
        "the export renders the linking post again"
    );
}
