//! EventBridge "Send events", as the console's form: bus, source, detail-type and a
//! JSON detail, with presets from the scenario. Invalid JSON is flagged and sends
//! nothing.

use serde_json::{json, Value};
use sim_core::scenario::console::EventPreset as Preset;
use sim_core::view::SendEventsView;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct SendEventsProps {
    pub view: SendEventsView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The scenario's words and the order id, or the detail-type alone.
fn label(p: &Preset, order: &str, lang: Lang) -> String {
    match &p.label {
        Some(l) => format!("{} {order}", l.get(lang.param())),
        None => p.detail_type.clone(),
    }
}

/// The form's four fields.
#[derive(Clone)]
struct Fields {
    bus: UseStateHandle<String>,
    source: UseStateHandle<String>,
    detail_type: UseStateHandle<String>,
    detail: UseStateHandle<String>,
}

fn preset_button(p: &Preset, f: &Fields, order: &str, lang: Lang) -> Html {
    let (p2, f, order2) = (p.clone(), f.clone(), order.to_string());
    let onclick = Callback::from(move |_: MouseEvent| {
        f.bus.set(p2.event_bus_name.clone());
        f.source.set(p2.source.clone());
        f.detail.set(pretty(&p2.detail_for(&order2)));
        f.detail_type.set(p2.detail_type.clone());
    });
    html! { <button class="button button--small preset" {onclick}>{ label(p, order, lang) }</button> }
}

#[hook]
fn use_fields(view: &SendEventsView) -> Fields {
    // The form starts on the first preset (the forms are keyed by scenario and seed).
    let first = view.presets.first();
    let pick = |f: fn(&Preset) -> String| first.map(f).unwrap_or_default();
    Fields {
        bus: use_state(|| pick(|p| p.event_bus_name.clone())),
        source: use_state(|| pick(|p| p.source.clone())),
        detail_type: use_state(|| pick(|p| p.detail_type.clone())),
        detail: use_state(|| {
            first
                .map(|p| pretty(&p.detail_for(&view.order)))
                .unwrap_or_default()
        }),
    }
}

#[function_component(SendEvents)]
pub fn send_events(props: &SendEventsProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let f = use_fields(v);
    {
        // Selecting an order in the table points the form at it (when the form's
        // detail-type is one of the presets').
        let (detail, detail_type, view) = (f.detail.clone(), f.detail_type.clone(), v.clone());
        use_effect_with(v.selected_order.clone(), move |sel| {
            if let Some(d) = sel
                .as_ref()
                .and_then(|id| view.detail_for(&detail_type, id))
            {
                detail.set(pretty(&d));
            }
        });
    }
    {
        // The order a preset names changes (the learner's new order is the newest):
        // a detail still as the preset wrote it for the old order follows; an edited
        // one stays.
        let (detail, detail_type, view) = (f.detail.clone(), f.detail_type.clone(), v.clone());
        let filled_for = use_mut_ref(|| v.order.clone());
        use_effect_with(v.order.clone(), move |order| {
            let old = filled_for.replace(order.clone());
            let as_preset = |id: &str| view.detail_for(&detail_type, id).map(|d| pretty(&d));
            if let (Some(was), Some(now)) = (as_preset(&old), as_preset(order)) {
                if *detail == was {
                    detail.set(now);
                }
            }
        });
    }
    let bind = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |e: InputEvent| s.set(event_value(&e)))
    };
    let on_bus = {
        let bus = f.bus.clone();
        Callback::from(move |e: Event| bus.set(event_value(&e)))
    };
    let detail_error = serde_json::from_str::<Value>(&f.detail)
        .err()
        .map(|e| crate::i18n::json_error(lang, &e));
    let onclick = {
        let (f, on_action) = (f.clone(), props.on_action.clone());
        Callback::from(move |_: MouseEvent| {
            // The console sends the detail as text: PutEvents itself checks it.
            let action: Result<Action, _> = serde_json::from_value(json!({
                "Action": "PutEvents",
                "Entries": [{ "Source": *f.source, "DetailType": *f.detail_type, "Detail": *f.detail, "EventBusName": *f.bus }]
            }));
            if let Ok(a) = action {
                on_action.emit(a);
            }
        })
    };
    html! {
        <div class="card" id="send-events">
            <h3 class="card__title">{ t(lang, Key::SendEvents) }<span class="card__hint">{ " EventBridge PutEvents" }</span></h3>
            <div class="presets">{ for v.presets.iter().map(|p| preset_button(p, &f, &v.order, lang)) }</div>
            <label class="field">
                <span>{ t(lang, Key::EventBus) }</span>
                <select id="event-bus" onchange={on_bus}>
                    { for v.buses.iter().map(|b| html! { <option value={b.clone()} selected={*b == *f.bus}>{ b.clone() }</option> }) }
                </select>
            </label>
            <label class="field"><span>{ t(lang, Key::EventSource) }</span><input id="event-source" value={(*f.source).clone()} oninput={bind(&f.source)} /></label>
            <label class="field"><span>{ t(lang, Key::DetailType) }</span><input id="event-detail-type" value={(*f.detail_type).clone()} oninput={bind(&f.detail_type)} /></label>
            <label class="field">
                <span>{ t(lang, Key::EventDetail) }</span>
                <textarea id="event-detail" rows="6" spellcheck="false" value={(*f.detail).clone()} oninput={bind(&f.detail)} aria-invalid={detail_error.is_some().to_string()} />
            </label>
            if let Some(err) = detail_error.clone() { <p class="field__error">{ err }</p> }
            <button id="event-send" class="button button--primary" {onclick} disabled={detail_error.is_some()}>{ t(lang, Key::Send) }</button>
            if let Some(text) = &v.last_result { <pre class="code code--small code--wrap" tabindex="0" id="put-events-result">{ text.clone() }</pre> }
        </div>
    }
}
