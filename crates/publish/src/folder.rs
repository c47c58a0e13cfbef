//! A mounted or synced folder as a target (a NAS, a Syncthing or Dropbox folder): files
//! are compared by content with what is there, each copied whole (a temp file renamed
//! over), and only files Quire published before are ever deleted.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::listing::{sent, Listing};
use crate::mirror::Mirror;
use crate::{Error, Result};

/// The folder target at `dir`.
pub(crate) struct Folder {
    pub dir: PathBuf,
}

impl Mirror for Folder {
    fn differing(
        &self,
        _from: &Path,
        local: &Listing,
        _sent: &Listing,
        _cancel: &AtomicBool,
    ) -> Result<BTreeSet<String>> {
        Ok(local
            .par_iter()
            .filter(|(rel, want)| {
                let path = self.dir.join(rel);
                match fs::metadata(&path) {
                    Ok(m) if m.len() == want.size => {
                        fs::read(&path).map_or(true, |bytes| sent(&bytes).hash != want.hash)
                    }
                    _ => true,
                }
            })
            .map(|(rel, _)| rel.clone())
            .collect())
    }

    fn size(&self, _known: usize) -> usize {
        walk_count(&self.dir)
    }

    fn upload(
        &self,
        from: &Path,
        files: &[String],
        cancel: &AtomicBool,
        sent: &dyn Fn(&str),
    ) -> Result<()> {
        for rel in files {
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            let to = self.dir.join(rel);
            let parent = to.parent().unwrap_or(&self.dir);
            fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
            let temp = parent.join(format!(
                ".{}.quire-part",
                to.file_name().unwrap_or_default().to_string_lossy()
            ));
            fs::copy(from.join(rel), &temp).map_err(Error::io("write", &temp))?;
            fs::rename(&temp, &to).map_err(Error::io("write", &to))?;
            sent(rel);
        }
        Ok(())
    }

    /// Also removes the folders the files leave empty (never the target's own).
    fn delete(&self, files: &[String], _cancel: &AtomicBool) -> Result<()> {
        for rel in files {
            let path = self.dir.join(rel);
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io("delete", path)(e)),
            }
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != self.dir && d.starts_with(&self.dir)) {
                // Fails on a folder that still holds something: that is where it stops.
                if fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        Ok(())
    }
}

fn walk_count(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => walk_count(&e.path()),
            Ok(_) => 1,
            Err(_) => 0,
        })
        .sum()
}
