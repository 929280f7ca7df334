//! A CloudFormation template as the page's scenario: opened or pasted, imported
//! (refused with CloudFormation's message, nothing changed), run like a built-in
//! scenario; and any scenario downloaded as a template.

use std::rc::Rc;

use sim_core::cloudformation::{self, BehaviourSource, NotSimulated};

use super::app_state::{AppState, Notice, Wipe};
use crate::i18n::{t, Key};

/// The scenario id the page uses while a template is loaded (never a built-in's).
pub const TEMPLATE_ID: &str = "template";

/// What the page keeps of a loaded template: its text (a reset or another seed
/// imports it again), the scenario it became (for the download), and what the
/// learner should know about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub file: String,
    pub text: String,
    pub scenario_json: String,
    pub not_simulated: Vec<NotSimulated>,
    /// Each function, where its behaviour comes from, and the behaviour's Type.
    pub behaviours: Vec<(String, BehaviourSource, String)>,
    pub notes: Vec<String>,
    /// The template brought a guided lab (an export writes it under Metadata: EventLab).
    pub has_guide: bool,
    /// A hash of the text: the console's forms start afresh for another template
    /// (every template's scenario id is the same).
    pub text_hash: u64,
}

/// Imports a template: the scenario and what to keep, or CloudFormation's message.
pub fn import(file: &str, text: &str) -> Result<(sim_core::Scenario, Loaded), String> {
    let imported = cloudformation::import(file, text)?;
    let loaded = Loaded {
        file: file.to_string(),
        text: text.to_string(),
        scenario_json: imported.scenario_json.to_string(),
        not_simulated: imported.not_simulated,
        behaviours: imported
            .behaviours
            .into_iter()
            .map(|(f, source)| {
                let kind = behaviour_type(&imported.scenario, &f);
                (f, source, kind)
            })
            .collect(),
        notes: imported.notes,
        has_guide: imported.scenario.guide.is_some(),
        text_hash: {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            text.hash(&mut h);
            h.finish()
        },
    };
    Ok((imported.scenario, loaded))
}

/// The `Type` of a function's behaviour (`charge-payment`), as scenarios name it.
fn behaviour_type(scenario: &sim_core::Scenario, function: &str) -> String {
    scenario
        .functions
        .iter()
        .find(|f| f.function_name == function)
        .and_then(|f| serde_json::to_value(f.behavior.as_ref()).ok())
        .and_then(|v| v.get("Type").and_then(|t| t.as_str()).map(String::from))
        .unwrap_or_default()
}

impl AppState {
    /// Loads a template; with actions to lose, only once the learner confirms. A
    /// template that does not import changes nothing and says why.
    pub(super) fn load_template(mut self, file: &str, text: &str, confirmed: bool) -> AppState {
        let (scenario, loaded) = match import(file, text) {
            Ok(x) => x,
            Err(e) => {
                self.notice = Some(Notice {
                    ok: false,
                    text: format!("{}: {e}", t(self.lang, Key::TemplateRefused)),
                    action: Some("LoadTemplate"),
                    fleeting: false,
                });
                return self;
            }
        };
        if self.has_actions() && !confirmed {
            self.pending_wipe = Some(Wipe::Template {
                file: file.to_string(),
                text: text.to_string(),
            });
            return self;
        }
        let fresh = AppState::from_scenario(
            TEMPLATE_ID,
            scenario,
            self.seed,
            self.lang,
            self.reduce_motion,
        );
        let mut next = self.carried_into(fresh);
        next.template = Some(Rc::new(loaded));
        next
    }

    /// The loaded template again, from the start, with `seed`.
    pub(super) fn template_reloaded(&self, seed: u64) -> Option<AppState> {
        let loaded = self.template.clone()?;
        let (scenario, _) = import(&loaded.file, &loaded.text).ok()?;
        let fresh =
            AppState::from_scenario(TEMPLATE_ID, scenario, seed, self.lang, self.reduce_motion);
        let mut next = self.carried_into(fresh);
        next.template = Some(loaded);
        Some(next)
    }

    /// The current scenario as a CloudFormation template: a file name and its YAML.
    pub fn template_download(&self) -> Result<(String, String), String> {
        let (name, text) = match &self.template {
            Some(l) if self.scenario_id == TEMPLATE_ID => (l.file.clone(), l.scenario_json.clone()),
            _ => {
                let (_, text) = sim_core::scenario::BUILTIN
                    .iter()
                    .find(|(id, _)| *id == self.scenario_id)
                    .ok_or_else(|| format!("no scenario {}", self.scenario_id))?;
                (format!("{}.json", self.scenario_id), text.to_string())
            }
        };
        let template = cloudformation::export::template(&name, &text)?;
        Ok((
            self.template_file_name(),
            cloudformation::export::to_yaml(&template),
        ))
    }

    /// The downloaded template's file name: the scenario's id, or the loaded file's stem.
    pub fn template_file_name(&self) -> String {
        let name = match &self.template {
            Some(l) if self.scenario_id == TEMPLATE_ID => l.file.as_str(),
            _ => self.scenario_id.as_str(),
        };
        let stem = name.rsplit('/').next().unwrap_or(name);
        let stem = stem.split('.').next().unwrap_or(stem);
        // Only characters a shell takes as they are: the card's deploy command names
        // the file ("Meu modelo (1).yaml" would have split it).
        let safe: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        // Not "-" first either: the CLI would read "--template-file -1-.yaml" as an option.
        let safe = safe.trim_start_matches(['-', '_']);
        let safe = if safe.is_empty() { "template" } else { safe };
        format!("{safe}.cloudformation.yaml")
    }
}
