//! A scenario's `Translations`: its name, description and guide in another language,
//! for the learner who reads the app in it (`"pt-BR": {"Name", "Description",
//! "Guide": {"Title", "Steps": [{"Title", "Do", "Why", "Hint"}]}}`). The guide's
//! checks and "show me" stay in the `Guide`: a translation is text only, one entry a
//! step, in the guide's order.

use std::collections::BTreeMap;

use serde_json::Value;

use super::guide::Guide;

/// The languages a scenario may be translated into: the app's.
pub const LANGUAGES: [&str; 2] = ["en", "pt-BR"];

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Translation {
    pub name: Option<String>,
    pub description: Option<String>,
    pub guide: Option<GuideText>,
}

/// A guide's words in another language.
#[derive(Clone, Debug, PartialEq)]
pub struct GuideText {
    pub title: String,
    pub steps: Vec<StepText>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct StepText {
    pub title: String,
    /// What to do (`Do`).
    pub task: String,
    pub why: String,
    pub hint: String,
}

/// The guide's words in `language`, when the guide is written in another and the
/// scenario translates it.
pub fn guide_text_in<'a>(
    translations: &'a BTreeMap<String, Translation>,
    guide: &Guide,
    language: &str,
) -> Option<&'a GuideText> {
    if guide.language == language {
        return None;
    }
    translations.get(language)?.guide.as_ref()
}

/// Step `i`'s title in `language` (1-based number first), or as written.
pub fn step_title_in(
    translations: &BTreeMap<String, Translation>,
    guide: &Guide,
    language: &str,
    i: usize,
) -> Option<String> {
    let title = match guide_text_in(translations, guide, language) {
        Some(t) => &t.steps.get(i)?.title,
        None => &guide.steps.get(i)?.title,
    };
    Some(format!("{}. {title}", i + 1))
}

/// Reads `Translations`; errors name the language, the step and the field.
pub fn parse(v: &Value, guide: Option<&Guide>) -> Result<BTreeMap<String, Translation>, String> {
    let mut out = BTreeMap::new();
    if v.is_null() {
        return Ok(out);
    }
    let Value::Object(by_language) = v else {
        return Err("Translations must be an object keyed by language (\"pt-BR\")".into());
    };
    for (language, t) in by_language {
        let path = format!("Translations.{language}");
        if !LANGUAGES.contains(&language.as_str()) {
            return Err(format!(
                "{path}: unknown language (the app speaks {})",
                LANGUAGES.join(", ")
            ));
        }
        out.insert(language.clone(), translation(t, guide, &path)?);
    }
    Ok(out)
}

fn translation(v: &Value, guide: Option<&Guide>, path: &str) -> Result<Translation, String> {
    let Value::Object(fields) = v else {
        return Err(format!("{path} must be an object"));
    };
    if let Some(key) = fields
        .keys()
        .find(|k| !["Name", "Description", "Guide"].contains(&k.as_str()))
    {
        return Err(format!(
            "{path}: unknown key {key} (Name, Description and Guide are translated)"
        ));
    }
    let optional = |key: &str| -> Result<Option<String>, String> {
        fields.get(key).map(|_| text(v, key, path)).transpose()
    };
    let guide_text = match (fields.get("Guide"), guide) {
        (None, _) => None,
        (Some(_), None) => return Err(format!("{path}.Guide: the scenario has no Guide")),
        (Some(g), Some(guide)) => Some(guide_text(g, guide, &format!("{path}.Guide"))?),
    };
    Ok(Translation {
        name: optional("Name")?,
        description: optional("Description")?,
        guide: guide_text,
    })
}

fn guide_text(v: &Value, guide: &Guide, path: &str) -> Result<GuideText, String> {
    let Some(Value::Array(steps)) = v.get("Steps") else {
        return Err(format!("{path}.Steps must be a list of steps"));
    };
    if steps.len() != guide.steps.len() {
        return Err(format!(
            "{path}.Steps has {} steps, the Guide has {}: translate each step, in order",
            steps.len(),
            guide.steps.len()
        ));
    }
    let steps = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let p = format!("{path}.Steps[{i}]");
            Ok(StepText {
                title: text(s, "Title", &p)?,
                task: text(s, "Do", &p)?,
                why: text(s, "Why", &p)?,
                hint: text(s, "Hint", &p)?,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(GuideText {
        title: text(v, "Title", path)?,
        steps,
    })
}

fn text(v: &Value, key: &str, path: &str) -> Result<String, String> {
    match v.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s.clone()),
        Some(Value::String(_)) => Err(format!("{path}.{key} is empty")),
        Some(_) => Err(format!("{path}.{key} must be text")),
        None => Err(format!("{path}: missing {key}")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn guide(steps: usize) -> Guide {
        let step = json!({"Title": "t", "Do": "d", "Why": "w", "Hint": "h",
            "Check": {"Type": "Trace", "Kind": "MessageSent"}});
        Guide::parse(&json!({"Title": "G", "Language": "en", "Steps": vec![step; steps]}))
            .unwrap()
            .unwrap()
    }

    fn pt(steps: usize) -> Value {
        let step = json!({"Title": "T", "Do": "F", "Why": "P", "Hint": "D"});
        json!({"pt-BR": {"Name": "Nome", "Guide": {"Title": "Guia", "Steps": vec![step; steps]}}})
    }

    #[test]
    fn a_translation_gives_each_step_its_words() {
        let t = parse(&pt(2), Some(&guide(2))).unwrap();
        let pt = &t["pt-BR"];
        assert_eq!(pt.name.as_deref(), Some("Nome"));
        assert_eq!(pt.description, None);
        let g = pt.guide.as_ref().unwrap();
        assert_eq!((g.title.as_str(), g.steps.len()), ("Guia", 2));
        assert_eq!(g.steps[1].task, "F");
    }

    #[test]
    fn a_guide_shows_translated_only_in_another_language() {
        let g = guide(2);
        let t = parse(&pt(2), Some(&g)).unwrap();
        assert_eq!(
            guide_text_in(&t, &g, "pt-BR").map(|w| w.title.as_str()),
            Some("Guia")
        );
        assert!(guide_text_in(&t, &g, "en").is_none(), "written in English");
    }

    #[test]
    fn errors_say_what_to_fix() {
        let err = |v: Value, g: Option<&Guide>| parse(&v, g).unwrap_err();
        assert!(err(pt(1), Some(&guide(2))).contains("has 1 steps, the Guide has 2"));
        assert!(err(pt(1), None).contains("the scenario has no Guide"));
        assert!(err(json!({"fr": {}}), None).contains("unknown language"));
        assert!(err(json!({"pt-BR": {"Nom": "x"}}), None).contains("unknown key Nom"));
        assert!(err(json!({"pt-BR": {"Name": " "}}), None).contains("Name is empty"));
        let no_hint = json!({"pt-BR": {"Guide": {"Title": "G", "Steps": [{"Title": "T", "Do": "F", "Why": "P"}]}}});
        assert!(err(no_hint, Some(&guide(1))).contains("Steps[0]: missing Hint"));
        assert!(err(json!(["pt-BR"]), None).contains("keyed by language"));
    }
}
