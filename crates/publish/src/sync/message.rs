//! The message of a sync's commit, naming what changed as the author knows it: by the
//! posts' titles, not their file names ("Edit "Field Notes on Bread", add "Winter Light";
//! 2 posts"), every file listed in the body.

use std::sync::atomic::AtomicBool;

use quire_core::blog::post_title;
use quire_core::folder::is_post_path;

use super::posts;
use super::repository::{split_z, Repository};
use crate::Result;

/// How many titles one verb names before "and N more".
const TITLES: usize = 3;

/// A commit message.
pub(crate) struct Message {
    /// Its first line.
    pub subject: String,
    /// The whole message.
    pub full: String,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Verb {
    Edit,
    Add,
    Rename,
    Remove,
}

impl Verb {
    fn word(self) -> &'static str {
        match self {
            Verb::Edit => "edit",
            Verb::Add => "add",
            Verb::Rename => "rename",
            Verb::Remove => "remove",
        }
    }
}

/// The message for the staged changes `name_status` (`git diff --cached --name-status -z
/// -M`); `None` when nothing is staged.
pub(crate) fn for_commit(
    repo: &Repository,
    name_status: &[u8],
    cancel: &AtomicBool,
) -> Result<Option<Message>> {
    let mut entries = split_z(name_status);
    // (verb, path from the top, title when a post)
    let mut changes: Vec<(Verb, String, Option<String>)> = Vec::new();
    let mut body = Vec::new();
    while let Some(status) = entries.next() {
        let verb = match status.chars().next() {
            Some('A') | Some('C') => Verb::Add,
            Some('D') => Verb::Remove,
            Some('R') => {
                let from = entries.next().unwrap_or("");
                let to = entries.next().unwrap_or("");
                body.push(format!("R {from} -> {to}"));
                changes.push((Verb::Rename, to.to_string(), None));
                continue;
            }
            _ => Verb::Edit,
        };
        let path = entries.next().unwrap_or("");
        body.push(format!("{} {path}", &status[..1]));
        changes.push((verb, path.to_string(), None));
    }
    if changes.is_empty() {
        return Ok(None);
    }
    for (verb, path, title) in &mut changes {
        let Some(rel) = repo.in_content(path) else {
            continue;
        };
        if !is_post_path(rel) {
            continue;
        }
        // A removed post's title is in the commit it was removed from.
        let text = if *verb == Verb::Remove {
            let ran = repo.try_git(&["show", &format!("HEAD:{path}")], None, cancel)?;
            String::from_utf8_lossy(&ran.stdout).into_owned()
        } else {
            std::fs::read_to_string(repo.top().join(&*path)).unwrap_or_default()
        };
        *title = Some(post_title(rel, &text));
    }
    let subject = subject(&changes);
    let full = format!("{subject}\n\n{}\n", body.join("\n"));
    Ok(Some(Message { subject, full }))
}

fn subject(changes: &[(Verb, String, Option<String>)]) -> String {
    let mut clauses = Vec::new();
    for verb in [Verb::Edit, Verb::Add, Verb::Rename, Verb::Remove] {
        let titles: Vec<&str> = changes
            .iter()
            .filter(|(v, _, t)| *v == verb && t.is_some())
            .filter_map(|(_, _, t)| t.as_deref())
            .collect();
        if titles.is_empty() {
            continue;
        }
        let mut named = titles
            .iter()
            .take(TITLES)
            .map(|t| format!("\"{t}\""))
            .collect::<Vec<_>>()
            .join(", ");
        if titles.len() > TITLES {
            named.push_str(&format!(" and {} more", titles.len() - TITLES));
        }
        clauses.push(format!("{} {named}", verb.word()));
    }
    let post_count = changes.iter().filter(|(_, _, t)| t.is_some()).count();
    let others = changes.len() - post_count;
    let mut counts = Vec::new();
    if post_count > 0 {
        counts.push(posts(post_count));
    }
    if others > 0 {
        counts.push(if others == 1 {
            "1 other file".to_string()
        } else {
            format!("{others} other files")
        });
    }
    let mut subject = if clauses.is_empty() {
        format!("update {}", counts.join(", ").replace(" other ", " "))
    } else {
        format!("{}; {}", clauses.join(", "), counts.join(", "))
    };
    subject[..1].make_ascii_uppercase();
    subject
}

#[cfg(test)]
mod tests {
    use super::{subject, Verb};

    fn post(verb: Verb, title: &str) -> (Verb, String, Option<String>) {
        (verb, format!("{title}.md"), Some(title.to_string()))
    }

    #[test]
    fn subjects_name_posts_by_title() {
        assert_eq!(
            subject(&[
                post(Verb::Edit, "Field Notes on Bread"),
                post(Verb::Add, "Winter Light")
            ]),
            "Edit \"Field Notes on Bread\", add \"Winter Light\"; 2 posts"
        );
        let image = (Verb::Add, "assets/a.png".to_string(), None);
        assert_eq!(
            subject(&[post(Verb::Remove, "Old"), image.clone()]),
            "Remove \"Old\"; 1 post, 1 other file"
        );
        assert_eq!(subject(&[image.clone(), image]), "Update 2 files");
        let many: Vec<_> = ["A", "B", "C", "D", "E"]
            .iter()
            .map(|t| post(Verb::Edit, t))
            .collect();
        assert_eq!(
            subject(&many),
            "Edit \"A\", \"B\", \"C\" and 2 more; 5 posts"
        );
    }
}
