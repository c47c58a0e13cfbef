//! Snapshots of rendered article pages, with the real comrak and the real template.

use quire_core::article::{self, AssetLinks, Site};

fn site() -> Site {
    Site {
        title: "Test blog".into(),
        footer: "Footer text".into(),
        author: "Default Author".into(),
        lang: "en".into(),
        ..Site::default()
    }
}

fn render(text: &str) -> String {
    article::render(
        text,
        &site(),
        &AssetLinks {
            prefix: "assets-base/".into(),
            ..AssetLinks::default()
        },
    )
    .unwrap()
    .html
}

#[test]
fn full_front_matter_article() {
    insta::assert_snapshot!(render(
        "---\ntitle: Field notes\nauthor: Iris Vale\navatar: img/iris.png\ndate: 2025-03-14\nlabel: Exclusive\ntags: [bread, craft]\nsummary: What a week of baking taught me.\n---\n\n## Starter\n\n1. Feed it\n2. Wait\n\n| Flour | Water |\n|---|---|\n| 500 g | 375 g |\n\nA note.[^n]\n\n[^n]: Footnote text.\n"
    ));
}

#[test]
fn title_from_heading_and_default_author() {
    insta::assert_snapshot!(render(
        "# Plain file\n\nNo front matter, just `code` and *words*.\n"
    ));
}

#[test]
fn toml_front_matter_and_code() {
    insta::assert_snapshot!(render(
        "+++\ntitle = \"Zola post\"\ndate = 2024-01-02\n[extra]\nlabel = \"Notes\"\n+++\n\n```bash\necho hi\n```\n"
    ));
}

#[test]
fn cjk_reading_time() {
    let text = format!(
        "---\ntitle: 朝\n---\n{}\n",
        "静かな朝の川沿いを歩く。".repeat(100)
    );
    let a = article::render(&text, &site(), &AssetLinks::default()).unwrap();
    // 1,100 CJK characters at 500 a minute: three minutes.
    assert_eq!(a.words, 1_100);
    assert_eq!(a.minutes, 3);
}

#[test]
fn pathological_markdown_renders_in_bounded_time() {
    let nested = "> ".repeat(5_000) + "deep";
    let brackets = "[".repeat(50_000) + &"]".repeat(50_000);
    let stars = "*a **".repeat(20_000);
    for input in [nested, brackets, stars] {
        let started = std::time::Instant::now();
        let _ = article::render(&input, &site(), &AssetLinks::default()).unwrap();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}

/// Code is highlighted by syntect's grammars through Oniguruma, which backtracks: long
/// lines and deep nesting in the languages posts use must still render, and soon.
#[test]
fn pathological_code_highlights_in_bounded_time() {
    let bodies = [
        "(".repeat(20_000) + &")".repeat(20_000),
        "{[".repeat(20_000) + &"]}".repeat(20_000),
        format!("\"{}\"", "\\\"".repeat(100_000)),
        "let a = b + c(d, 'e', \"f\"); // g\n".repeat(20_000),
        "a".repeat(500_000),
        "x = \"".repeat(50_000),
    ];
    let languages = [
        "rust",
        "python",
        "typescript",
        "javascript",
        "sql",
        "bash",
        "toml",
        "go",
        "json",
        "yaml",
        "html",
        "c",
        "css",
    ];
    for body in &bodies {
        for lang in languages {
            let post = format!("# Code\n\n```{lang}\n{body}\n```\n");
            let started = std::time::Instant::now();
            let a = article::render(&post, &site(), &AssetLinks::default()).unwrap();
            let took = started.elapsed();
            assert!(a.html.contains("<pre"), "{lang}: the code is shown");
            assert!(
                took < std::time::Duration::from_secs(5),
                "{lang}, a {} KB block: {took:?}",
                body.len() / 1024
            );
        }
    }
}

#[test]
fn body_images_go_through_the_asset_links() {
    let html = render(
        "![Loaf](img/loaf.svg)\n\n![Far](https://example.org/a.png)\n\n![Out](../secret.png)\n",
    );
    assert!(html.contains("src=\"assets-base/img/loaf.svg\""), "{html}");
    assert!(html.contains("src=\"https://example.org/a.png\""), "{html}");
    assert!(!html.contains("secret"), "{html}");
}
