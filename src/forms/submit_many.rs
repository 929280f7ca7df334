//! Submit N orders (1 to 1,000) at once; the container spreads them over sim time.

use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{plural, t, Key, Lang, Plural};

/// The most orders one click may schedule.
const MANY_MAX: u64 = 1000;

#[derive(Properties, PartialEq)]
pub struct SubmitManyProps {
    pub lang: Lang,
    /// How many orders to submit.
    pub on_submit: Callback<u64>,
}

#[function_component(SubmitMany)]
pub fn submit_many(props: &SubmitManyProps) -> Html {
    let lang = props.lang;
    let count = use_state(|| "10".to_string());
    let n = count
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| (1..=MANY_MAX).contains(n));
    let onclick = {
        let on_submit = props.on_submit.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(n) = n {
                on_submit.emit(n);
            }
        })
    };
    let oninput = {
        let count = count.clone();
        Callback::from(move |e: InputEvent| count.set(event_value(&e)))
    };
    html! {
        <div class="card card--row" id="submit-many">
            <label class="field field--inline">
                <span>{ t(lang, Key::HowMany) }</span>
                <input id="many-count" type="number" min="1" max="1000" value={(*count).clone()} {oninput} aria-invalid={n.is_none().to_string()} />
            </label>
            <button id="many-submit" class="button" {onclick} disabled={n.is_none()}>{ match n {
                Some(n) => plural(lang, Plural::SubmitManyN, n),
                None => t(lang, Key::SubmitMany).to_string(),
            } }</button>
            if n.is_none() { <p class="field__error">{ t(lang, Key::OneToThousand) }</p> }
        </div>
    }
}
