//! `quire render`: a post as its finished article page, with the site's defaults.

use std::path::Path;

use anyhow::Context;
use quire_core::article::{self, AssetLinks};
use quire_core::folder;

pub fn run(file: &Path, fragment: bool) -> anyhow::Result<()> {
    let text = folder::read_text(file).with_context(|| format!("reading {}", file.display()))?;
    let site = article::Site::default();
    let article = article::render(&text, &site, &AssetLinks::default())
        .with_context(|| format!("rendering {}", file.display()))?;
    if fragment {
        println!("{}", article.html);
    } else {
        println!("{}", article::page(&article, &site)?);
    }
    Ok(())
}
