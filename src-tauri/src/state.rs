use std::sync::{Mutex, MutexGuard};

use quire_core::article::Site;
use quire_core::blog::Blog;
use quire_core::folder::ContentFolder;
use quire_core::locations::Locations;

use crate::error::ShellError;

pub struct AppState {
    blog: Mutex<Blog>,
    /// Read once at start: rendering on every keystroke must not wait for the library lock.
    pub site: Site,
    pub locations: Locations,
    /// For serving assets without taking the library lock.
    pub folder: ContentFolder,
}

impl AppState {
    pub fn open(locations: &Locations) -> quire_core::Result<AppState> {
        let blog = Blog::open(&locations.folder, &locations.library)?;
        blog.scan(crate::commands::now_ms(), false, &mut |_, _| {})?;
        let site = blog.site()?;
        let folder = blog.folder().clone();
        Ok(AppState {
            folder,
            blog: Mutex::new(blog),
            site,
            locations: locations.clone(),
        })
    }

    pub fn blog(&self) -> Result<MutexGuard<'_, Blog>, ShellError> {
        self.blog.lock().map_err(|_| ShellError::poisoned())
    }
}
