fn main() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("content");
    let post = |n: usize| {
        format!("---\ntitle: Post {n}\ndate: 2026-01-01\ntags: [a, b]\n---\n\n{}", "## Section\n\nthe quiet harbour morning light writer keeps a notebook of small things. ".repeat(40))
    };
    for i in 0..10_000 {
        let sub = folder.join(format!("s{}", i % 50));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("post-{i}.md")), post(i)).unwrap();
    }
    if std::env::var_os("PARSES").is_some() {
        parses(&folder);
        return;
    }
    if std::env::var_os("PARTS").is_some() {
        parts(&folder);
    }
    for k in 0..3 {
        let t = std::time::Instant::now();
        let blog =
            quire_core::blog::Blog::open(&folder, &dir.path().join(format!("lib{k}.sqlite3")))
                .unwrap();
        blog.scan(0, false, &mut |_, _| {}).unwrap();
        eprintln!("scan {:?}", t.elapsed());
    }
}

#[allow(dead_code)]
fn parts(folder: &std::path::Path) {
    let files: Vec<_> = walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    let t = std::time::Instant::now();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    eprintln!("read {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for x in &texts {
        std::hint::black_box(quire_core::folder::content_hash(x));
    }
    eprintln!("hash {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let mut bodies = Vec::new();
    for x in &texts {
        let (_m, b) = quire_core::frontmatter::read(x).unwrap();
        bodies.push(b);
    }
    eprintln!("front matter {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for b in &bodies {
        std::hint::black_box(quire_core::markdown::count_words(b));
    }
    eprintln!("count words {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for x in &texts {
        std::hint::black_box(zstd::bulk::compress(x.as_bytes(), 1).unwrap());
    }
    eprintln!("zstd (new ctx each) {:?}", t.elapsed());
    let t = std::time::Instant::now();
    for p in &files {
        std::hint::black_box(std::fs::metadata(p).unwrap());
    }
    eprintln!("stat {:?}", t.elapsed());
}

#[allow(dead_code)]
fn parses(folder: &std::path::Path) {
    let files: Vec<_> = walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    let texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let bodies: Vec<&str> = texts
        .iter()
        .map(|x| quire_core::frontmatter::read(x).unwrap().1)
        .collect();
    let mut o = comrak::Options::default();
    o.extension.footnotes = true;
    let t = std::time::Instant::now();
    for b in &bodies {
        let arena = comrak::Arena::new();
        std::hint::black_box(comrak::parse_document(&arena, b, &o));
    }
    eprintln!("parse minimal options {:?}", t.elapsed());
    for (name, f) in [
        ("+table+tasklist", 0),
        ("+autolink", 1),
        ("+strike", 2),
        ("+smart", 3),
    ] {
        if f >= 0 {
            o.extension.table = true;
            o.extension.tasklist = true;
        }
        if f >= 1 {
            o.extension.autolink = true;
        }
        if f >= 2 {
            o.extension.strikethrough = true;
        }
        if f >= 3 {
            o.parse.smart = true;
        }
        let t = std::time::Instant::now();
        for b in &bodies {
            let arena = comrak::Arena::new();
            std::hint::black_box(comrak::parse_document(&arena, b, &o));
        }
        eprintln!("parse {name} {:?}", t.elapsed());
    }
    let o = quire_core::markdown::options();
    let t = std::time::Instant::now();
    for b in &bodies {
        let arena = comrak::Arena::new();
        std::hint::black_box(comrak::parse_document(&arena, b, &o));
    }
    eprintln!("parse our options {:?}", t.elapsed());
}
