//! Who feeds whom: the scenario's resources and the arrows between them, in the order
//! they were declared. A diagram lays them out; a report can list them.

use crate::lambda::Behavior;
use crate::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ResourceKind {
    Api,
    Function,
    Queue,
    Dlq,
    Table,
    Bus,
    Rule,
    Topic,
    Pipe,
    Email,
    Alarm,
    Bucket,
}

impl ResourceKind {
    /// A short lowercase name, stable for CSS classes and reports.
    pub fn slug(self) -> &'static str {
        match self {
            ResourceKind::Api => "api",
            ResourceKind::Function => "function",
            ResourceKind::Queue => "queue",
            ResourceKind::Dlq => "dlq",
            ResourceKind::Table => "table",
            ResourceKind::Bus => "bus",
            ResourceKind::Rule => "rule",
            ResourceKind::Topic => "topic",
            ResourceKind::Pipe => "pipe",
            ResourceKind::Email => "email",
            ResourceKind::Alarm => "alarm",
            ResourceKind::Bucket => "bucket",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    pub name: String,
    pub kind: ResourceKind,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub from: String,
    pub to: String,
    /// A queue's RedrivePolicy (queue → DLQ).
    pub redrive: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Topology {
    /// In declaration order: APIs, functions, queues, tables, buses, rules, topics
    /// (with their e-mail endpoints), pipes, alarms.
    pub resources: Vec<Resource>,
    /// Each arrow once, only between declared resources.
    pub links: Vec<Link>,
}

impl Topology {
    pub fn of(s: &Scenario) -> Topology {
        let mut t = Topology::default();
        t.add_resources(s);
        t.add_links(s);
        t
    }

    pub fn kind(&self, name: &str) -> Option<ResourceKind> {
        self.resources
            .iter()
            .find(|r| r.name == name)
            .map(|r| r.kind)
    }

    fn add(&mut self, name: &str, kind: ResourceKind) {
        if self.kind(name).is_none() {
            self.resources.push(Resource {
                name: name.to_string(),
                kind,
            });
        }
    }

    fn link(&mut self, from: &str, to: &str, redrive: bool) {
        let known = self.kind(from).is_some() && self.kind(to).is_some();
        if known && !self.links.iter().any(|l| l.from == from && l.to == to) {
            self.links.push(Link {
                from: from.into(),
                to: to.into(),
                redrive,
            });
        }
    }

    fn add_resources(&mut self, s: &Scenario) {
        let dlqs: Vec<&str> = s
            .queues
            .iter()
            .filter_map(|q| q.dead_letter_queue_name())
            .collect();
        for a in &s.apis {
            self.add(&a.name, ResourceKind::Api);
        }
        for b in &s.buckets {
            self.add(&b.bucket_name, ResourceKind::Bucket);
        }
        for f in &s.functions {
            self.add(&f.function_name, ResourceKind::Function);
        }
        for q in &s.queues {
            let is_dlq = dlqs.contains(&q.queue_name.as_str());
            let kind = if is_dlq {
                ResourceKind::Dlq
            } else {
                ResourceKind::Queue
            };
            self.add(&q.queue_name, kind);
        }
        for t in &s.tables {
            self.add(&t.table_name, ResourceKind::Table);
        }
        for b in &s.buses {
            self.add(&b.name, ResourceKind::Bus);
        }
        for r in &s.rules {
            self.add(&r.name, ResourceKind::Rule);
        }
        for t in &s.topics {
            self.add(&t.topic_name, ResourceKind::Topic);
            for sub in t.subscriptions.iter().filter(|s| s.protocol == "email") {
                self.add(&sub.endpoint, ResourceKind::Email);
            }
        }
        for p in &s.pipes {
            self.add(&p.name, ResourceKind::Pipe);
        }
        for a in &s.alarms {
            self.add(&a.alarm_name, ResourceKind::Alarm);
        }
    }

    fn add_links(&mut self, s: &Scenario) {
        for a in &s.apis {
            for r in &a.routes {
                self.link(&a.name, &r.function_name, false);
            }
        }
        for b in &s.buckets {
            for n in &b.notifications {
                self.link(&b.bucket_name, n.destination.name(), false);
            }
        }
        for f in &s.functions {
            self.add_function_links(f);
        }
        for m in &s.mappings {
            self.link(m.source_name(), &m.function_name, false);
            // A discarded stream batch's record goes out from the function's trigger.
            if let Some(d) = &m.destination_config {
                self.link(
                    &m.function_name,
                    &destination_name(&d.on_failure.destination),
                    false,
                );
            }
        }
        for q in &s.queues {
            if let Some(d) = q.dead_letter_queue_name() {
                self.link(&q.queue_name, d, true);
            }
        }
        for r in &s.rules {
            self.link(&r.event_bus_name, &r.name, false);
            for t in &r.targets {
                if let Ok(k) = s.resolve_target(&t.arn) {
                    self.link(&r.name, k.name(), false);
                }
            }
        }
        for t in &s.topics {
            for sub in &t.subscriptions {
                let endpoint = sub.endpoint.rsplit(':').next().unwrap_or(&sub.endpoint);
                self.link(&t.topic_name, endpoint, false);
            }
        }
        for p in &s.pipes {
            self.link(p.source_queue(), &p.name, false);
            if let Ok(k) = s.resolve_target(&p.target) {
                self.link(&p.name, k.name(), false);
            }
        }
        for a in &s.alarms {
            // The watched resource → the alarm → the topics it notifies.
            for (_, resource) in &a.dimensions {
                self.link(resource, &a.alarm_name, false);
            }
            for arn in a.alarm_actions.iter().chain(&a.ok_actions) {
                self.link(&a.alarm_name, arn.rsplit(':').next().unwrap_or(arn), false);
            }
        }
    }

    /// What a function writes or sends to: its behaviour's table, queue, bus and topic,
    /// and its asynchronous destinations.
    fn add_function_links(&mut self, f: &crate::lambda::FunctionConfig) {
        let name = &f.function_name;
        let (table, queue) = f.behavior.references();
        if let Some(q) = queue {
            self.link(name, q, false);
        }
        if let Some(t) = table {
            self.link(name, t, false);
        }
        match f.behavior.as_ref() {
            Behavior::ValidaPedido {
                event_bus_name,
                invalid_topic_name,
                ..
            } => {
                self.link(name, event_bus_name, false);
                if let Some(t) = invalid_topic_name {
                    self.link(name, t, false);
                }
            }
            Behavior::PublishOrder { event_bus_name, .. } => self.link(name, event_bus_name, false),
            Behavior::PublishNewOrders { topic_name } => self.link(name, topic_name, false),
            // The SQS guide's consumer sends a message at MaxRetries to its DLQ itself.
            Behavior::SqsGuideConsumer {
                dead_letter_queue_name,
                ..
            } => self.link(name, dead_letter_queue_name, false),
            _ => {}
        }
        let dc = &f.event_invoke_config.destination_config;
        let destinations = [dc.on_success.as_ref(), dc.on_failure.as_ref()];
        for arn in destinations.into_iter().flatten().map(|d| &d.destination) {
            self.link(name, &destination_name(arn), false);
        }
        // Where a failed asynchronous event goes after its retries (a queue or topic).
        if let Some(dlq) = &f.dead_letter_config {
            self.link(name, &destination_name(&dlq.target_arn), false);
        }
    }
}

/// A destination's own name: a bus's ARN ends "event-bus/NAME", a function's may end
/// ":$LATEST" (read as queue names, they drew no arrow).
fn destination_name(arn: &str) -> String {
    match crate::eventbridge::TargetKind::from_arn(arn) {
        Some(k) => k.name().to_string(),
        None => crate::sqs::queue_name_from_arn(arn).to_string(),
    }
}
