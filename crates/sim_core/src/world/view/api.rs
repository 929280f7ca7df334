//! API Gateway, Pipes and SNS e-mail: the smaller resources' views.

use serde_json::Value;

use crate::apigateway::Route;
use crate::sns::Email;
use crate::Simulation;

/// Requests an API view carries: the newest ones.
const EXCHANGES_SHOWN: usize = 50;

#[derive(Clone, Debug, PartialEq)]
pub struct ExchangeView {
    pub sent_ms: u64,
    pub method: String,
    pub path: String,
    /// None while the integration is still running.
    pub status_code: Option<u16>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ApiView {
    pub name: String,
    /// None when no API of that name is configured.
    pub invoke_url: Option<String>,
    /// "REST API" or "HTTP API".
    pub api_type: &'static str,
    pub routes: Vec<Route>,
    /// Newest first.
    pub exchanges: Vec<ExchangeView>,
}

impl ApiView {
    pub fn of(sim: &Simulation, name: &str) -> ApiView {
        let api = sim.apis().iter().find(|a| a.name == name);
        let mut exchanges: Vec<ExchangeView> = sim
            .http_exchanges()
            .filter(|x| x.api == name)
            .map(|x| ExchangeView {
                sent_ms: x.sent_ms,
                method: x.method.clone(),
                path: x.path.clone(),
                status_code: x.status_code,
                response_headers: x
                    .response_headers
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                response_body: x.response_body.clone(),
            })
            .collect();
        exchanges.reverse();
        exchanges.truncate(EXCHANGES_SHOWN);
        ApiView {
            name: name.to_string(),
            invoke_url: api.map(|a| a.invoke_url(sim.scenario().region)),
            api_type: match api.map(|a| a.protocol_type) {
                Some(crate::apigateway::ProtocolType::Http) => "HTTP API",
                _ => "REST API",
            },
            routes: api.map(|a| a.routes.clone()).unwrap_or_default(),
            exchanges,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct PipeView {
    pub name: String,
    pub delivered: u64,
    /// Rejected by the filters (and deleted from an SQS source).
    pub filtered_out: u64,
    /// TargetParameters.InputTemplate, as written.
    pub input_template: Option<String>,
    /// What the latest delivery sent the target (the template's output).
    pub last_input: Option<String>,
    pub config: Value,
    /// The source queue, when a Lambda trigger also reads it: the functions whose
    /// trigger competes with the pipe for every message.
    pub competes_on: Option<(String, Vec<String>)>,
    /// The scenario that fixes the competition, when the scenario offers one.
    pub fixed_variant: Option<crate::scenario::console::FixedVariant>,
}

impl PipeView {
    pub fn of(sim: &Simulation, name: &str) -> Option<PipeView> {
        let p = sim.pipes().iter().find(|p| p.config.name == name)?;
        let queue = p.config.source_queue();
        let functions: Vec<String> = sim
            .sqs_mappings()
            .iter()
            .filter(|m| sim.queues()[m.queue as usize].name() == queue)
            .map(|m| sim.functions()[m.function as usize].name().to_string())
            .collect();
        let competes_on = (!functions.is_empty()).then(|| (queue.to_string(), functions));
        Some(PipeView {
            name: name.to_string(),
            delivered: p.delivered,
            filtered_out: p.filtered_out,
            input_template: p.config.target_parameters.input_template.clone(),
            last_input: p.last_input.clone(),
            config: serde_json::to_value(&p.config).unwrap_or_default(),
            fixed_variant: competes_on
                .as_ref()
                .and(sim.scenario().console.fixed_variant.clone()),
            competes_on,
        })
    }
}

/// The e-mails SNS e-mail subscriptions received.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InboxView {
    /// Newest first.
    pub emails: Vec<Email>,
}

impl InboxView {
    pub fn of(sim: &Simulation) -> InboxView {
        let mut emails: Vec<Email> = sim.inbox().cloned().collect();
        emails.reverse();
        InboxView { emails }
    }
}
