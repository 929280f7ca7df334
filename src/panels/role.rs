//! A function's execution role as the IAM console shows it: the AWS managed
//! policies (read-only) and the inline policies as JSON a learner edits, saves
//! (PutRolePolicy) or deletes (DeleteRolePolicy) to break and fix the lab.

use sim_core::view::{PolicyView, RoleView};
use sim_core::world::NamedNowhere;
use sim_core::Action;
use yew::prelude::*;

use crate::dom::event_value;
use crate::i18n::{t, Key, Lang};

#[derive(Properties, PartialEq)]
pub struct RolePanelProps {
    pub view: RoleView,
    pub lang: Lang,
    pub on_action: Callback<Action>,
    /// What the last PutRolePolicy or DeleteRolePolicy did, or why it was refused.
    pub notice: Html,
}

#[derive(Properties, PartialEq)]
struct PolicyEditorProps {
    role: AttrValue,
    /// None for a new policy: the learner names it.
    policy: Option<PolicyView>,
    lang: Lang,
    on_action: Callback<Action>,
    /// Under its buttons, when this editor acted last.
    notice: Html,
}

/// One inline policy's JSON in a text area, saved as written: IAM's own checks
/// refuse what IAM refuses, next to this editor.
#[function_component(PolicyEditor)]
fn policy_editor(props: &PolicyEditorProps) -> Html {
    let lang = props.lang;
    let existing = props.policy.clone();
    let draft = use_state(|| {
        existing.as_ref().map(|p| p.json.clone()).unwrap_or_else(|| {
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": [],\n      \"Resource\": []\n    }\n  ]\n}".to_string()
    })
    });
    let name = use_state(String::new);
    let slug = existing
        .as_ref()
        .map_or("new".to_string(), |p| p.name.clone());
    let on_text = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(event_value(&e)))
    };
    let on_name = {
        let name = name.clone();
        Callback::from(move |e: InputEvent| name.set(event_value(&e)))
    };
    let role = props.role.to_string();
    let policy_name = existing
        .as_ref()
        .map_or((*name).clone(), |p| p.name.clone());
    let save = {
        let (role, policy_name, doc) = (role.clone(), policy_name.clone(), (*draft).clone());
        props
            .on_action
            .reform(move |_: MouseEvent| Action::PutRolePolicy {
                role_name: role.clone(),
                policy_name: policy_name.trim().to_string(),
                policy_document: doc.clone(),
            })
    };
    let delete = existing.as_ref().map(|p| {
        let (role, policy_name) = (role.clone(), p.name.clone());
        props
            .on_action
            .reform(move |_: MouseEvent| Action::DeleteRolePolicy {
                role_name: role.clone(),
                policy_name: policy_name.clone(),
            })
    });
    // Said where it is typed, in the learner's language, as the other JSON fields
    // do; IAM's own checks (an ARN, a vendor prefix) still answer the save.
    let json_error = serde_json::from_str::<serde_json::Value>(&draft)
        .err()
        .map(|e| crate::i18n::json_error(lang, &e));
    let rows = draft.lines().count().clamp(6, 24).to_string();
    // What the save said shows whole, not at the window's bottom edge.
    let notice_ref = use_node_ref();
    {
        let notice_ref = notice_ref.clone();
        use_effect_with(props.notice.clone(), move |notice| {
            let shown = notice_ref.cast::<web_sys::Element>();
            if let Some(e) =
                shown.filter(|e| *notice != Html::default() && e.child_element_count() > 0)
            {
                crate::dom::keep_on_screen(&e);
            }
        });
    }
    html! {
        <div class="policy-editor" data-policy={slug.clone()}>
            if existing.is_none() {
                <label class="field"><span>{ t(lang, Key::PolicyName) }</span>
                    <input id="policy-new-name" value={(*name).clone()} oninput={on_name} spellcheck="false" />
                </label>
            }
            <label class="field"><span>{ t(lang, Key::PolicyDocument) }</span>
                <textarea class="json-input" id={format!("policy-json-{slug}")} {rows} value={(*draft).clone()} oninput={on_text} spellcheck="false" translate="no" />
            </label>
            if let Some(e) = json_error.clone() {
                <p class="field__error" role="alert">{ e }</p>
            }
            { for existing.iter().flat_map(|p| p.named_nowhere.iter()).map(|n| named_nowhere(lang, n)) }
            <div class="button-row">
                <button class="button button--primary" id={format!("policy-save-{slug}")} onclick={save} disabled={json_error.is_some()}>{ t(lang, Key::PolicySave) }</button>
                if let Some(delete) = delete {
                    <button class="button button--danger" id={format!("policy-delete-{slug}")} onclick={delete}>{ t(lang, Key::PolicyDelete) }</button>
                }
            </div>
            <div class="policy-editor__notice" ref={notice_ref}>{ props.notice.clone() }</div>
        </div>
    }
}

/// A saved Resource that names nothing here, and the ARN a typo away if there is one.
fn named_nowhere(lang: Lang, n: &NamedNowhere) -> Html {
    html! {
        <p class="field__warning policy__nowhere">
            { with_arn(t(lang, Key::PolicyNamedNowhere), &n.resource) }
            if let Some(arn) = &n.closest {
                { " " }{ with_arn(t(lang, Key::PolicyClosestArn), arn) }
            }
        </p>
    }
}

/// A sentence with `{arn}` in it, the ARN as code a translator leaves alone.
fn with_arn(text: &str, arn: &str) -> Html {
    let (before, after) = text.split_once("{arn}").unwrap_or((text, ""));
    html! { <>{ before }<code translate="no">{ arn.to_string() }</code>{ after }</> }
}

#[function_component(RolePanel)]
pub fn role_panel(props: &RolePanelProps) -> Html {
    let (v, lang) = (&props.view, props.lang);
    let role: AttrValue = v.role_name.clone().into();
    // Which editor acted last (a policy's name, or "" for the new one): its notice
    // shows under its buttons, where the learner clicked. A notice no click here
    // caused (the guide's Show me, G) or a deleted policy's shows at the top of the
    // inline policies, where the list changed.
    let acted = use_state(|| None::<String>);
    let clicked = use_mut_ref(|| false);
    {
        let (acted, clicked) = (acted.clone(), clicked.clone());
        use_effect_with(props.notice.clone(), move |_| {
            if clicked.replace(false) {
                return; // this click's own result
            }
            if acted.is_some() {
                acted.set(None);
            }
        });
    }
    let acting = |editor: &str| {
        let (acted, clicked, on_action, editor) = (
            acted.clone(),
            clicked.clone(),
            props.on_action.clone(),
            editor.to_string(),
        );
        Callback::from(move |a: Action| {
            acted.set(Some(editor.clone()));
            *clicked.borrow_mut() = true;
            on_action.emit(a);
        })
    };
    let at_editor = acted
        .as_deref()
        .filter(|e| e.is_empty() || v.inline.iter().any(|p| p.name == *e));
    let notice_at = |editor: &str| {
        if at_editor == Some(editor) {
            props.notice.clone()
        } else {
            Html::default()
        }
    };
    html! {
        <section class="role" id="role-policies" aria-label={t(lang, Key::RoleTitle)}>
            <h4>{ format!("{} · ", t(lang, Key::RoleTitle)) }<span translate="no">{ v.role_name.clone() }</span></h4>
            <p class="muted" translate="no"><code>{ v.arn.clone() }</code></p>
            <p class="note note--look">{ t(lang, Key::RoleNote) }</p>
            if at_editor.is_none() { { props.notice.clone() } }
            // Keyed by name: a deleted policy's open card must not pass to the next one.
            { for v.managed.iter().map(|p| html! {
                <details key={p.name.clone()} class="card policy policy--managed">
                    <summary>{ format!("{} · ", t(lang, Key::PolicyManaged)) }<code translate="no">{ p.name.rsplit('/').next().unwrap_or(&p.name).to_string() }</code></summary>
                    <pre class="json" translate="no">{ p.json.clone() }</pre>
                </details>
            }) }
            { for v.inline.iter().map(|p| html! {
                <details key={p.name.clone()} class="card policy" data-policy-name={p.name.clone()}>
                    <summary>
                        { format!("{} · ", t(lang, Key::PolicyInline)) }<code translate="no">{ p.name.clone() }</code>
                        // Said on the closed card too: the guide's step waits on it.
                        if !p.named_nowhere.is_empty() { <span class="tag tag--state policy__flag">{ "⚠ ARN" }</span> }
                    </summary>
                    // Keyed by the document: a saved change shows as saved.
                    <PolicyEditor key={format!("{}\u{0}{}", p.name, p.json)} role={role.clone()} policy={Some(p.clone())} {lang} on_action={acting(&p.name)} notice={notice_at(&p.name)} />
                </details>
            }) }
            <details class="card policy policy--new">
                <summary>{ t(lang, Key::PolicyAdd) }</summary>
                <PolicyEditor key={format!("new-{}", v.inline.len())} role={role.clone()} policy={None::<PolicyView>} {lang} on_action={acting("")} notice={notice_at("")} />
            </details>
        </section>
    }
}
