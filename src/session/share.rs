//! Share links: the session, compressed (deflate) and base64url-encoded, in the
//! address's fragment (`#session=…`), which browsers never send to a server. A link
//! longer than `MAX_LINK_CHARS` is not offered: export a file instead.

use super::browser::{deflate_base64url, inflate_base64url};
use super::format::{Session, SessionError};

/// RFC 9110 asks senders and recipients to support addresses of at least 8,000
/// characters; mail clients and chat apps are known to cut longer ones.
pub const MAX_LINK_CHARS: usize = 8_000;
const PREFIX: &str = "#session=";

#[derive(Clone, Debug, PartialEq)]
pub enum LinkError {
    TooLong(usize),
    Unavailable,
}

/// This page's address without query or fragment: where the site is hosted.
fn base_url() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.origin().ok()?,
        location.pathname().ok()?
    ))
}

pub async fn make_link(session: &Session) -> Result<String, LinkError> {
    let data = deflate_base64url(&session.to_json())
        .await
        .ok_or(LinkError::Unavailable)?;
    let base = base_url().ok_or(LinkError::Unavailable)?;
    let link = format!(
        "{base}?scenario={}&seed={}&lang={}{PREFIX}{data}",
        session.scenario,
        session.seed,
        session.lang.param()
    );
    if link.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(link.len()));
    }
    Ok(link)
}

/// The session in the address's fragment, if there is one; the fragment is then
/// removed, so a reload continues from the autosave.
pub async fn take_from_address(scenarios: &[&str]) -> Option<Result<Session, SessionError>> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    let data = hash.strip_prefix(PREFIX)?.to_string();
    if let (Ok(history), Ok(path), Ok(search)) = (
        window.history(),
        window.location().pathname(),
        window.location().search(),
    ) {
        let url = format!("{path}{search}");
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
    Some(match inflate_base64url(&data).await {
        Some(text) => Session::parse(&text, scenarios),
        None => Err(SessionError::NotJson(
            "the link's data is cut or damaged".into(),
        )),
    })
}
