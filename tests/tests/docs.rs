//! The crate's documentation as a user first meets it: `cargo doc` renders a front page
//! that guides by task and lists what users call, not the crate's plumbing nor every
//! generated type, with every feature on; the API is found by resource in `resources`.

use std::path::PathBuf;
use std::process::Command;

/// More items than the front page may list: the crate's own handles, errors and
/// wrappers, its modules, and no generated type.
const FRONT_PAGE_ITEMS: usize = 40;

/// The crate's front page, rendered by `cargo doc` into the workspace's target directory.
fn front_page() -> String {
    doc_page("index.html")
}

/// A page of the crate's documentation, `index.html` being the front page.
fn doc_page(relative: &str) -> String {
    let status = Command::new(env!("CARGO"))
        // With every resource, as docs.rs builds it: the front page must stay short.
        .args([
            "doc",
            "--quiet",
            "--no-deps",
            "-p",
            "stripe-api",
            "--features",
            "full",
        ])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo doc succeeds");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
    let page = target.join("doc/stripe_api").join(relative);
    std::fs::read_to_string(&page).unwrap_or_else(|error| panic!("{}: {error}", page.display()))
}

/// The pages the front page lists items by: `struct.Client.html` and the like.
fn listed_items(page: &str) -> Vec<&str> {
    page.split("<a class=\"")
        .skip(1)
        .filter_map(|rest| {
            let (kind, rest) = rest.split_once('"')?;
            let href = rest.strip_prefix(" href=\"")?.split('"').next()?;
            [
                "struct", "enum", "type", "mod", "fn", "trait", "constant", "macro",
            ]
            .contains(&kind)
            .then_some(href)
        })
        .collect()
}

#[test]
fn the_front_page_is_a_short_guide_by_task() {
    let page = front_page();
    for heading in [
        "Make a client and call Stripe",
        "Every page of a list",
        "Handle errors",
        "Receive webhooks",
        "Test your code",
        "Decode and encode JSON yourself",
    ] {
        assert!(page.contains(heading), "the guide has {heading:?}");
    }
    let items = listed_items(&page);
    assert!(
        items.len() <= FRONT_PAGE_ITEMS,
        "{} items on the front page, starting {:?}",
        items.len(),
        &items[..20]
    );
    for wanted in [
        "struct.Client.html",
        "enum.Error.html",
        "webhook/index.html",
        "resources/index.html",
    ] {
        assert!(
            items.iter().any(|item| item.ends_with(wanted)),
            "{wanted} is listed: {items:?}"
        );
    }
    for plumbing in [
        "struct.Request.html",
        "enum.PathPart.html",
        "struct.Response.html",
        "form/index.html",
        "codec/index.html",
        "struct.CheckoutSession.html",
    ] {
        assert!(
            !items.iter().any(|item| item.ends_with(plumbing)),
            "{plumbing} is not on the front page"
        );
    }
}

#[test]
fn each_resource_has_a_module_with_its_calls_and_types() {
    let resources = doc_page("resources/index.html");
    for feature in ["checkout", "customers", "files", "issuing", "quotes"] {
        assert!(
            resources.contains(&format!("href=\"{feature}/index.html\"")),
            "resources lists `{feature}`"
        );
    }
    let customers = doc_page("resources/customers/index.html");
    for wanted in [
        "client.v1().customers().search(...)",
        "GET /v1/customers/search",
        "CustomerSearchParams",
        "CustomerBalanceTransactionListParams",
        "Customer",
    ] {
        assert!(
            customers.contains(wanted),
            "the customers page names {wanted}"
        );
    }
}
