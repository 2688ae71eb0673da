//! Generated regions of hand-written files: the crate's `[features]` table in its
//! `Cargo.toml` and the table of features in its README, which cannot live in files of
//! their own. The generator writes only between a region's two marker lines.

use std::path::Path;

use crate::error::Error;

/// The text of the line that opens a region; the rest of the line is free.
pub const BEGIN: &str = "@generated begin";

/// The text of the line that closes a region.
pub const END: &str = "@generated end";

/// `text` with the lines between its region's marker lines replaced by `region`.
pub fn splice(path: &Path, text: &str, region: &str) -> Result<String, Error> {
    let problem = |message: &str| Error::Read {
        path: path.to_owned(),
        source: std::io::Error::other(format!(
            "{message}: the generated region goes between a line holding `{BEGIN}` and one \
             holding `{END}`"
        )),
    };
    let begin = text
        .find(BEGIN)
        .ok_or_else(|| problem("no region begins"))?;
    let body = text[begin..]
        .find('\n')
        .map(|i| begin + i + 1)
        .ok_or_else(|| problem("the region never ends"))?;
    let end = text[body..]
        .find(END)
        .map(|i| body + i)
        .ok_or_else(|| problem("the region never ends"))?;
    let end_line = text[..end].rfind('\n').map_or(0, |i| i + 1);
    if end_line < body {
        return Err(problem("the region's markers share a line"));
    }
    Ok(format!("{}{region}{}", &text[..body], &text[end_line..]))
}

/// Whether `text` holds a generated region, which the generator may rewrite.
pub fn has_region(text: &str) -> bool {
    text.contains(BEGIN) && text.contains(END)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_lines_between_the_markers_change() {
        let text = "keep\n# @generated begin features\nold\nlines\n# @generated end\nkeep too\n";
        let spliced = splice(Path::new("Cargo.toml"), text, "new\n").unwrap();
        assert_eq!(
            spliced,
            "keep\n# @generated begin features\nnew\n# @generated end\nkeep too\n"
        );
        assert_eq!(splice(Path::new("x"), &spliced, "new\n").unwrap(), spliced);
    }

    #[test]
    fn a_file_without_markers_is_an_error_naming_it() {
        let error = splice(Path::new("README.md"), "no markers\n", "x").unwrap_err();
        assert!(error.to_string().contains("README.md"), "{error}");
        assert!(splice(Path::new("a"), "@generated begin\nx\n", "y").is_err());
        assert!(splice(Path::new("a"), "@generated begin @generated end\n", "y").is_err());
    }
}
