//! DynamoDB tables as scenarios declare them (CloudFormation's property names).

use serde::Serialize;
use serde_json::Value;

use super::StreamViewType;
use crate::services::de::{self, read, req, FromJson, Res};

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct KeySchemaElement {
    pub attribute_name: String,
    pub key_type: String,
}

/// A key attribute's type: `S`, `N` or `B`. DynamoDB refuses a key of another type.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeDefinition {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpecification {
    pub stream_enabled: bool,
    pub stream_view_type: Option<StreamViewType>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TableConfig {
    pub table_name: String,
    pub key_schema: Vec<KeySchemaElement>,
    /// The key attributes' types; a key attribute not listed is a string (S).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attribute_definitions: Vec<AttributeDefinition>,
    pub stream_specification: Option<StreamSpecification>,
    /// Items present at the start, as plain JSON.
    pub items: Vec<Value>,
}

impl FromJson for KeySchemaElement {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct KeySchemaElement", true, "",
            "AttributeName" attribute_name de::string,
            "KeyType" key_type de::string,
        );
        Ok(KeySchemaElement {
            attribute_name: req(attribute_name, "AttributeName")?,
            key_type: req(key_type, "KeyType")?,
        })
    }
}

impl FromJson for AttributeDefinition {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct AttributeDefinition", true, "",
            "AttributeName" attribute_name de::string,
            "AttributeType" attribute_type de::string,
        );
        Ok(AttributeDefinition {
            attribute_name: req(attribute_name, "AttributeName")?,
            attribute_type: req(attribute_type, "AttributeType")?,
        })
    }
}

impl TableConfig {
    /// The declared type of a key attribute: S unless AttributeDefinitions say otherwise.
    pub fn key_type(&self, attribute: &str) -> &str {
        self.attribute_definitions
            .iter()
            .find(|d| d.attribute_name == attribute)
            .map_or("S", |d| d.attribute_type.as_str())
    }
}

impl FromJson for StreamSpecification {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct StreamSpecification", true, "",
            "StreamEnabled" stream_enabled de::boolean,
            "StreamViewType" stream_view_type |x| de::opt(x, de::parse),
        );
        Ok(StreamSpecification {
            stream_enabled: req(stream_enabled, "StreamEnabled")?,
            stream_view_type: stream_view_type.flatten(),
        })
    }
}

impl FromJson for TableConfig {
    fn from_json(v: &Value) -> Res<Self> {
        read!(v, "struct TableConfig", true, "",
            "TableName" table_name de::string,
            "KeySchema" key_schema |x| de::vec(x, de::parse),
            "AttributeDefinitions" attribute_definitions |x| de::vec(x, de::parse),
            "StreamSpecification" stream_specification |x| de::opt(x, de::parse),
            "Items" items |x| de::vec(x, de::value),
        );
        Ok(TableConfig {
            table_name: req(table_name, "TableName")?,
            key_schema: req(key_schema, "KeySchema")?,
            attribute_definitions: attribute_definitions.unwrap_or_default(),
            stream_specification: stream_specification.flatten(),
            items: items.unwrap_or_default(),
        })
    }
}
