//! EventLab's simulation core: a deterministic discrete-event simulation of the AWS
//! services in the labs (SQS, Lambda, DynamoDB, API Gateway, CloudWatch Logs).
//! No browser crates, no wall clock, no HashMap iteration: same scenario, seed and
//! actions give the same trace natively and in WebAssembly.

pub mod action;
pub mod apigateway;
pub mod dynamodb;
pub mod error;
pub mod eventbridge;
mod handlers;
pub mod invariants;
pub mod invoke;
pub mod lambda;
pub mod limits;
mod md5;
pub mod pipes;
pub mod report;
pub mod rng;
pub mod scenario;
pub mod scenario_console;
pub mod scheduler;
mod sha256;
pub mod sns;
pub mod sqs;
pub mod time;
pub mod trace;
pub mod view;
pub mod world;
mod world_events;
mod world_pipes;
mod world_sqs;

pub use action::{Action, ScriptStep};
pub use error::{SimError, SimResult};
pub use scenario::Scenario;
pub use time::SimTime;
pub use world::{Bounds, Simulation};
pub use world_sqs::state_name;

/// The simulated account and region, as they appear in ARNs and URLs.
pub const ACCOUNT_ID: &str = "123456789012";
pub const REGION: &str = "us-east-1";

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
