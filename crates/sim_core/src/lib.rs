//! EventLab's simulation core: a deterministic discrete-event simulation of the AWS
//! services in the labs (SQS, Lambda, DynamoDB, API Gateway, EventBridge, SNS, Pipes,
//! CloudWatch Logs).
//! No browser crates, no wall clock, no HashMap iteration: same scenario, seed and
//! actions give the same trace natively and in WebAssembly.

pub mod action;
pub mod cloudformation;
pub mod error;
pub mod invariants;
pub mod kernel;
pub mod labs;
pub mod limits;
pub mod region;
pub mod report;
pub mod scenario;
pub mod services;
#[cfg(test)]
mod testing;
pub mod workload;
pub mod world;

pub use action::{Action, ScriptStep};
pub use error::{SimError, SimResult};
pub use kernel::time::SimTime;
pub use scenario::Scenario;
// The kernel's modules under their v1 paths, for the shell and the command line.
pub use kernel::{rng, scheduler, time, trace};
pub use services::sqs::state_name;
pub use world::{Bounds, Simulation};
// The services under their v1 paths.
pub use services::{apigateway, dynamodb, eventbridge, lambda, pipes, sns, sqs};
pub use world::invoke;
// Read-only views for the shell, the command line and reports.
pub use world::view;

/// The simulated account, as it appears in ARNs and URLs (its Region is the
/// scenario's: see `region`).
pub const ACCOUNT_ID: &str = "123456789012";

pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}
