//! An API Gateway API: its invoke URL, routes and the requests it answered.

use sim_core::view::ApiView;
use yew::prelude::*;

use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct ApiPanelProps {
    pub view: ApiView,
    pub lang: Lang,
}

#[function_component(ApiPanel)]
pub fn api_panel(props: &ApiPanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    html! {
        <div class="resource">
            if let Some(url) = &v.invoke_url {
                <p class="muted">{ format!("{} · Invoke URL ", v.api_type) }<span translate="no">{ url.clone() }</span></p>
                <ul class="plain">{ for v.routes.iter().map(|r| html! { <li><code>{ r.route_key.clone() }</code>{ format!(" → {}", r.function_name) }</li> }) }</ul>
            }
            <table class="grid">
                <thead><tr><th>{ t(lang, Key::Sent) }</th><th>{ t(lang, Key::Request) }</th><th>{ "Status" }</th><th>{ t(lang, Key::Response) }</th></tr></thead>
                <tbody>
                    { for v.exchanges.iter().map(|x| html! {
                        <tr>
                            <td>{ crate::i18n::when(lang, x.sent_ms) }</td>
                            <td><code>{ format!("{} {}", x.method, x.path) }</code></td>
                            <td>{ x.status_code.map(|c| c.to_string()).unwrap_or_else(|| "…".into()) }</td>
                            <td>
                                if !x.response_headers.is_empty() {
                                    <ul class="plain headers">{ for x.response_headers.iter().map(|(k, v)| html! { <li><code>{ format!("{k}: {v}") }</code></li> }) }</ul>
                                }
                                <code class="wrap">{ x.response_body.clone().unwrap_or_default() }</code>
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
