//! An API Gateway API: its invoke URL, routes and the requests it answered.

use yew::prelude::*;

use crate::i18n::{t, Key};
use crate::sim_provider::use_sim;

#[derive(Properties, PartialEq)]
pub struct NameProps {
    pub name: String,
}

#[function_component(ApiPanel)]
pub fn api_panel(props: &NameProps) -> Html {
    let Some(ctx) = use_sim() else {
        return html! {};
    };
    let sim = ctx.sim.borrow();
    let api = sim.apis().iter().find(|a| a.name == props.name).cloned();
    let exchanges: Vec<_> = sim
        .http_exchanges()
        .filter(|x| x.api == props.name)
        .cloned()
        .collect();
    html! {
        <div class="resource">
            if let Some(a) = api {
                <p class="muted">{ format!("Invoke URL {}", a.invoke_url()) }</p>
                <ul class="plain">{ for a.routes.iter().map(|r| html! { <li><code>{ r.route_key.clone() }</code>{ format!(" → {}", r.function_name) }</li> }) }</ul>
            }
            <table class="grid">
                <thead><tr><th>{ t(ctx.lang, Key::Sent) }</th><th>{ t(ctx.lang, Key::Request) }</th><th>{ "Status" }</th><th>{ t(ctx.lang, Key::Response) }</th></tr></thead>
                <tbody>
                    { for exchanges.iter().rev().take(50).map(|x| html! {
                        <tr>
                            <td>{ sim_core::time::human_ms(x.sent_ms) }</td>
                            <td><code>{ format!("{} {}", x.method, x.path) }</code></td>
                            <td>{ x.status_code.map(|c| c.to_string()).unwrap_or_else(|| "…".into()) }</td>
                            <td><code class="wrap">{ x.response_body.clone().unwrap_or_default() }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
