//! One Region per scenario: an ARN in a resource that names another Region is
//! refused, since the simulated account has nothing there. On AWS "a dead letter
//! queue must be created using the same AWS account and region as the source queue",
//! <https://docs.aws.amazon.com/sdk-for-java/v1/developer-guide/examples-sqs-dead-letter-queues.html>,
//! and a Lambda trigger, a pipe or an alarm reads resources of its own Region.

use serde_json::Value;

use super::ScenarioFile;

/// The first ARN (in the resource sections) whose Region is not `region`.
pub fn check_arn_regions(file: &str, region: &str, raw: &ScenarioFile) -> Result<(), String> {
    let sections: [(&str, &[Value]); 13] = [
        ("Queues", &raw.queues),
        ("Tables", &raw.tables),
        ("Functions", &raw.functions),
        ("EventSourceMappings", &raw.event_source_mappings),
        ("Apis", &raw.apis),
        ("EventBuses", &raw.event_buses),
        ("Rules", &raw.rules),
        ("Topics", &raw.topics),
        ("Pipes", &raw.pipes),
        ("Alarms", &raw.alarms),
        ("Roles", &raw.roles),
        ("Buckets", &raw.buckets),
        ("ResourcePolicies", &raw.resource_policies),
    ];
    for (name, items) in sections {
        for (i, v) in items.iter().enumerate() {
            if let Some((path, arn)) = other_region(v, region, format!("{name}[{i}]")) {
                return Err(format!(
                    "{file}: {path}: \"{arn}\" is in {}, but this scenario runs in {region} (its Region): use an ARN in {region}",
                    crate::region::of_arn(&arn)
                ));
            }
        }
    }
    Ok(())
}

/// Where in `v` an ARN names a Region other than `region` (IAM and S3 ARNs name none).
fn other_region(v: &Value, region: &str, path: String) -> Option<(String, String)> {
    match v {
        Value::String(s) if s.starts_with("arn:") => {
            let named = crate::region::of_arn(s);
            (!named.is_empty() && named != "*" && named != region).then(|| (path, s.clone()))
        }
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, x)| other_region(x, region, format!("{path}[{i}]"))),
        Value::Object(o) => o
            .iter()
            .find_map(|(k, x)| other_region(x, region, format!("{path}.{k}"))),
        _ => None,
    }
}
