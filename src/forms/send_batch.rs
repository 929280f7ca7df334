//! SendMessageBatch to the scenario's queue, as seed 002's boto3 producer sends it:
//! the `Entries` list typed as JSON, each MessageBody a string. What the form can tell
//! (JSON, a list, text bodies, the entries' fields) is flagged where it is typed and
//! sends nothing; what SQS refuses (more than 10 entries, repeated ids, 1 MiB) comes
//! back from the simulated SQS in its own words, under the form.

use serde_json::{json, Value};
use sim_core::view::{EntryTarget, EntryView, BATCH_FORM_ENTRIES};
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct SendBatchProps {
    pub entry: EntryView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
}

#[function_component(SendBatch)]
pub fn send_batch(props: &SendBatchProps) -> Html {
    let (entry, lang) = (&props.entry, props.lang);
    let text = use_state(|| {
        let entries = entry.batch_entries(0, BATCH_FORM_ENTRIES);
        serde_json::to_string_pretty(&entries).unwrap_or_default()
    });
    let EntryTarget::Queue { queue, .. } = &entry.target else {
        return html! {};
    };
    let batch = batch_action(queue, &text, lang);
    let onclick = {
        let (on_action, batch) = (props.on_action.clone(), batch.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(action) = &batch {
                on_action.emit(action.clone());
            }
        })
    };
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(event_value(&e)))
    };
    let error = batch.as_ref().err();
    html! {
        <div class="card" id="batch-form">
            <h3 class="card__title">{ t(lang, Key::SendBatchTitle) }<span class="card__hint">{ format!(" SendMessageBatch {queue}") }</span></h3>
            <label class="field">
                <span>{ t(lang, Key::BatchEntriesLabel) }</span>
                <textarea id="batch-json" rows="12" spellcheck="false" value={(*text).clone()} {oninput} aria-invalid={error.is_some().to_string()} />
            </label>
            if let Some(err) = error { <p class="field__error">{ err.clone() }</p> }
            <p class="card__hint">{ t(lang, Key::BatchHint) }</p>
            <button id="batch-submit" class="button button--primary" {onclick} disabled={error.is_some()}>{ t(lang, Key::SendBatch) }</button>
        </div>
    }
}

/// The SendMessageBatch the typed entries make, or what to fix in them.
fn batch_action(queue: &str, text: &str, lang: Lang) -> Result<Action, String> {
    let entries: Value =
        serde_json::from_str(text).map_err(|e| crate::i18n::json_error(lang, &e))?;
    let list = entries
        .as_array()
        .ok_or_else(|| t(lang, Key::BatchNotList).to_string())?;
    // boto3 refuses a dict as MessageBody before anything is sent; the simulator's
    // scripts may give one, the learner's form may not.
    if let Some(i) = list
        .iter()
        .position(|e| e.get("MessageBody").is_some_and(|b| !b.is_string()))
    {
        return Err(t(lang, Key::BatchBodyNotText).replace("{i}", &i.to_string()));
    }
    let action = |entries: Value| {
        let action =
            json!({ "Action": "SendMessageBatch", "QueueName": queue, "Entries": entries });
        serde_json::from_value::<Action>(action)
    };
    // Each entry alone first, so that a mistake names its entry: the reader's message
    // alone ("missing field `DataType`") did not say which of ten.
    for (i, entry) in list.iter().enumerate() {
        action(json!([entry])).map_err(|e| format!("Entries[{i}]: {e}"))?;
    }
    action(entries).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_list_of_entries_with_text_bodies_makes_a_batch() {
        let ok = batch_action("q.fifo", r#"[{"Id": "0", "MessageBody": "{}"}]"#, Lang::En);
        assert!(
            matches!(ok, Ok(Action::SendMessageBatch { ref entries, .. }) if entries.len() == 1)
        );
        let not_list = batch_action("q.fifo", r#"{"Id": "0"}"#, Lang::En);
        assert_eq!(
            not_list.err().as_deref(),
            Some(t(Lang::En, Key::BatchNotList))
        );
        let dict = batch_action(
            "q",
            r#"[{"Id": "0", "MessageBody": "x"}, {"Id": "1", "MessageBody": {}}]"#,
            Lang::Pt,
        );
        assert!(dict.is_err_and(|e| e.starts_with("Entries[1].MessageBody deve ser texto")));
        let no_id = batch_action("q", r#"[{"MessageBody": "x"}]"#, Lang::En);
        assert!(
            no_id.is_err_and(|e| e.contains("Id")),
            "names the missing field"
        );
        let typo = batch_action(
            "q",
            r#"[{"Id": "0", "MessageBody": "x", "GroupId": "g"}]"#,
            Lang::En,
        );
        assert!(
            typo.is_err_and(|e| e.contains("GroupId")),
            "names the unknown field"
        );
        assert!(batch_action("q", "[", Lang::En).is_err());
        let attribute = batch_action(
            "q",
            r#"[{"Id": "0", "MessageBody": "x"}, {"Id": "1", "MessageBody": "y", "MessageAttributes": {"k": {"StringValue": "v"}}}]"#,
            Lang::En,
        );
        assert!(
            attribute.is_err_and(|e| e.starts_with("Entries[1]: ") && e.contains("DataType")),
            "names the entry and the missing field"
        );
    }
}
