//! Lays the changes out as Markdown for a changelog: a title naming both API versions, the
//! breaking changes, the additive ones, and a count.

use super::{Change, Impact};

/// The report of `changes`, which [`super::compare`] has sorted.
pub fn render(old_version: &str, new_version: &str, changes: &[Change]) -> String {
    let mut out = format!("# Stripe API changes from {old_version} to {new_version}\n");
    let mut counts = Vec::new();
    for (impact, heading, kind) in [
        (Impact::Breaking, "Breaking changes", "breaking"),
        (Impact::Additive, "Additive changes", "additive"),
    ] {
        out.push_str(&format!("\n## {heading}\n\n"));
        let lines: Vec<&str> = changes
            .iter()
            .filter(|change| change.impact == impact)
            .map(|change| change.text.as_str())
            .collect();
        if lines.is_empty() {
            out.push_str("None.\n");
        }
        for line in &lines {
            out.push_str(&format!("- {line}\n"));
        }
        counts.push(counted(lines.len(), kind));
    }
    out.push('\n');
    if changes.is_empty() {
        out.push_str("Summary: no changes to the generated crate's types and operations.");
    } else {
        out.push_str(&format!("Summary: {}.", counts.join(", ")));
    }
    out
}

/// `2 breaking changes`, `1 additive change`.
fn counted(n: usize, kind: &str) -> String {
    let plural = if n == 1 { "" } else { "s" };
    format!("{n} {kind} change{plural}")
}

/// `text` as a Markdown code span. Names come from the spec, so an enum value could hold a
/// backtick; the fence is then longer than any run of backticks inside.
pub fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // CommonMark strips one space on each side, which keeps an edge backtick off the fence.
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::super::Subject;
    use super::*;

    #[test]
    fn an_empty_report_says_there_is_nothing() {
        assert_eq!(
            render("2023-08-16", "2023-08-16", &[]),
            "# Stripe API changes from 2023-08-16 to 2023-08-16\n\n\
             ## Breaking changes\n\nNone.\n\n\
             ## Additive changes\n\nNone.\n\n\
             Summary: no changes to the generated crate's types and operations."
        );
    }

    #[test]
    fn changes_go_under_their_impact_and_are_counted() {
        let change = |impact, text: &str| Change {
            subject: Subject::Type("A".into()),
            impact,
            text: text.into(),
        };
        let report = render(
            "1",
            "2",
            &[
                change(Impact::Additive, "a"),
                change(Impact::Breaking, "b"),
                change(Impact::Additive, "c"),
            ],
        );
        assert_eq!(
            report,
            "# Stripe API changes from 1 to 2\n\n\
             ## Breaking changes\n\n- b\n\n\
             ## Additive changes\n\n- a\n- c\n\n\
             Summary: 1 breaking change, 2 additive changes."
        );
    }

    #[test]
    fn code_spans_fence_backticks() {
        assert_eq!(code("paused"), "`paused`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
