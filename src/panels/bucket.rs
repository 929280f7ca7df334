//! An S3 bucket: where its event notifications go, an upload form (pick or drop a
//! JSON or CSV file, or paste its text) that sends PutObject, and its objects.

use sim_core::services::s3::MAX_OBJECT_BYTES;
use sim_core::view::{BucketView, NotificationRow, ObjectRow};
use sim_core::Action;
use wasm_bindgen::JsValue;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{plural, t, Key, Lang, Plural};
use crate::session::browser::{picked_file, PickedFile};

#[derive(Properties, PartialEq)]
pub struct BucketPanelProps {
    pub view: BucketView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

fn notification(n: &NotificationRow) -> Html {
    let filter = if n.filter.is_empty() {
        String::new()
    } else {
        format!(" · {}", n.filter)
    };
    html! {
        <li translate="no"><code>{ format!("{}{filter}", n.events) }</code>{ " → " }{ n.service }{ " " }<strong>{ n.destination.clone() }</strong></li>
    }
}

fn object_row(o: &ObjectRow, epoch_ms: u64) -> Html {
    html! {
        <tr key={o.key.clone()} data-key={o.key.clone()}>
            <td translate="no"><details><summary><code>{ o.key.clone() }</code></summary><pre class="json">{ o.preview.clone() }</pre></details></td>
            <td>{ format!("{} B", o.size_bytes) }</td>
            <td translate="no">{ sim_core::time::iso8601_ms(epoch_ms + o.last_modified_ms) }</td>
        </tr>
    }
}

/// Reads the picked or dropped file into the form: its name becomes the key.
fn read_into(
    source: JsValue,
    key: UseStateHandle<String>,
    body: UseStateHandle<String>,
    problem: UseStateHandle<Option<Key>>,
) {
    wasm_bindgen_futures::spawn_local(async move {
        match picked_file(&source, MAX_OBJECT_BYTES).await {
            PickedFile::File { name, text } => {
                key.set(name);
                body.set(text);
                problem.set(None);
            }
            PickedFile::TooLarge => problem.set(Some(Key::BucketFileTooBig)),
            PickedFile::Nothing => {}
        }
    });
}

fn upload_form(
    props: &BucketPanelProps,
    key: &UseStateHandle<String>,
    body: &UseStateHandle<String>,
    problem: &UseStateHandle<Option<Key>>,
    sent: &UseStateHandle<Option<(String, Option<u64>)>>,
) -> Html {
    let lang = props.lang;
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| key.set(event_value(&e)))
    };
    let on_body = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| body.set(event_value(&e)))
    };
    let on_pick = {
        let (key, body, problem) = (key.clone(), body.clone(), problem.clone());
        Callback::from(move |e: Event| {
            if let Some(target) = e.target() {
                read_into(target.into(), key.clone(), body.clone(), problem.clone());
            }
        })
    };
    let on_drop = {
        let (key, body, problem) = (key.clone(), body.clone(), problem.clone());
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            read_into(e.into(), key.clone(), body.clone(), problem.clone());
        })
    };
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let put = {
        let (bucket, key, body) = (props.view.name.clone(), (**key).clone(), (**body).clone());
        let sent = sent.clone();
        // The key, and when its object was last written before this put: a refused
        // put (an empty body, a key too long) leaves it as it was.
        let before = props
            .view
            .objects
            .iter()
            .find(|o| o.key == key.trim())
            .map(|o| o.last_modified_ms);
        props.on_action.reform(move |_: MouseEvent| {
            sent.set(Some((key.trim().to_string(), before)));
            Action::PutObject {
                bucket: bucket.clone(),
                key: key.trim().to_string(),
                body: body.clone(),
            }
        })
    };
    // Stored and nothing fired: said, or the learner waits for a run that never comes.
    let unnoticed = sent.as_ref().and_then(|(k, before)| {
        let written = props.view.objects.iter().find(|o| &o.key == k)?;
        (Some(written.last_modified_ms) != *before && !props.view.notifies(k)).then_some(k)
    });
    html! {
        <div class="card upload" id="bucket-upload" ondragover={on_drag_over} ondrop={on_drop}>
            <h4>{ t(lang, Key::BucketUpload) }</h4>
            <p class="muted">{ t(lang, Key::BucketUploadHint) }</p>
            <label class="button button--small file-pick">{ t(lang, Key::BucketPick) }
                <input type="file" id="bucket-file" accept=".json,.csv,.txt,application/json,text/csv" onchange={on_pick} />
            </label>
            if let Some(p) = **problem {
                <p class="field__error" role="alert">{ t(lang, p) }</p>
            }
            <label class="field"><span>{ t(lang, Key::BucketKey) }</span>
                <input id="bucket-key" value={(**key).clone()} oninput={on_key} spellcheck="false" translate="no" />
            </label>
            <label class="field"><span>{ t(lang, Key::BucketBody) }</span>
                <textarea id="bucket-body" rows="7" value={(**body).clone()} oninput={on_body} spellcheck="false" translate="no" />
            </label>
            <button class="button button--primary" id="bucket-put" onclick={put}>{ t(lang, Key::BucketPut) }</button>
            if let Some(k) = unnoticed {
                <p class="note note--state" id="bucket-unnoticed" role="status">{ t(lang, Key::BucketNothingNotified).replace("{key}", k) }</p>
            }
        </div>
    }
}

#[function_component(BucketPanel)]
pub fn bucket_panel(props: &BucketPanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let key = use_state(|| v.sample_key.clone());
    let body = use_state(|| v.sample_body.clone());
    let problem = use_state(|| None::<Key>);
    let sent = use_state(|| None::<(String, Option<u64>)>);
    html! {
        <div class="resource bucket-panel" data-bucket={v.name.clone()}>
            <p class="muted" translate="no"><code>{ v.arn.clone() }</code></p>
            <h4>{ t(lang, Key::BucketNotifications) }</h4>
            if v.notifications.is_empty() && !v.event_bridge {
                <p class="note note--state">{ t(lang, Key::BucketNoNotifications) }</p>
            } else {
                <ul class="notifications">
                    { for v.notifications.iter().map(notification) }
                    if v.event_bridge {
                        <li translate="no"><code>{ "Object Created" }</code>{ " → EventBridge " }<strong>{ "default" }</strong></li>
                    }
                </ul>
            }
            { upload_form(props, &key, &body, &problem, &sent) }
            <h4>{ format!("{} · {}", t(lang, Key::BucketObjects), plural(lang, Plural::Objects, v.objects.len() as u64)) }</h4>
            if v.objects.is_empty() {
                <p class="muted">{ t(lang, Key::BucketNoObjects) }</p>
            } else {
                <table class="grid" id="bucket-objects">
                    <thead><tr><th>{ t(lang, Key::BucketKey) }</th><th>{ t(lang, Key::ObjectSize) }</th><th>{ t(lang, Key::ObjectModified) }</th></tr></thead>
                    <tbody>{ for v.objects.iter().map(|o| object_row(o, v.epoch_ms)) }</tbody>
                </table>
            }
        </div>
    }
}
