//! A template in the reducer: a refusal changes nothing, a good one becomes the
//! scenario (a reset and another seed import it again), and the download is a
//! template that imports back.

use std::rc::Rc;

use yew::prelude::*;

use super::template::TEMPLATE_ID;
use super::{default_scenario, AppState, Msg};
use crate::i18n::Lang;

const SAM: &str = include_str!("../../tests/templates/sam-patterns.yaml");

fn load(text: &str) -> Msg {
    Msg::LoadTemplate {
        file: "t.yaml".into(),
        text: text.into(),
    }
}

#[test]
fn a_refused_template_changes_nothing_and_says_why() {
    let s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false));
    let next = s.clone().reduce(load(
        "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    DependsOn: A\n",
    ));
    assert_eq!(next.scenario_id, default_scenario());
    assert_eq!(next.graph, s.graph);
    let notice = next.notice.clone().expect("notice");
    assert!(
        !notice.ok
            && notice
                .text
                .contains("Circular dependency between resources: [A]"),
        "{}",
        notice.text
    );
}

#[test]
fn a_template_becomes_the_scenario_and_survives_reset_and_seed() {
    let s = Rc::new(AppState::new(default_scenario(), 1, Lang::En, false)).reduce(load(SAM));
    assert_eq!(s.scenario_id, TEMPLATE_ID);
    assert!(s.graph.nodes.iter().any(|n| n.name == "QueueConsumer"));
    assert!(s.session().is_none(), "a template's session is not kept");
    let s = s.reduce(Msg::Load {
        scenario_id: TEMPLATE_ID.into(),
        seed: 9,
    });
    assert_eq!((s.scenario_id.as_str(), s.seed), (TEMPLATE_ID, 9));
    assert!(s
        .view(|w| w.function("QueueConsumer").is_some())
        .unwrap_or(false));
    let (name, yaml) = s.template_download().expect("download");
    assert_eq!(name, "t.cloudformation.yaml");
    let back = sim_core::cloudformation::import(&name, &yaml).expect("imports back");
    assert_eq!(back.scenario.functions.len(), 8);
    // Back to a built-in: the picker still offers the template.
    let s = s.reduce(Msg::Load {
        scenario_id: default_scenario().into(),
        seed: 1,
    });
    assert!(s.template.is_some() && s.scenario_id == default_scenario());
    let (name, _) = s.template_download().expect("a built-in downloads too");
    assert_eq!(name, format!("{}.cloudformation.yaml", default_scenario()));
}

/// The download's name is one a shell takes as it is: the card's deploy command
/// names the file, and a student's "Meu modelo (1).yaml" would have split it.
#[test]
fn the_downloaded_templates_name_needs_no_quoting() {
    let s =
        Rc::new(AppState::new(default_scenario(), 1, Lang::En, false)).reduce(Msg::LoadTemplate {
            file: "Meu modelo (1).yaml".into(),
            text: SAM.into(),
        });
    assert_eq!(s.template_file_name(), "Meu-modelo--1-.cloudformation.yaml");
    let (name, _) = s.template_download().expect("download");
    assert_eq!(name, s.template_file_name());
    // Nor a leading "-", which the CLI reads as an option.
    let s = s.reduce(Msg::LoadTemplate {
        file: "(1).yaml".into(),
        text: SAM.into(),
    });
    assert_eq!(s.template_file_name(), "1-.cloudformation.yaml");
}

/// What an import lists as not simulated, and its notes, read in Portuguese too (the
/// student walk met "every function's log is kept in the app already" in a
/// Portuguese page).
#[test]
fn an_imports_notes_and_reasons_have_portuguese() {
    use crate::i18n::sim_text;
    const LAB003: &str = include_str!("../../tests/templates/lab003-order-events.yaml");
    const MORE: &str = "Resources:\n  Nightly:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: rate(1 day)\n  Chat:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: chat\n      ProtocolType: WEBSOCKET\n      RouteSelectionExpression: $request.body.action\n";
    // One of each note SAM's resources make.
    const SAM_NOTES: &str = "Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody: { openapi: '3.0.1', paths: {} }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      InlineCode: 'def handler(e, c): return e'
      FunctionUrlConfig: { AuthType: NONE }
      Policies:
        - KinesisCrudPolicy: { StreamName: s }
      Events:
        Stream:
          Type: Kinesis
          Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s, StartingPosition: LATEST }
        Iot:
          Type: IoTRule
          Properties: { Sql: \"SELECT * FROM 't'\" }
        Rule:
          Type: EventBridgeRule
          Properties:
            Pattern: { source: [x] }
            DeadLetterConfig: { Type: SQS }
";
    let mut texts = Vec::new();
    for text in [SAM, LAB003, MORE, SAM_NOTES] {
        let (_, loaded) = super::template::import("t.yaml", text).expect("imports");
        texts.extend(loaded.notes);
        texts.extend(
            loaded
                .not_simulated
                .into_iter()
                .map(|n| n.why)
                .filter(|why| why != sim_core::cloudformation::UNSUPPORTED_TYPE),
        );
    }
    assert!(texts.len() >= 8, "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("of type IoTRule")),
        "{texts:?}"
    );
    for text in &texts {
        assert_ne!(&sim_text(Lang::Pt, text), text, "no Portuguese for: {text}");
    }
}
