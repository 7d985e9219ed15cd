//! Creates a DynamoDB table from the `AWS::DynamoDB::Table` resource of the SAM template.

use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, GlobalSecondaryIndex, KeySchemaElement, KeyType, Projection, ProjectionType, ScalarAttributeType,
    StreamSpecification, StreamViewType, TimeToLiveSpecification,
};
use aws_sdk_dynamodb::Client;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The SAM template, read at build time.
pub const TEMPLATE: &str = include_str!("../../infra/template.yaml");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[derive(Deserialize)]
struct Template {
    #[serde(rename = "Resources")]
    resources: BTreeMap<String, Resource>,
}

#[derive(Deserialize)]
struct Resource {
    #[serde(rename = "Type")]
    kind: String,
    #[serde(rename = "Properties", default)]
    properties: serde_yaml_ng::Value,
}

/// The parts of the table definition that shape the keys.
#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct TableDefinition {
    pub attribute_definitions: Vec<Attribute>,
    pub key_schema: Vec<Key>,
    #[serde(default)]
    pub global_secondary_indexes: Vec<Index>,
    #[serde(default)]
    pub time_to_live_specification: Option<Ttl>,
    /// The stream the email sender reads (`KEYS_ONLY`).
    #[serde(default)]
    pub stream_specification: Option<StreamSpec>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct StreamSpec {
    pub stream_view_type: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Attribute {
    pub attribute_name: String,
    pub attribute_type: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Key {
    pub attribute_name: String,
    pub key_type: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Index {
    pub index_name: String,
    pub key_schema: Vec<Key>,
    pub projection: IndexProjection,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct IndexProjection {
    pub projection_type: String,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Ttl {
    pub attribute_name: String,
    pub enabled: bool,
}

/// Reads the one table resource of the template.
pub fn definition() -> Result<TableDefinition, BoxError> {
    let template: Template = serde_yaml_ng::from_str(TEMPLATE)?;
    let table = template
        .resources
        .into_values()
        .find(|r| r.kind == "AWS::DynamoDB::Table")
        .ok_or("no AWS::DynamoDB::Table in infra/template.yaml")?;
    Ok(serde_yaml_ng::from_value(table.properties)?)
}

fn key_schema(keys: &[Key]) -> Result<Vec<KeySchemaElement>, BoxError> {
    keys.iter()
        .map(|k| Ok(KeySchemaElement::builder().attribute_name(&k.attribute_name).key_type(KeyType::from(k.key_type.as_str())).build()?))
        .collect()
}

/// Creates `name` (on-demand, with the template's stream) unless it exists, and turns its TTL on.
pub async fn create_table(client: &Client, name: &str) -> Result<(), BoxError> {
    create(client, name, true).await
}

/// The same without the stream: an integration test's table, whose emails its test sends from
/// the outbox itself. DynamoDB Local keeps every stream record of every table, deleted ones too,
/// and each write gets slower as they pile up (2,000 writes: 3.4 s into the first table, 11.2 s
/// into the sixth); hundreds of tests with streams doubled the time of a run.
pub async fn create_table_without_stream(client: &Client, name: &str) -> Result<(), BoxError> {
    create(client, name, false).await
}

async fn create(client: &Client, name: &str, with_stream: bool) -> Result<(), BoxError> {
    let def = definition()?;
    let mut request =
        client.create_table().table_name(name).billing_mode(BillingMode::PayPerRequest).set_key_schema(Some(key_schema(&def.key_schema)?));
    for attr in &def.attribute_definitions {
        request = request.attribute_definitions(
            AttributeDefinition::builder()
                .attribute_name(&attr.attribute_name)
                .attribute_type(ScalarAttributeType::from(attr.attribute_type.as_str()))
                .build()?,
        );
    }
    for index in &def.global_secondary_indexes {
        request = request.global_secondary_indexes(
            GlobalSecondaryIndex::builder()
                .index_name(&index.index_name)
                .set_key_schema(Some(key_schema(&index.key_schema)?))
                .projection(Projection::builder().projection_type(ProjectionType::from(index.projection.projection_type.as_str())).build())
                .build()?,
        );
    }
    if let Some(stream) = def.stream_specification.as_ref().filter(|_| with_stream) {
        request = request.stream_specification(
            StreamSpecification::builder()
                .stream_enabled(true)
                .stream_view_type(StreamViewType::from(stream.stream_view_type.as_str()))
                .build()?,
        );
    }
    match request.send().await {
        Ok(_) => {}
        Err(err) if err.as_service_error().is_some_and(|e| e.is_resource_in_use_exception()) => return Ok(()),
        Err(err) => return Err(err.into()),
    }
    if let Some(ttl) = def.time_to_live_specification {
        client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(TimeToLiveSpecification::builder().attribute_name(ttl.attribute_name).enabled(ttl.enabled).build()?)
            .send()
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_defines_the_keys_the_store_uses() {
        let def = super::definition().unwrap();
        let names: Vec<_> = def.key_schema.iter().map(|k| k.attribute_name.as_str()).collect();
        assert_eq!(names, ["PK", "SK"]);
        assert!(def.global_secondary_indexes.iter().any(|i| i.index_name == "GSI1"));
        assert_eq!(def.time_to_live_specification.unwrap().attribute_name, "ttl");
        assert_eq!(def.stream_specification.unwrap().stream_view_type, "KEYS_ONLY", "the sender reads keys only");
    }
}
