//! Puts generated files in place, all or nothing, or compares them with what is on disk;
//! it never overwrites or deletes a file that lacks the generated marker.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::emit::GENERATED_MARKER;
use crate::error::Error;

/// How far into a file the generated marker must appear.
const MARKER_WINDOW: usize = 300;
/// `--check` shows the diff of this many files at most...
const MAX_FILES_SHOWN: usize = 8;
/// ...and this many diff lines of each, so a big change stays readable.
const MAX_DIFF_LINES: usize = 16;

/// Generated files, by path relative to the directory they are written under.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileSet {
    files: BTreeMap<PathBuf, String>,
    /// Generated regions of hand-written files, written only where the file exists.
    regions: BTreeMap<PathBuf, String>,
}

impl FileSet {
    /// Sets the text of the generated region of the hand-written file at `path` (see
    /// [`crate::regions`]); a target without that file is left without it.
    pub fn insert_region(&mut self, path: PathBuf, region: String) {
        self.regions.insert(path, region);
    }

    pub fn insert(&mut self, path: PathBuf, contents: String) {
        self.files.insert(path, contents);
    }

    pub fn get(&self, path: &Path) -> Option<&str> {
        self.files.get(path).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&PathBuf, &String)> {
        self.files.iter()
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// How a file on disk differs from the generated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(PathBuf),
    Changed { path: PathBuf, diff: String },
    Removed(PathBuf),
}

/// Where files go: `root` holds them, and generated files under `owned` (relative to
/// `root`) that are not in the set any more are stale and get removed.
#[derive(Debug, Clone)]
pub struct Target {
    pub root: PathBuf,
    pub owned: Option<PathBuf>,
}

impl Target {
    /// What writing `files` would change.
    pub fn compare(&self, files: &FileSet) -> Result<Vec<Change>, Error> {
        self.compare_resolved(&self.resolve(files)?)
    }

    /// `files` with each region spliced into the file on disk that holds it, as whole
    /// files; regions of files this target lacks are left out.
    fn resolve(&self, files: &FileSet) -> Result<FileSet, Error> {
        let mut resolved = FileSet {
            files: files.files.clone(),
            regions: BTreeMap::new(),
        };
        for (path, region) in &files.regions {
            let full = self.root.join(path);
            if let Some(existing) = read_if_exists(&full)? {
                let spliced = crate::regions::splice(&full, &existing, region)?;
                resolved.files.insert(path.clone(), spliced);
                resolved.regions.insert(path.clone(), String::new());
            }
        }
        Ok(resolved)
    }

    fn compare_resolved(&self, files: &FileSet) -> Result<Vec<Change>, Error> {
        let mut changes = Vec::new();
        for (path, contents) in files.iter() {
            let full = self.root.join(path);
            match read_if_exists(&full)? {
                None => changes.push(Change::Added(path.clone())),
                Some(existing) if existing != *contents => changes.push(Change::Changed {
                    path: path.clone(),
                    diff: bounded_diff(&existing, contents),
                }),
                Some(_) => {}
            }
        }
        for path in self.generated_on_disk()? {
            if files.get(&path).is_none() {
                changes.push(Change::Removed(path));
            }
        }
        Ok(changes)
    }

    /// Writes `files`: every changed file is first written to a staging directory, and
    /// only once all are written are they moved into place and stale files removed.
    pub fn write(&self, files: &FileSet) -> Result<Vec<Change>, Error> {
        let files = &self.resolve(files)?;
        let changes = self.compare_resolved(files)?;
        for change in &changes {
            if let Change::Changed { path, .. } = change {
                let full = self.root.join(path);
                if !files.regions.contains_key(path) && !is_generated(&full)? {
                    return Err(Error::Write {
                        path: full,
                        source: std::io::Error::other(format!(
                            "the file exists and is not generated (no `{GENERATED_MARKER}` \
                             marker), so it is not overwritten"
                        )),
                    });
                }
            }
        }
        if changes.is_empty() {
            return Ok(changes);
        }
        std::fs::create_dir_all(&self.root).map_err(|source| Error::Write {
            path: self.root.clone(),
            source,
        })?;
        let staging = tempfile::Builder::new()
            .prefix(".staging-")
            .tempdir_in(&self.root)
            .map_err(|source| Error::Write {
                path: self.root.clone(),
                source,
            })?;
        let mut staged = Vec::new();
        for change in &changes {
            let path = match change {
                Change::Added(path) | Change::Changed { path, .. } => path,
                Change::Removed(_) => continue,
            };
            let contents = files.get(path).unwrap_or_default();
            let staged_path = staging.path().join(path);
            create_parent(&staged_path)?;
            std::fs::write(&staged_path, contents).map_err(|source| Error::Write {
                path: staged_path.clone(),
                source,
            })?;
            staged.push((staged_path, self.root.join(path)));
        }
        for (from, to) in staged {
            create_parent(&to)?;
            std::fs::rename(&from, &to).map_err(|source| Error::Write { path: to, source })?;
        }
        for change in &changes {
            if let Change::Removed(path) = change {
                let full = self.root.join(path);
                std::fs::remove_file(&full)
                    .map_err(|source| Error::Write { path: full, source })?;
            }
        }
        Ok(changes)
    }

    /// Generated files under the owned directory, relative to the root.
    fn generated_on_disk(&self) -> Result<Vec<PathBuf>, Error> {
        let Some(owned) = &self.owned else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        let mut pending = vec![self.root.join(owned)];
        while let Some(dir) = pending.pop() {
            let entries = match std::fs::read_dir(&dir) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(Error::Read { path: dir, source }),
            };
            for entry in entries {
                let entry = entry.map_err(|source| Error::Read {
                    path: dir.clone(),
                    source,
                })?;
                let path = entry.path();
                if path.is_dir() {
                    pending.push(path);
                } else if is_generated(&path)?
                    && let Ok(relative) = path.strip_prefix(&self.root)
                {
                    found.push(relative.to_owned());
                }
            }
        }
        found.sort();
        Ok(found)
    }
}

/// A readable, bounded account of `changes`, for `--check`.
pub fn summarize(changes: &[Change]) -> String {
    let mut out = String::new();
    let (mut added, mut changed, mut removed) = (0, 0, 0);
    for change in changes {
        match change {
            Change::Added(_) => added += 1,
            Change::Changed { .. } => changed += 1,
            Change::Removed(_) => removed += 1,
        }
    }
    let _ = writeln!(
        out,
        "{} file(s) out of date: {added} to add, {changed} to change, {removed} to remove",
        changes.len()
    );
    for change in changes.iter().take(MAX_FILES_SHOWN) {
        match change {
            Change::Added(path) => {
                let _ = writeln!(out, "  added:   {}", path.display());
            }
            Change::Removed(path) => {
                let _ = writeln!(out, "  removed: {}", path.display());
            }
            Change::Changed { path, diff } => {
                let _ = writeln!(out, "  changed: {}", path.display());
                for line in diff.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
        }
    }
    if changes.len() > MAX_FILES_SHOWN {
        let _ = writeln!(out, "  ... and {} more", changes.len() - MAX_FILES_SHOWN);
    }
    out
}

fn bounded_diff(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let unified = diff.unified_diff().context_radius(1).to_string();
    let lines: Vec<&str> = unified.lines().collect();
    let mut out = lines
        .iter()
        .take(MAX_DIFF_LINES)
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    if lines.len() > MAX_DIFF_LINES {
        let _ = write!(
            out,
            "\n... ({} more diff lines)",
            lines.len() - MAX_DIFF_LINES
        );
    }
    out
}

fn read_if_exists(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Read {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Whether the file carries the generated marker near its start.
fn is_generated(path: &Path) -> Result<bool, Error> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let mut start = vec![0; MARKER_WINDOW];
    let len = file.read(&mut start).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })?;
    Ok(String::from_utf8_lossy(&start[..len]).contains(GENERATED_MARKER))
}

fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_owned(),
            source,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> FileSet {
        let mut set = FileSet::default();
        for (path, contents) in files {
            set.insert(PathBuf::from(path), (*contents).to_owned());
        }
        set
    }

    #[test]
    fn writes_removes_stale_and_spares_hand_written_files() {
        let dir = tempfile::tempdir().unwrap();
        let target = Target {
            root: dir.path().to_owned(),
            owned: Some("gen".into()),
        };
        std::fs::create_dir_all(dir.path().join("gen")).unwrap();
        std::fs::write(dir.path().join("gen/old.rs"), "// @generated\nold").unwrap();
        std::fs::write(dir.path().join("gen/manual.rs"), "// by hand").unwrap();

        let files = set(&[("gen/new.rs", "// @generated\nnew")]);
        let changes = target.write(&files).unwrap();
        assert_eq!(
            changes,
            [
                Change::Added("gen/new.rs".into()),
                Change::Removed("gen/old.rs".into())
            ]
        );
        assert!(dir.path().join("gen/manual.rs").exists());
        assert!(!dir.path().join("gen/old.rs").exists());
        assert!(target.compare(&files).unwrap().is_empty());

        let clash = set(&[("gen/manual.rs", "// @generated\nx")]);
        let error = target.write(&clash).unwrap_err().to_string();
        assert!(error.contains("not overwritten"), "{error}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("gen/manual.rs")).unwrap(),
            "// by hand"
        );
    }

    #[test]
    fn summary_is_bounded() {
        let old: String = (0..100).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..100).map(|i| format!("LINE {i}\n")).collect();
        let diff = bounded_diff(&old, &new);
        assert!(diff.lines().count() <= MAX_DIFF_LINES + 1, "{diff}");
        assert!(diff.contains("more diff lines"), "{diff}");
    }
}
