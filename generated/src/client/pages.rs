//! Auto-pagination: every item of a list or search operation, page after page, as a
//! stream that asks Stripe for the next page only when the reader reaches it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::request::Body;
use super::{Client, Error, Method, Request, RequestOptions, Response, WithOptions};
use crate::{HasId, List, SearchResult};

/// The cursor parameters Stripe pages by: `starting_after` walks forward from an id,
/// `ending_before` backward.
const STARTING_AFTER: &str = "starting_after";
const ENDING_BEFORE: &str = "ending_before";
/// The parameter a search pages by: the previous page's `next_page` token.
const PAGE: &str = "page";

/// How a generated list operation turns a response into a page of its items.
pub type DecodePage<T> = fn(&WithOptions<'_>, Response) -> Result<List<T>, Error>;

/// How a generated search operation turns a response into a page of its results.
pub type DecodeSearch<T> = fn(&WithOptions<'_>, Response) -> Result<SearchResult<T>, Error>;

/// The decoder of a stream's pages, which also says how the next page is asked for.
enum Decoder<T> {
    /// By the id of the last (or first) item.
    List(DecodePage<T>),
    /// By the page's `next_page` token.
    Search(DecodeSearch<T>),
}

type Fetch = Pin<Box<dyn Future<Output = Result<Response, Error>> + Send>>;

/// Every item of a list operation, fetched one page at a time as the stream is read; or
/// every result of a search.
///
/// The first page is the one the parameters ask for. Each further page keeps every other
/// parameter and sets `starting_after` to the last id seen; when the parameters set
/// `ending_before` (and not `starting_after`), the stream walks backward instead, as
/// Stripe's SDKs do: each page's items come last to first, and the next page ends before
/// the first id of the one before. A search sets `page` to the previous page's
/// `next_page` instead. The stream ends after a page with `has_more: false`; an error is
/// yielded once, and then the stream ends. One page is held at a time.
///
/// It is a [`Stream`]; [`ListStream::next`] reads it without any other crate:
///
/// ```no_run
/// # async fn run(client: stripe_api::Client) -> Result<(), stripe_api::Error> {
/// let params = stripe_api::CheckoutSessionListParams::new().customer("cus_123");
/// let mut sessions = client.v1().checkout().sessions().list_stream(&params);
/// while let Some(session) = sessions.next().await {
///     println!("{}", session?.id);
/// }
/// # Ok(())
/// # }
/// ```
pub struct ListStream<T> {
    pager: Pager,
    decode: Decoder<T>,
    /// The page being read, last item first, so that the next one is `pop`ped.
    items: Vec<T>,
}

// No field is ever pinned: the fetch is boxed, and items are moved out, never pinned.
impl<T> Unpin for ListStream<T> {}

impl<T> fmt::Debug for ListStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListStream")
            .field("path", &self.pager.path)
            .field("backward", &self.pager.backward)
            .field("items_left_on_page", &self.items.len())
            .finish_non_exhaustive()
    }
}

impl<T: HasId> ListStream<T> {
    /// The stream of the list operation `request` (a `GET`); generated operations call
    /// this with the function that decodes their page.
    #[doc(hidden)]
    pub fn new(caller: WithOptions<'_>, request: Request<'_>, decode: DecodePage<T>) -> Self {
        ListStream {
            pager: Pager::new(caller, request),
            decode: Decoder::List(decode),
            items: Vec::new(),
        }
    }

    /// The stream of the search operation `request` (a `GET`); generated operations call
    /// this with the function that decodes their page of results.
    #[doc(hidden)]
    pub fn search(caller: WithOptions<'_>, request: Request<'_>, decode: DecodeSearch<T>) -> Self {
        ListStream {
            pager: Pager::new(caller, request),
            decode: Decoder::Search(decode),
            items: Vec::new(),
        }
    }

    /// The next item, or `None` when every page has been read.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T: HasId> Stream for ListStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.items.pop() {
                return Poll::Ready(Some(Ok(item)));
            }
            // The page is read: its memory goes before the next page arrives, so that
            // one page is held at a time, not one and the room of another.
            this.items = Vec::new();
            let response = match this.pager.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(response))) => response,
            };
            let caller = this.pager.client.with_options(&this.pager.options);
            let decoded = match this.decode {
                Decoder::List(decode) => decode(&caller, response).map(|page| {
                    let first = page.data.first().map(HasId::id);
                    let last = page.data.last().map(HasId::id);
                    this.pager.turn(page.has_more, first, last);
                    page.data
                }),
                Decoder::Search(decode) => decode(&caller, response).map(|page| {
                    this.pager.turn_page(page.has_more, page.next_page);
                    page.data
                }),
            };
            let mut items = match decoded {
                Ok(items) => items,
                Err(error) => {
                    this.pager.state = State::Done;
                    return Poll::Ready(Some(Err(error)));
                }
            };
            if !this.pager.backward {
                items.reverse();
            }
            this.items = items;
        }
    }
}

/// What a stream does next.
enum State {
    /// Fetch the page the caller's parameters ask for.
    First,
    /// Fetch the page after (or, walking backward, before) this id.
    From(String),
    /// Fetch the search results this `next_page` token names.
    Page(String),
    Fetching(Fetch),
    /// An error to yield before ending: the request could not be made at all.
    Failed(Error),
    Done,
}

/// The part of a [`ListStream`] that does not depend on the item type, so it is compiled
/// once, here, rather than for each type in each crate that reads a list.
struct Pager {
    client: Client,
    options: RequestOptions,
    /// The URL up to the query.
    path: String,
    /// The caller's parameters, as a query.
    first_query: String,
    /// The caller's parameters without the cursor, which each further page sets.
    query: String,
    backward: bool,
    state: State,
}

impl Pager {
    fn new(caller: WithOptions<'_>, request: Request<'_>) -> Self {
        let client = caller.client().clone();
        let (path, state) = match request.path_url(client.base_url()) {
            Ok(path) => (path, State::First),
            Err(error) => (String::new(), State::Failed(error)),
        };
        let has = |key: &str| {
            request
                .form
                .split('&')
                .any(|pair| pair.split('=').next() == Some(key))
        };
        let backward = has(ENDING_BEFORE) && !has(STARTING_AFTER);
        let query = request
            .form
            .split('&')
            .filter(|pair| !pair.is_empty())
            .filter(|pair| {
                let key = pair.split('=').next();
                key != Some(STARTING_AFTER) && key != Some(ENDING_BEFORE) && key != Some(PAGE)
            })
            .collect::<Vec<_>>()
            .join("&");
        Pager {
            client,
            options: caller.options().clone(),
            path,
            first_query: request.form,
            query,
            backward,
            state,
        }
    }

    /// The next page's response, `None` once the last page has been fetched, or the
    /// error that ends the stream.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Response, Error>>> {
        loop {
            match std::mem::replace(&mut self.state, State::Done) {
                State::Done => return Poll::Ready(None),
                State::Failed(error) => return Poll::Ready(Some(Err(error))),
                State::First => {
                    let query = std::mem::take(&mut self.first_query);
                    self.state = State::Fetching(self.fetch(query));
                }
                State::From(id) => {
                    let mut query = self.query.clone();
                    let key = if self.backward {
                        ENDING_BEFORE
                    } else {
                        STARTING_AFTER
                    };
                    crate::form::push_pair(&mut query, key, &id);
                    self.state = State::Fetching(self.fetch(query));
                }
                State::Page(token) => {
                    let mut query = self.query.clone();
                    crate::form::push_pair(&mut query, PAGE, &token);
                    self.state = State::Fetching(self.fetch(query));
                }
                State::Fetching(mut fetch) => {
                    return match fetch.as_mut().poll(cx) {
                        Poll::Pending => {
                            self.state = State::Fetching(fetch);
                            Poll::Pending
                        }
                        // Done until `turn` says where the next page starts.
                        Poll::Ready(result) => Poll::Ready(Some(result)),
                    };
                }
            }
        }
    }

    /// Where the page after the one just read starts, if there is one.
    fn turn(&mut self, has_more: bool, first_id: Option<&str>, last_id: Option<&str>) {
        let cursor = if self.backward { first_id } else { last_id };
        self.state = match cursor {
            // An empty id cannot be a cursor; a page that has none ends the walk rather
            // than fetch the same page again.
            Some(id) if has_more && !id.is_empty() => State::From(id.to_owned()),
            _ => State::Done,
        };
    }

    /// Where the search results after the page just read are, if there are more.
    fn turn_page(&mut self, has_more: bool, next_page: Option<String>) {
        self.state = match next_page {
            // A page with no token, or an empty one, ends the walk rather than fetch the
            // first page again.
            Some(token) if has_more && !token.is_empty() => State::Page(token),
            _ => State::Done,
        };
    }

    fn fetch(&self, query: String) -> Fetch {
        let client = self.client.clone();
        let options = self.options.clone();
        let mut url = self.path.clone();
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        Box::pin(async move {
            client
                .send_to(Method::Get, &url, Body::Form(""), &options)
                .await
        })
    }
}
