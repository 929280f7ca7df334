//! DynamoDB tables as scenarios declare them (CloudFormation's property names).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::StreamViewType;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct KeySchemaElement {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct StreamSpecification {
    pub stream_enabled: bool,
    #[serde(default)]
    pub stream_view_type: Option<StreamViewType>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "PascalCase")]
pub struct TableConfig {
    pub table_name: String,
    pub key_schema: Vec<KeySchemaElement>,
    #[serde(default)]
    pub stream_specification: Option<StreamSpecification>,
    /// Items present at the start, as plain JSON.
    #[serde(default)]
    pub items: Vec<Value>,
}
