//! One entry of the route table: an operation described by the request and response TYPES it
//! takes and answers (their schemas come from their `ToSchema` derives), the parameters with their
//! bounds, and the problem statuses it can answer. [`Op::build`] turns it into utoipa's
//! `Operation`, handing back every schema it names so the document's components hold exactly
//! those.

use super::components::{self, Param};
use cloudstore::views::List;
use std::collections::BTreeMap;
use utoipa::openapi::path::{HttpMethod, Operation, OperationBuilder, Parameter};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{Object, Schema, SchemaType, Type};
use utoipa::openapi::security::SecurityRequirement;
use utoipa::openapi::{Content, Ref, RefOr, Required};
use utoipa::{PartialSchema, ToSchema};

/// Named schemas, as utoipa collects them.
pub type Schemas = Vec<(String, RefOr<Schema>)>;

/// An operation of the route table.
pub struct Op {
    pub method: HttpMethod,
    pub path: &'static str,
    id: &'static str,
    tags: Vec<&'static str>,
    summary: &'static str,
    description: Option<&'static str>,
    public: bool,
    params: Vec<RefOr<Parameter>>,
    body: Option<(String, bool)>,
    answers: BTreeMap<u16, Response>,
    problems: BTreeMap<u16, Option<&'static str>>,
    schemas: Schemas,
}

impl Op {
    fn new(method: HttpMethod, path: &'static str) -> Op {
        Op {
            method,
            path,
            id: "",
            tags: Vec::new(),
            summary: "",
            description: None,
            public: false,
            params: Vec::new(),
            body: None,
            answers: BTreeMap::new(),
            problems: BTreeMap::new(),
            schemas: Vec::new(),
        }
    }

    pub fn get(path: &'static str) -> Op {
        Op::new(HttpMethod::Get, path)
    }

    pub fn post(path: &'static str) -> Op {
        Op::new(HttpMethod::Post, path)
    }

    pub fn put(path: &'static str) -> Op {
        Op::new(HttpMethod::Put, path)
    }

    pub fn patch(path: &'static str) -> Op {
        Op::new(HttpMethod::Patch, path)
    }

    pub fn delete(path: &'static str) -> Op {
        Op::new(HttpMethod::Delete, path)
    }

    /// The `operationId` (lowerCamelCase, unique).
    pub fn id(mut self, id: &'static str) -> Op {
        self.id = id;
        self
    }

    /// A tag of `super::TAGS` (the first one is where the operation is listed).
    pub fn tag(mut self, tag: &'static str) -> Op {
        self.tags.push(tag);
        self
    }

    pub fn summary(mut self, summary: &'static str) -> Op {
        self.summary = summary;
        self
    }

    pub fn description(mut self, description: &'static str) -> Op {
        self.description = Some(description);
        self
    }

    /// No bearer token needed (`security: []`); without this the operation needs one and may
    /// answer `401`.
    pub fn public(mut self) -> Op {
        self.public = true;
        self
    }

    /// A parameter, from [`components`] (`Param::path::<UserId>(…)`, `Param::limit()`…).
    pub fn param(mut self, param: Param) -> Op {
        self.schemas.extend(param.schemas);
        self.params.push(param.parameter);
        self
    }

    /// `?limit=&cursor=` of a paged list.
    pub fn paged(self) -> Op {
        self.param(Param::limit()).param(Param::cursor())
    }

    /// The JSON body: the request type itself.
    pub fn body<T: ToSchema>(mut self) -> Op {
        self.body = Some((T::name().into_owned(), true));
        self.collect::<T>();
        self
    }

    /// A JSON body that may be left out (an empty body reads as the type's default).
    pub fn optional_body<T: ToSchema>(self) -> Op {
        let mut op = self.body::<T>();
        op.body = op.body.map(|(name, _)| (name, false));
        op
    }

    /// The JSON body as one route reads the request type: its schema under `name`, changed by
    /// `adjust` (e.g. a field the route requires or refuses).
    pub fn body_variant<T: ToSchema>(mut self, name: &str, adjust: impl FnOnce(&mut Object)) -> Op {
        let mut schema = T::schema();
        match &mut schema {
            RefOr::T(Schema::Object(object)) => adjust(object),
            _ => panic!("{} is not an object schema", T::name()),
        }
        T::schemas(&mut self.schemas);
        self.schemas.push((name.to_string(), schema));
        self.body = Some((name.to_string(), true));
        self
    }

    /// A success answer whose body is `T`.
    pub fn answers<T: ToSchema>(mut self, status: u16, description: &str) -> Op {
        self.collect::<T>();
        let content = Content::new(Some(Ref::from_schema_name(T::name())));
        self.answers.insert(status, ResponseBuilder::new().description(description).content("application/json", content).build());
        self
    }

    /// `200 OK` with a `T`.
    pub fn ok<T: ToSchema>(self, description: &str) -> Op {
        self.answers::<T>(200, description)
    }

    /// `201 Created` with a `T`.
    pub fn created<T: ToSchema>(self, description: &str) -> Op {
        self.answers::<T>(201, description)
    }

    /// `202 Accepted` with a `T`.
    pub fn accepted<T: ToSchema>(self, description: &str) -> Op {
        self.answers::<T>(202, description)
    }

    /// `200 OK` with the contract's list of `T` (`{"items", "next_cursor"}`), named `<T>List`.
    pub fn ok_list<T: ToSchema>(mut self, description: &str) -> Op {
        let name = format!("{}List", T::name());
        self.collect::<T>();
        <List<T> as ToSchema>::schemas(&mut self.schemas);
        self.schemas.push((name.clone(), <List<T> as PartialSchema>::schema()));
        let content = Content::new(Some(Ref::from_schema_name(name)));
        self.answers.insert(200, ResponseBuilder::new().description(description).content("application/json", content).build());
        self
    }

    /// An empty `204 No Content`.
    pub fn no_content(mut self, description: &str) -> Op {
        self.answers.insert(204, ResponseBuilder::new().description(description).build());
        self
    }

    /// The success answer of `status` may also come as `media_type` text (content negotiation).
    pub fn or_text(mut self, status: u16, media_type: &str) -> Op {
        let answer = self.answers.get_mut(&status).expect("a success answer to add a media type to");
        answer.content.insert(media_type.to_string(), Content::new(Some(String::schema())).into());
        self
    }

    /// Problem statuses the operation may answer besides `500` (always) and `401` (always, unless
    /// public), each as described once in `components/responses`.
    pub fn problems<const N: usize>(mut self, statuses: [u16; N]) -> Op {
        for status in statuses {
            self.problems.insert(status, None);
        }
        self
    }

    /// A problem status this operation answers for its own reason, described here.
    pub fn problem(mut self, status: u16, description: &'static str) -> Op {
        self.problems.insert(status, Some(description));
        self
    }

    fn collect<T: ToSchema>(&mut self) {
        T::schemas(&mut self.schemas);
        self.schemas.push((T::name().into_owned(), T::schema()));
    }

    /// The operation, and the schemas it names.
    pub fn build(mut self) -> (Operation, Schemas) {
        assert!(
            !self.id.is_empty() && !self.tags.is_empty() && !self.summary.is_empty(),
            "{} {} needs an id, a tag and a summary",
            self.path,
            self.id
        );
        assert!(!self.answers.is_empty(), "{} answers nothing", self.id);
        self.problems.insert(500, None);
        if !self.public {
            self.problems.entry(401).or_insert(None);
        }
        let mut op = OperationBuilder::new()
            .tags(Some(self.tags))
            .operation_id(Some(self.id))
            .summary(Some(self.summary))
            .description(self.description);
        if self.public {
            op = op.securities(Some(Vec::<SecurityRequirement>::new()));
        }
        for param in self.params {
            op = match param {
                RefOr::Ref(shared) => op.parameter_ref(shared),
                RefOr::T(own) => op.parameter(own),
            };
        }
        if let Some((name, required)) = self.body {
            let required = if required { Required::True } else { Required::False };
            let content = Content::new(Some(Ref::from_schema_name(name)));
            op = op.request_body(Some(RequestBodyBuilder::new().required(Some(required)).content("application/json", content).build()));
        }
        for (status, answer) in self.answers {
            op = op.response(status.to_string(), answer);
        }
        for (status, own) in self.problems {
            let response: RefOr<Response> = match own {
                Some(description) => components::problem_response(description).into(),
                None => Ref::from_response_name(components::problem_response_name(status)).into(),
            };
            op = op.response(status.to_string(), response);
        }
        (op.build(), self.schemas)
    }
}

/// Makes `fields` of a request object required and, being required, not `null` (for a
/// [`Op::body_variant`] whose route needs fields the type leaves optional).
pub fn require(object: &mut Object, fields: &[&str]) {
    for field in fields {
        let property = object.properties.get_mut(*field).unwrap_or_else(|| panic!("no field {field} to require"));
        not_null(property);
        object.required.push(field.to_string());
    }
}

fn not_null(schema: &mut RefOr<Schema>) {
    let is_null = |s: &RefOr<Schema>| matches!(s, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null));
    match schema {
        RefOr::T(Schema::Object(object)) => {
            if let SchemaType::Array(types) = &mut object.schema_type {
                types.retain(|t| *t != Type::Null);
                if let [only] = types.as_slice() {
                    object.schema_type = SchemaType::Type(only.clone());
                }
            }
        }
        RefOr::T(Schema::OneOf(one)) => {
            one.items.retain(|item| !is_null(item));
            if one.items.len() == 1 {
                *schema = one.items.remove(0);
            }
        }
        _ => {}
    }
}
