//! One folder a service: each owns its configuration, state and the AWS data shapes
//! it produces. Services never import the world; the world wires them together.

pub mod apigateway;
pub mod cloudwatch;
pub mod de;
pub mod dynamodb;
pub mod eventbridge;
pub mod iam;
pub mod lambda;
pub mod logs;
pub mod pipes;
pub mod s3;
pub mod sns;
pub mod sqs;
