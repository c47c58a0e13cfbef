//! `quire render`: a post as its finished article page, with the site's defaults and
//! the markup of the site it belongs to (Hugo's shortcodes beside a `hugo.toml` above it,
//! or the signs in the post itself).

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use quire_core::article::{self, AssetLinks};
use quire_core::{folder, markup};

pub fn run(file: &Path, fragment: bool) -> anyhow::Result<()> {
    let text = folder::read_text(file).with_context(|| format!("reading {}", file.display()))?;
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let site = article::Site {
        markup: Arc::new(markup::of_folder(dir, "auto", std::slice::from_ref(&name))),
        ..article::Site::default()
    };
    let links = AssetLinks {
        path: name,
        ..AssetLinks::default()
    };
    let article = article::render(&text, &site, &links)
        .with_context(|| format!("rendering {}", file.display()))?;
    if fragment {
        println!("{}", article.html);
    } else {
        println!("{}", article::page(&article, &site)?);
    }
    Ok(())
}
