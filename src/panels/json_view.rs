use serde_json::Value;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct JsonViewProps {
    pub value: Value,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    /// Long lines wrap instead of scrolling sideways (an error message to read whole).
    #[prop_or_default]
    pub wrap: bool,
}

/// JSON exactly as AWS would show it, pretty-printed. Always text, never markup.
#[function_component(JsonView)]
pub fn json_view(props: &JsonViewProps) -> Html {
    let text = serde_json::to_string_pretty(&props.value).unwrap_or_default();
    // Focusable, so a keyboard can scroll a long document.
    let class = classes!("code", props.wrap.then_some("code--wrap"));
    html! { <pre {class} tabindex="0" id={props.id.clone()}>{ text }</pre> }
}

/// A message body: pretty JSON when it is JSON, the raw text otherwise.
pub fn body_html(body: &str) -> Html {
    match serde_json::from_str::<Value>(body) {
        Ok(v) if v.is_object() || v.is_array() => html! { <JsonView value={v} /> },
        _ => html! { <pre class="code" tabindex="0">{ body.to_string() }</pre> },
    }
}
