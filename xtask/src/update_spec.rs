//! `cargo xtask update-spec`: moves the repository to a new Stripe spec in one step, all
//! or nothing: the vendored spec and its provenance, the fragment, the generated crate,
//! the changelog and the crate's version.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::api_diff::{self, Impact};
use crate::commands::{
    Layout, Timings, callable_operations, codegen_target, fragment_text, generate,
};
use crate::error::Error;
use crate::source::SpecFile;

/// Where the new spec comes from, beyond its contents: the release of Stripe's
/// repository it was published as, and when.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The release tag (`v524`); `None` when the spec did not come from a release.
    pub tag: Option<String>,
    /// The release date (`2023-09-12`); `None` for today's date.
    pub date: Option<String>,
}

/// What `update-spec` did, for its summary and for the caller's pull request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The spec is the one already vendored; nothing was written.
    AlreadyCurrent { sha256: String },
    Updated {
        api_version: String,
        crate_version: String,
        breaking: bool,
        /// The `api-diff` report, as put at the top of the changelog.
        report: String,
    },
}

/// The lines of `spec/stripe/README.md` that record where the vendored spec came from.
const TAG_LINE: &str = "- Release tag: ";
const DATE_LINE: &str = "- Release date: ";
const VERSION_LINE: &str = "- API version (`info.version`): ";
const SHA_LINE: &str = "- sha256: ";

/// Updates the repository at `layout` to the spec in `file`.
pub fn update_spec(
    layout: &Layout,
    file: &Path,
    provenance: &Provenance,
) -> Result<Outcome, Error> {
    let bytes = read(file)?;
    let sha256 = hex(&Sha256::digest(&bytes));
    let readme_path = layout.root.join("spec/stripe/README.md");
    let readme = read_text(&readme_path)?;
    if recorded(&readme, SHA_LINE).map(|s| s.trim_matches('`')) == Some(sha256.as_str()) {
        return Ok(Outcome::AlreadyCurrent { sha256 });
    }

    // Everything is computed, and every check passes, before the first write.
    let spec = SpecFile::read(file)?;
    let operations = callable_operations(&spec)?.callable;
    let fragment = fragment_text(&spec, &operations)?;
    let staging = tempfile::tempdir().map_err(|source| Error::Write {
        path: std::env::temp_dir(),
        source,
    })?;
    let staged_fragment = staging.path().join("fragment.yaml");
    write(&staged_fragment, &fragment)?;
    let files = generate(&staged_fragment, &mut Timings::default())?;
    let old = crate::commands::read_model(&layout.fragment())?;
    let new = crate::commands::read_model(&staged_fragment)?;
    let changes = api_diff::compare(&old, &new);
    let breaking = changes.iter().any(|c| c.impact == Impact::Breaking);
    let report = api_diff::render(&old.version, &new.version, &changes);

    let manifest_path = layout.crate_dir().join("Cargo.toml");
    let manifest = read_text(&manifest_path)?;
    let current = package_version(&manifest).ok_or_else(|| Error::Spec {
        path: manifest_path.clone(),
        pointer: String::new(),
        problem: "no `version = \"x.y.z\"` line in [package]".to_owned(),
    })?;
    let next = next_version(&current, breaking).ok_or_else(|| Error::Spec {
        path: manifest_path.clone(),
        pointer: String::new(),
        problem: format!("the version {current:?} is not `major.minor.patch`"),
    })?;
    let lock_path = layout.root.join("Cargo.lock");
    let lock = read_text(&lock_path)?;
    let lock =
        set_locked_version(&lock, "stripe-api", &current, &next).ok_or_else(|| Error::Spec {
            path: lock_path.clone(),
            pointer: String::new(),
            problem: format!("no `stripe-api` {current} package to bump"),
        })?;
    let manifest = manifest.replacen(
        &format!("version = \"{current}\""),
        &format!("version = \"{next}\""),
        1,
    );
    let date = provenance.date.clone().unwrap_or_else(today);
    let tag = provenance.tag.clone().unwrap_or_else(|| "none".to_owned());
    let readme = set_recorded(&readme, TAG_LINE, &tag)
        .and_then(|r| set_recorded(&r, DATE_LINE, &date))
        .and_then(|r| set_recorded(&r, VERSION_LINE, &format!("**{}**", new.version)))
        .and_then(|r| set_recorded(&r, SHA_LINE, &format!("`{sha256}`")))
        .ok_or_else(|| Error::Spec {
            path: readme_path.clone(),
            pointer: String::new(),
            problem: format!(
                "the provenance lines (`{TAG_LINE}`, `{DATE_LINE}`, `{VERSION_LINE}`, \
                 `{SHA_LINE}`) are missing"
            ),
        })?;
    let changelog_path = layout.root.join("CHANGELOG.md");
    let changelog = std::fs::read_to_string(&changelog_path).unwrap_or_default();
    let changelog = with_release(&changelog, &next, &new.version, &date, &report);
    let (vendored, other) = vendored_names(layout, &bytes);

    codegen_target(layout.crate_dir()).write(&files)?;
    write(&layout.fragment(), &fragment)?;
    write_bytes(&vendored, &bytes)?;
    if other.exists() {
        std::fs::remove_file(&other).map_err(|source| Error::Write {
            path: other.clone(),
            source,
        })?;
    }
    write(&readme_path, &readme)?;
    write(&manifest_path, &manifest)?;
    write(&lock_path, &lock)?;
    write(&changelog_path, &changelog)?;
    Ok(Outcome::Updated {
        api_version: new.version,
        crate_version: next,
        breaking,
        report,
    })
}

/// The summary `update-spec` prints.
pub fn summary(outcome: &Outcome) -> String {
    match outcome {
        Outcome::AlreadyCurrent { sha256 } => {
            format!("the vendored spec is already this one (sha256 {sha256}); nothing changed")
        }
        Outcome::Updated {
            api_version,
            crate_version,
            breaking,
            report,
        } => {
            let kind = if *breaking { "breaking" } else { "additive" };
            let counts = report
                .lines()
                .rfind(|line| line.starts_with("Summary: "))
                .unwrap_or_default();
            format!(
                "updated to Stripe API {api_version}; stripe-api is now {crate_version} \
                 ({kind}). {counts}\nThe report is at the top of CHANGELOG.md."
            )
        }
    }
}

/// The vendored spec's path for `bytes` (`spec3.json` for JSON, `spec3.yaml` for YAML),
/// and the path of the other spelling, which is removed.
fn vendored_names(layout: &Layout, bytes: &[u8]) -> (PathBuf, PathBuf) {
    let dir = layout.root.join("spec/stripe");
    let json = dir.join("spec3.json");
    let yaml = dir.join("spec3.yaml");
    let is_json = bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{');
    if is_json { (json, yaml) } else { (yaml, json) }
}

/// The value after `prefix` on the line that starts with it.
fn recorded<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    text.lines()
        .find_map(|line| line.strip_prefix(prefix))
        .map(str::trim)
}

/// `text` with the line that starts with `prefix` holding `value`.
fn set_recorded(text: &str, prefix: &str, value: &str) -> Option<String> {
    recorded(text, prefix)?;
    Some(
        text.lines()
            .map(|line| {
                if line.starts_with(prefix) {
                    format!("{prefix}{value}\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect(),
    )
}

/// The `version` of the manifest's `[package]`.
fn package_version(manifest: &str) -> Option<String> {
    let package = manifest.split("\n[").next()?;
    package
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .map(str::to_owned)
}

/// The version after `current`, as semver asks: a breaking change bumps the minor
/// version while the major is 0 (the major after that), anything else the patch.
pub fn next_version(current: &str, breaking: bool) -> Option<String> {
    let mut parts = current.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    if parts.next().is_some() {
        return None;
    }
    Some(match (breaking, major) {
        (true, 0) => format!("0.{}.0", minor + 1),
        (true, _) => format!("{}.0.0", major + 1),
        (false, _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// `lock` with the package `name` at version `next` instead of `current`.
fn set_locked_version(lock: &str, name: &str, current: &str, next: &str) -> Option<String> {
    let entry = format!("[[package]]\nname = \"{name}\"\nversion = \"{current}\"\n");
    lock.contains(&entry).then(|| {
        lock.replacen(
            &entry,
            &format!("[[package]]\nname = \"{name}\"\nversion = \"{next}\"\n"),
            1,
        )
    })
}

/// The changelog with a section for `version` on top, holding the report (whose title
/// the section heading replaces).
fn with_release(
    changelog: &str,
    version: &str,
    api_version: &str,
    date: &str,
    report: &str,
) -> String {
    const TITLE: &str = "# Changelog\n";
    let body: String = report
        .lines()
        .skip_while(|line| line.starts_with("# ") || line.is_empty())
        .map(|line| match line.strip_prefix("## ") {
            Some(heading) => format!("### {heading}\n"),
            None => format!("{line}\n"),
        })
        .collect();
    let section = format!("## {version} (Stripe API {api_version}, {date})\n\n{body}");
    let rest = changelog.strip_prefix(TITLE).unwrap_or(changelog);
    let rest = rest.trim_start_matches('\n');
    if rest.is_empty() {
        format!("{TITLE}\n{section}")
    } else {
        format!("{TITLE}\n{section}\n{rest}")
    }
}

/// Today's date in UTC, as `YYYY-MM-DD`.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs());
    civil_date(seconds / 86_400)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: u64) -> String {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

fn write(path: &Path, text: &str) -> Result<(), Error> {
    write_bytes(path, text.as_bytes())
}

/// Writes through a temporary file beside `path` and renames it into place, so a file is
/// never left half-written.
fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let error = |source| Error::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut staged = tempfile::NamedTempFile::new_in(dir).map_err(error)?;
    std::io::Write::write_all(&mut staged, bytes).map_err(error)?;
    staged
        .persist(path)
        .map_err(|persist| error(persist.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_bump_as_semver_asks() {
        assert_eq!(next_version("0.1.0", true).as_deref(), Some("0.2.0"));
        assert_eq!(next_version("0.1.3", false).as_deref(), Some("0.1.4"));
        assert_eq!(next_version("1.4.2", true).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.4.2", false).as_deref(), Some("1.4.3"));
        assert_eq!(next_version("1.4", false), None);
        assert_eq!(next_version("1.4.x", false), None);
    }

    #[test]
    fn dates_count_from_the_unix_epoch() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_612), "2023-09-12");
        assert_eq!(civil_date(11_016), "2000-02-29");
    }

    #[test]
    fn the_newest_release_goes_on_top_of_the_changelog() {
        let report = "# Stripe API changes from a to b\n\n## Breaking changes\n\nNone.\n\n\
                      ## Additive changes\n\n- Type `X` added.\n\nSummary: 1 additive change.";
        let first = with_release("", "0.1.1", "b", "2024-01-02", report);
        assert_eq!(
            first,
            "# Changelog\n\n## 0.1.1 (Stripe API b, 2024-01-02)\n\n### Breaking changes\n\n\
             None.\n\n### Additive changes\n\n- Type `X` added.\n\nSummary: 1 additive change.\n"
        );
        let second = with_release(&first, "0.2.0", "c", "2024-02-03", report);
        assert!(second.starts_with("# Changelog\n\n## 0.2.0 (Stripe API c, 2024-02-03)\n"));
        assert!(second.contains("\n## 0.1.1 (Stripe API b, 2024-01-02)\n"));
    }

    #[test]
    fn the_lock_file_entry_of_the_crate_is_bumped() {
        let lock = "[[package]]\nname = \"other\"\nversion = \"0.1.0\"\n\n\
                    [[package]]\nname = \"stripe-api\"\nversion = \"0.1.0\"\n";
        let bumped = set_locked_version(lock, "stripe-api", "0.1.0", "0.2.0").unwrap();
        assert!(bumped.contains("name = \"other\"\nversion = \"0.1.0\""));
        assert!(bumped.contains("name = \"stripe-api\"\nversion = \"0.2.0\""));
        assert_eq!(
            set_locked_version(lock, "stripe-api", "0.3.0", "0.4.0"),
            None
        );
    }
}
