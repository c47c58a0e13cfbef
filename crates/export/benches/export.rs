//! Exporting a generated blog of 1,000 and 10,000 posts like authors' (200 to 2,500 words:
//! headings, nested lists, tables, code in several languages, footnotes, images, CJK
//! paragraphs): cold,
//! and again with one post changed, beside Debian's `hugo` building the same files with
//! an equivalent minimal theme (pages, paginated index, tags, feeds, sitemap) in the same
//! run. `cargo bench -p quire-export`; Hugo is skipped if it is not installed.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use quire_core::article::Site;
use quire_core::folder::ContentFolder;
use quire_export::site::{export_site, Options};

const SIZES: &[usize] = &[1_000, 10_000];

/// The images the corpus's posts show.
const IMAGES: usize = 24;

fn generate(dir: &Path, n: usize) {
    fs::create_dir_all(dir.join("images")).unwrap();
    for k in 0..IMAGES {
        fs::write(
            dir.join(format!("images/photo-{k}.jpg")),
            [0xff, 0xd8, 0xff, k as u8],
        )
        .unwrap();
    }
    for i in 0..n {
        fs::write(
            dir.join(format!("post-{i:05}.md")),
            quire_corpus::realistic::blog_post(i, ""),
        )
        .unwrap();
    }
}

/// A Hugo site over the same posts, with a theme that makes the same pages.
fn hugo_site(root: &Path, n: usize) {
    generate(&root.join("content/posts"), n);
    // Hugo serves a post's images from a page bundle or static/; give it the same file.
    fs::create_dir_all(root.join("static/posts/images")).unwrap();
    for k in 0..IMAGES {
        let name = format!("photo-{k}.jpg");
        fs::copy(
            root.join("content/posts/images").join(&name),
            root.join("static/posts/images").join(&name),
        )
        .unwrap();
    }
    fs::remove_dir_all(root.join("content/posts/images")).unwrap();
    fs::write(
        root.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\ntitle = \"Bench\"\nlanguageCode = \"en\"\n[pagination]\npagerSize = 10\n[markup.highlight]\nnoClasses = false\n[taxonomies]\ntag = \"tags\"\n",
    )
    .unwrap();
    let layouts = root.join("layouts/_default");
    fs::create_dir_all(&layouts).unwrap();
    fs::write(layouts.join("baseof.html"), "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title><link rel=\"canonical\" href=\"{{ .Permalink }}\"><link rel=\"stylesheet\" href=\"/style.css\"></head><body>{{ block \"main\" . }}{{ end }}</body></html>").unwrap();
    fs::write(layouts.join("single.html"), "{{ define \"main\" }}<article><p>{{ .Date.Format \"Monday, January 2, 2006\" }}</p><h1>{{ .Title }}</h1><p>{{ .ReadingTime }} min read</p>{{ range .Params.tags }}<a href=\"/tags/{{ . | urlize }}/\">#{{ . }}</a>{{ end }}{{ .Content }}</article>{{ with .PrevInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ with .NextInSection }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}").unwrap();
    fs::write(layouts.join("list.html"), "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ range .Paginator.Pages }}<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2><p>{{ .Date.Format \"2006-01-02\" }} · {{ .ReadingTime }} min</p><p>{{ .Summary }}</p></article>{{ end }}{{ end }}").unwrap();
    fs::write(layouts.join("index.html"), "{{ define \"main\" }}{{ range (.Paginate (where .Site.RegularPages \"Section\" \"posts\")).Pages }}<article><h2><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></h2><p>{{ .Params.summary }}</p></article>{{ end }}{{ end }}").unwrap();
}

fn site() -> Site {
    Site {
        base_url: "https://example.org/".into(),
        ..Site::default()
    }
}

fn quire_export(content: &Path, out: &Path) {
    let folder = ContentFolder::open(content).unwrap();
    let options = Options {
        drafts: false,
        today: "2030-01-01".into(),
        records: out.with_extension("records"),
    };
    export_site(
        &folder,
        &site(),
        out,
        &options,
        &AtomicBool::new(false),
        &|_, _| {},
    )
    .unwrap();
}

fn bench(c: &mut Criterion) {
    let has_hugo = Command::new("hugo").arg("version").output().is_ok();
    for &n in SIZES {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        generate(&content, n);
        let out = dir.path().join("out");

        let mut group = c.benchmark_group(format!("export_{n}"));
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if n > 1_000 { 60 } else { 15 }));
        group.bench_function("quire_cold", |b| {
            b.iter_batched(
                || {
                    // Cold: neither the site nor the manifest of the last export.
                    let _ = fs::remove_dir_all(&out);
                    let _ = fs::remove_dir_all(out.with_extension("records"));
                },
                |()| quire_export(&content, &out),
                BatchSize::PerIteration,
            )
        });
        quire_export(&content, &out);
        let mut edit = 0;
        group.bench_function("quire_one_changed", |b| {
            b.iter_batched(
                || {
                    edit += 1;
                    let p = content.join("post-00007.md");
                    let text = fs::read_to_string(&p).unwrap();
                    fs::write(&p, text + &format!("\nOne more line, edit {edit}.\n")).unwrap();
                },
                |()| quire_export(&content, &out),
                BatchSize::PerIteration,
            )
        });
        if has_hugo {
            let hugo = dir.path().join("hugo");
            hugo_site(&hugo, n);
            let run = |args: &[&str]| {
                let status = Command::new("hugo")
                    .args(["--quiet", "-s"])
                    .arg(&hugo)
                    .args(args)
                    .status()
                    .unwrap();
                assert!(status.success());
            };
            group.bench_function("hugo_cold", |b| {
                b.iter_batched(
                    || {
                        let _ = fs::remove_dir_all(hugo.join("public"));
                        let _ = fs::remove_dir_all(hugo.join("resources"));
                    },
                    |()| run(&["--noBuildLock"]),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
