//! `quire settings`: the blog's settings, each marked where `quire.toml` overrides it.

use quire_core::blog::Blog;

pub fn run(blog: &Blog, key: Option<String>, value: Option<String>) -> anyhow::Result<()> {
    match (key, value) {
        (Some(key), Some(value)) => blog.set_setting(&key, &value)?,
        (Some(key), None) => anyhow::bail!("give a value for {key}: quire settings {key} VALUE"),
        _ => {}
    }
    let site = blog.site()?;
    let from_folder = blog.folder_settings()?;
    for (key, value) in quire_core::settings::list(&site) {
        let note = if from_folder.contains(&key) {
            "  (from quire.toml)"
        } else {
            ""
        };
        println!("{key:<12}{value}{note}");
    }
    Ok(())
}
