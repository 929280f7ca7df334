//! Every ARN this lab's resources have, so a policy's Resource that names none of
//! them can be pointed out. IAM itself never checks that a resource exists: a typo
//! in an ARN is saved as written, and shows only as a call that is still denied.
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html>

use crate::services::iam::policy::{glob, Effect, PolicyDocument};
use crate::services::iam::NamedNowhere;
use crate::world::Simulation;

impl Simulation {
    /// The ARN of each resource here, and under the ones that have parts (a bucket's
    /// objects, a table's indexes, a log group's streams, a function's versions) the
    /// start of a part's ARN, so `bucket/*` or `log-group:NAME:*` find theirs.
    fn resource_arns(&self) -> Vec<String> {
        let region = self.scenario.region;
        let account = crate::ACCOUNT_ID;
        let mut arns: Vec<String> = self.sqs.queues.iter().map(|q| q.arn()).collect();
        for t in &self.dynamodb.tables {
            arns.extend([t.arn(), t.stream_arn(), format!("{}/index/", t.arn())]);
        }
        for f in &self.lambda.functions {
            let arn = crate::lambda::function_arn(region, f.name());
            arns.extend([format!("{arn}:"), arn]);
        }
        let topics = self.sns.topics.iter();
        arns.extend(topics.map(|t| crate::sns::topic_arn(region, &t.config.topic_name)));
        let buses = self.eventbridge.buses.iter();
        arns.extend(buses.map(|b| crate::eventbridge::bus_arn(region, b)));
        arns.extend(self.eventbridge.rules.iter().map(|r| r.arn(region)));
        for b in &self.s3.buckets {
            let arn = crate::services::s3::bucket_arn(&b.config.bucket_name);
            arns.extend([format!("{arn}/"), arn]);
        }
        for name in self.cloudwatch_logs.groups.keys() {
            let arn = format!("arn:aws:logs:{region}:{account}:log-group:{name}");
            arns.extend([format!("{arn}:log-stream:"), arn]);
        }
        arns.extend(self.cloudwatch.alarms.iter().map(|a| a.arn()));
        arns.extend(self.iam.roles.iter().map(|r| r.arn()));
        let pipes = self.pipes.pipes.iter();
        arns.extend(pipes.map(|p| crate::pipes::pipe_arn(region, &p.config.name)));
        arns
    }

    /// Works out, for every inline policy, its Resources that name nothing here: when
    /// the world is built and after each PutRolePolicy (the resources do not change).
    pub(crate) fn mark_resources_named_nowhere(&mut self) {
        let arns = self.resource_arns();
        for role in &mut self.iam.roles {
            for p in &mut role.policies {
                p.named_nowhere = named_nowhere(&p.document, &arns);
            }
        }
    }
}

/// The `Resource` entries of `doc`'s Allow statements that match none of `arns` ("*"
/// always matches), each with the ARN it is a typo away from. A Deny's typo is left
/// alone: it denies nothing, and the sentence for it would be another one.
fn named_nowhere(doc: &PolicyDocument, arns: &[String]) -> Vec<NamedNowhere> {
    let mut nowhere: Vec<NamedNowhere> = Vec::new();
    let allows = doc.statements.iter().filter(|s| s.effect == Effect::Allow);
    for s in allows.filter(|s| !s.resource.not) {
        for p in &s.resource.patterns {
            let named = arns.iter().any(|a| glob(p, a));
            if !named && !nowhere.iter().any(|n| n.resource == *p) {
                nowhere.push(NamedNowhere {
                    resource: p.clone(),
                    closest: closest(p, arns),
                });
            }
        }
    }
    nowhere
}

/// The ARN nearest `pattern` by edit distance, when it is at most a third of the
/// length of the pattern's resource name (after its last `:` or `/`) away: a typo,
/// not another resource (`table/orders-archive` is not offered `table/orders`).
/// Ties go to the first.
fn closest(pattern: &str, arns: &[String]) -> Option<String> {
    let name = pattern.rsplit([':', '/']).next().unwrap_or(pattern);
    let most = (name.chars().count() / 3).max(1);
    let whole = arns.iter().filter(|a| !a.ends_with(['/', ':']));
    let (distance, arn) = whole
        .map(|a| (edit_distance(pattern, a), a))
        .min_by_key(|(d, _)| *d)?;
    (distance <= most).then(|| arn.clone())
}

/// Levenshtein distance in characters, with two rows.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use crate::services::iam::{NamedNowhere, PolicyDocument};
    use crate::Simulation;
    use serde_json::json;

    fn world(id: &str) -> Simulation {
        let scenario = crate::scenario::builtin(id).expect("a built-in lab");
        Simulation::new(scenario.expect("it parses"), 1).expect("world")
    }

    fn nowhere(sim: &Simulation, resources: serde_json::Value) -> Vec<NamedNowhere> {
        let doc = json!({ "Version": "2012-10-17", "Statement": [
            { "Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": resources } ] });
        let doc = PolicyDocument::parse(&doc).expect("policy");
        super::named_nowhere(&doc, &sim.resource_arns())
    }

    #[test]
    fn every_lab_policy_names_resources_that_exist() {
        for (name, _) in crate::scenario::BUILTIN {
            let sim = world(name);
            for role in &sim.iam.roles {
                for p in &role.policies {
                    assert!(
                        p.named_nowhere.is_empty(),
                        "{name} {}: {:?}",
                        p.policy_name,
                        p.named_nowhere
                    );
                }
            }
        }
    }

    #[test]
    fn a_typo_in_a_name_region_or_account_names_nothing() {
        let sim = world("lab000-pedidos");
        let table = "arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db";
        assert!(nowhere(&sim, json!(table)).is_empty());
        let typos = [
            "arn:aws:dynamodb:us-east-1:123456789012:table/pedido-db",
            "arn:aws:dynamodb:us-east-2:123456789012:table/pedidos-db",
            "arn:aws:dynamodb:us-east-1:123456789013:table/pedidos-db",
        ];
        let found = nowhere(&sim, json!(typos));
        let said: Vec<&str> = found.iter().map(|n| n.resource.as_str()).collect();
        assert_eq!(said, typos);
        // Each is a typo away from the table's own ARN, which is offered.
        assert!(found.iter().all(|n| n.closest.as_deref() == Some(table)));
        // A Deny naming nothing is left alone (it denies nothing; "stays denied" would
        // be wrong).
        let deny = json!({ "Version": "2012-10-17", "Statement": [
            { "Effect": "Deny", "Action": "dynamodb:PutItem", "Resource": typos[0] } ] });
        let deny = PolicyDocument::parse(&deny).expect("policy");
        assert!(super::named_nowhere(&deny, &sim.resource_arns()).is_empty());
        // A longer name of its own is not offered the table it contains.
        let archive = nowhere(&sim, json!(format!("{table}-archive")));
        assert_eq!(archive[0].closest, None, "{archive:?}");
        // Another resource's name is not offered as the one meant.
        let other = nowhere(
            &sim,
            json!("arn:aws:sqs:us-east-1:123456789012:fila-inexistente"),
        );
        assert_eq!(other[0].closest, None);
        // Wildcards and parts of a resource find it.
        for named in [
            "*",
            "arn:aws:dynamodb:*:*:table/pedidos-*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db/index/*",
            "arn:aws:dynamodb:us-east-1:123456789012:table/pedidos-db/stream/*",
            "arn:aws:s3:::pedidos-upload-bucket/*",
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/*:*",
            "arn:aws:sqs:*:123456789012:pedidos-entrada-queue",
        ] {
            assert!(nowhere(&sim, json!(named)).is_empty(), "{named}");
        }
    }

    #[test]
    fn edit_distance_counts_characters() {
        use super::edit_distance as d;
        assert_eq!(d("", ""), 0);
        assert_eq!(d("pedidos-db", "pedido-db"), 1);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("€uro", "euro"), 1);
    }
}
