//! FastAPI/pydantic-style request validation: JSON bodies, query strings and path parameters all
//! report problems as E2 items (`type`, `loc`, `msg`, `input`, `ctx`), never as a 500.

use axum::extract::{FromRequest, Request};
use serde_json::{json, Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::errors::{verr, ApiError};

pub const MAX_BODY: usize = 1024 * 1024;

/// A request body parsed as JSON; `Value::Null` when the body is empty.
pub struct JsonBody(pub Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_BODY)
            .await
            .map_err(|_| ApiError::PayloadTooLarge)?;
        if bytes.iter().all(|b| b.is_ascii_whitespace()) {
            return Ok(JsonBody(Value::Null));
        }
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(v) => Ok(JsonBody(v)),
            Err(e) => {
                let pos = byte_offset(&bytes, e.line(), e.column());
                let msg = e.to_string();
                // serde appends " at line L column C"; the position is already in `loc`.
                let reason = msg
                    .split(" at line ")
                    .next()
                    .unwrap_or("invalid JSON")
                    .to_string();
                Err(ApiError::invalid(
                    "json_invalid",
                    json!(["body", pos]),
                    "JSON decode error",
                    json!({}),
                    Some(json!({"error": reason})),
                ))
            }
        }
    }
}

fn byte_offset(bytes: &[u8], line: usize, column: usize) -> usize {
    let mut cur_line = 1;
    for (i, b) in bytes.iter().enumerate() {
        if cur_line == line {
            return (i + column.saturating_sub(1)).min(bytes.len());
        }
        if *b == b'\n' {
            cur_line += 1;
        }
    }
    bytes.len()
}

/// Validates a path parameter that must be a UUID.
pub fn path_uuid(name: &str, raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|e| {
        let err = e.to_string();
        ApiError::invalid(
            "uuid_parsing",
            json!(["path", name]),
            format!("Input should be a valid UUID, {err}"),
            json!(raw),
            Some(json!({"error": err})),
        )
    })
}

/// A UUID path parameter, checked like [`path_uuid`] and normalised (lowercase, hyphenated):
/// `ServerId(id): ServerId` in a handler stands for reading `{server_id}` and validating it.
macro_rules! path_id {
    ($name:ident, $param:literal) => {
        #[doc = concat!("The `{", $param, "}` path parameter as a normalised UUID string.")]
        pub struct $name(pub String);

        impl<S: Send + Sync> axum::extract::FromRequestParts<S> for $name {
            type Rejection = ApiError;

            async fn from_request_parts(
                parts: &mut axum::http::request::Parts,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                let params = axum::extract::RawPathParams::from_request_parts(parts, state)
                    .await
                    .map_err(|_| ApiError::not_found("Not Found"))?;
                let raw = params
                    .iter()
                    .find(|(k, _)| *k == $param)
                    .map(|(_, v)| v.to_owned())
                    .unwrap_or_default();
                Ok($name(path_uuid($param, &raw)?.to_string()))
            }
        }
    };
}
path_id!(ServerId, "server_id");
path_id!(ToolId, "tool_id");
path_id!(KeyId, "key_id");

pub fn pattern_of(allowed: &[&str]) -> String {
    format!("^({})$", allowed.join("|"))
}

fn pattern_err(loc: Value, allowed: &[&str], input: Value) -> Value {
    let p = pattern_of(allowed);
    verr(
        "string_pattern_mismatch",
        loc,
        format!("String should match pattern '{p}'"),
        input,
        Some(json!({"pattern": p})),
    )
}

fn enum_expected(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("'{a}'")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

pub fn enum_err(loc: Value, allowed: &[&str], input: Value) -> Value {
    let exp = enum_expected(allowed);
    verr(
        "enum",
        loc,
        format!("Input should be {exp}"),
        input,
        Some(json!({"expected": exp})),
    )
}

fn chars_word(n: usize) -> &'static str {
    if n == 1 {
        "character"
    } else {
        "characters"
    }
}

/// Query-string validation. Scalars take the last occurrence, as FastAPI does.
pub struct Query {
    pairs: Vec<(String, String)>,
    pub errs: Vec<Value>,
}

impl Query {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Query {
            pairs,
            errs: Vec::new(),
        }
    }

    pub fn get(&self, k: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    }

    pub fn string(&self, k: &str) -> Option<String> {
        self.get(k).map(str::to_string)
    }

    fn loc(k: &str) -> Value {
        json!(["query", k])
    }

    pub fn int(&mut self, k: &str, min: i64, max: Option<i64>, default: i64) -> i64 {
        let Some(raw) = self.get(k).map(str::to_string) else {
            return default;
        };
        match raw.trim().parse::<i64>() {
            Err(_) => {
                self.errs.push(verr(
                    "int_parsing",
                    Self::loc(k),
                    "Input should be a valid integer, unable to parse string as an integer",
                    json!(raw),
                    None,
                ));
                default
            }
            Ok(v) if v < min => {
                self.errs.push(verr(
                    "greater_than_equal",
                    Self::loc(k),
                    format!("Input should be greater than or equal to {min}"),
                    json!(raw),
                    Some(json!({"ge": min})),
                ));
                default
            }
            Ok(v) => match max {
                Some(m) if v > m => {
                    self.errs.push(verr(
                        "less_than_equal",
                        Self::loc(k),
                        format!("Input should be less than or equal to {m}"),
                        json!(raw),
                        Some(json!({"le": m})),
                    ));
                    default
                }
                _ => v,
            },
        }
    }

    pub fn boolean(&mut self, k: &str, default: bool) -> bool {
        let Some(raw) = self.get(k).map(str::to_string) else {
            return default;
        };
        match raw.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" | "t" | "y" => true,
            "false" | "0" | "no" | "off" | "f" | "n" => false,
            _ => {
                self.errs.push(verr(
                    "bool_parsing",
                    Self::loc(k),
                    "Input should be a valid boolean, unable to interpret input",
                    json!(raw),
                    None,
                ));
                default
            }
        }
    }

    /// A value constrained by a regex pattern `^(a|b|c)$`, as SARK declares its enum-like queries.
    pub fn pattern(&mut self, k: &str, allowed: &[&str], default: Option<&str>) -> Option<String> {
        match self.get(k).map(str::to_string) {
            None => {
                if default.is_none() {
                    self.errs.push(verr(
                        "missing",
                        Self::loc(k),
                        "Field required",
                        Value::Null,
                        None,
                    ));
                }
                default.map(str::to_string)
            }
            Some(v) if allowed.contains(&v.as_str()) => Some(v),
            Some(v) => {
                self.errs.push(pattern_err(Self::loc(k), allowed, json!(v)));
                default.map(str::to_string)
            }
        }
    }

    pub fn enumeration(
        &mut self,
        k: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> Option<String> {
        match self.get(k).map(str::to_string) {
            None => default.map(str::to_string),
            Some(v) if allowed.contains(&v.as_str()) => Some(v),
            Some(v) => {
                self.errs.push(enum_err(Self::loc(k), allowed, json!(v)));
                default.map(str::to_string)
            }
        }
    }

    pub fn uuid(&mut self, k: &str) -> Option<Uuid> {
        let raw = self.get(k)?.to_string();
        match Uuid::parse_str(&raw) {
            Ok(u) => Some(u),
            Err(e) => {
                let err = e.to_string();
                self.errs.push(verr(
                    "uuid_parsing",
                    Self::loc(k),
                    format!("Input should be a valid UUID, {err}"),
                    json!(raw),
                    Some(json!({"error": err})),
                ));
                None
            }
        }
    }

    pub fn datetime(&mut self, k: &str) -> Option<OffsetDateTime> {
        let raw = self.get(k)?.to_string();
        match crate::util::parse_ts(&raw) {
            Some(t) => Some(t),
            None => {
                self.errs.push(verr(
                    "datetime_from_date_parsing",
                    Self::loc(k),
                    "Input should be a valid datetime or date, invalid character in year",
                    json!(raw),
                    Some(json!({"error": "invalid character in year"})),
                ));
                None
            }
        }
    }

    /// Comma list filtered to known values; unknown values are dropped (contract 3.2, B13).
    pub fn enum_list(&self, k: &str, allowed: &[&str]) -> Vec<String> {
        self.get(k)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_ascii_lowercase())
                    .filter(|p| allowed.contains(&p.as_str()))
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.errs.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.errs))
        }
    }
}

/// JSON body validation with pydantic-like messages and `loc` paths.
pub struct Errs(pub Vec<Value>);

impl Errs {
    pub fn new() -> Self {
        Errs(Vec::new())
    }
    pub fn push(&mut self, v: Value) {
        self.0.push(v);
    }
    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

impl Default for Errs {
    fn default() -> Self {
        Self::new()
    }
}

pub fn loc_with(base: &[Value], k: impl Into<Value>) -> Value {
    let mut v = base.to_vec();
    v.push(k.into());
    Value::Array(v)
}

/// A JSON object under validation, addressed by `base` (e.g. `["body","tools",0]`).
pub struct Obj<'a> {
    pub map: &'a Map<String, Value>,
    pub base: Vec<Value>,
    whole: &'a Value,
}

static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();

/// Opens `v` as an object, or records why it is not one. A missing top-level body is `missing`.
/// The opening of every body validation: an empty error list and the body as an object at
/// `loc` `["body"]` (a missing or non-object body is already an error in the list).
pub fn body_object(body: &Value) -> (Errs, Obj<'_>) {
    let mut errs = Errs::new();
    let o = object(body, vec![json!("body")], &mut errs);
    (errs, o)
}

pub fn object<'a>(v: &'a Value, base: Vec<Value>, errs: &mut Errs) -> Obj<'a> {
    let empty = EMPTY.get_or_init(Map::new);
    match v {
        Value::Object(m) => Obj {
            map: m,
            base,
            whole: v,
        },
        Value::Null if base.len() == 1 => {
            errs.push(verr(
                "missing",
                Value::Array(base.clone()),
                "Field required",
                Value::Null,
                None,
            ));
            Obj {
                map: empty,
                base,
                whole: v,
            }
        }
        other => {
            errs.push(verr(
                "model_attributes_type",
                Value::Array(base.clone()),
                "Input should be a valid dictionary or object to extract fields from",
                other.clone(),
                None,
            ));
            Obj {
                map: empty,
                base,
                whole: v,
            }
        }
    }
}

impl<'a> Obj<'a> {
    pub fn loc(&self, k: &str) -> Value {
        loc_with(&self.base, k)
    }

    pub fn has(&self, k: &str) -> bool {
        self.map.contains_key(k)
    }

    pub fn raw(&self, k: &str) -> Option<&'a Value> {
        self.map.get(k)
    }

    fn missing(&self, errs: &mut Errs, k: &str) {
        errs.push(verr(
            "missing",
            self.loc(k),
            "Field required",
            self.whole.clone(),
            None,
        ));
    }

    fn check_len(&self, errs: &mut Errs, k: &str, s: &str, min: usize, max: Option<usize>) -> bool {
        let n = s.chars().count();
        if n < min {
            errs.push(verr(
                "string_too_short",
                self.loc(k),
                format!("String should have at least {min} {}", chars_word(min)),
                json!(s),
                Some(json!({"min_length": min})),
            ));
            return false;
        }
        if let Some(m) = max {
            if n > m {
                errs.push(verr(
                    "string_too_long",
                    self.loc(k),
                    format!("String should have at most {m} {}", chars_word(m)),
                    json!(s),
                    Some(json!({"max_length": m})),
                ));
                return false;
            }
        }
        true
    }

    fn string_type(&self, errs: &mut Errs, k: &str, v: &Value) {
        errs.push(verr(
            "string_type",
            self.loc(k),
            "Input should be a valid string",
            v.clone(),
            None,
        ));
    }

    /// Required string with length bounds.
    pub fn req_str(&self, errs: &mut Errs, k: &str, min: usize, max: Option<usize>) -> String {
        match self.map.get(k) {
            None => {
                self.missing(errs, k);
                String::new()
            }
            Some(Value::String(s)) => {
                self.check_len(errs, k, s, min, max);
                s.clone()
            }
            Some(v) => {
                self.string_type(errs, k, v);
                String::new()
            }
        }
    }

    /// Optional string that may be null.
    pub fn opt_str(&self, errs: &mut Errs, k: &str, max: Option<usize>) -> Option<String> {
        match self.map.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => {
                self.check_len(errs, k, s, 0, max);
                Some(s.clone())
            }
            Some(v) => {
                self.string_type(errs, k, v);
                None
            }
        }
    }

    /// Optional, non-null string with a default.
    pub fn str_or(
        &self,
        errs: &mut Errs,
        k: &str,
        min: usize,
        max: Option<usize>,
        default: &str,
    ) -> String {
        match self.map.get(k) {
            None => default.to_string(),
            Some(Value::String(s)) => {
                self.check_len(errs, k, s, min, max);
                s.clone()
            }
            Some(v) => {
                self.string_type(errs, k, v);
                default.to_string()
            }
        }
    }

    /// A string constrained to `allowed` (SARK declares these as regex patterns).
    pub fn pattern(
        &self,
        errs: &mut Errs,
        k: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> String {
        self.one_of(errs, k, default, |errs, v| match v {
            Value::String(s) if allowed.contains(&s.as_str()) => Some(s.clone()),
            Value::String(s) => {
                errs.push(pattern_err(self.loc(k), allowed, json!(s)));
                None
            }
            v => {
                self.string_type(errs, k, v);
                None
            }
        })
    }

    /// A Python enum field (`type: "enum"`).
    pub fn enumeration(
        &self,
        errs: &mut Errs,
        k: &str,
        allowed: &[&str],
        default: Option<&str>,
    ) -> String {
        self.one_of(errs, k, default, |errs, v| match v {
            Value::String(s) if allowed.contains(&s.as_str()) => Some(s.clone()),
            v => {
                errs.push(enum_err(self.loc(k), allowed, v.clone()));
                None
            }
        })
    }

    /// A present value through `check` (`None`: rejected, already reported); an absent one is
    /// `default`, or a "missing" error when there is none.
    fn one_of(
        &self,
        errs: &mut Errs,
        k: &str,
        default: Option<&str>,
        check: impl FnOnce(&mut Errs, &Value) -> Option<String>,
    ) -> String {
        match (self.map.get(k), default) {
            (Some(v), _) => check(errs, v).unwrap_or_default(),
            (None, Some(d)) => d.to_string(),
            (None, None) => {
                self.missing(errs, k);
                String::new()
            }
        }
    }

    pub fn bool_or(&self, errs: &mut Errs, k: &str, default: bool) -> bool {
        match self.map.get(k) {
            None => default,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                errs.push(verr(
                    "bool_type",
                    self.loc(k),
                    "Input should be a valid boolean",
                    v.clone(),
                    None,
                ));
                default
            }
        }
    }

    pub fn opt_bool(&self, errs: &mut Errs, k: &str) -> Option<bool> {
        match self.map.get(k) {
            None | Some(Value::Null) => None,
            Some(_) => Some(self.bool_or(errs, k, false)),
        }
    }

    /// Optional integer (null allowed) within bounds.
    pub fn opt_int(&self, errs: &mut Errs, k: &str, min: i64, max: i64) -> Option<i64> {
        let v = self.map.get(k)?;
        let n = match v {
            Value::Null => return None,
            Value::Number(n) => n
                .as_i64()
                .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64)),
            _ => None,
        };
        let Some(n) = n else {
            errs.push(verr(
                "int_type",
                self.loc(k),
                "Input should be a valid integer",
                v.clone(),
                None,
            ));
            return None;
        };
        if n < min {
            errs.push(verr(
                "greater_than_equal",
                self.loc(k),
                format!("Input should be greater than or equal to {min}"),
                v.clone(),
                Some(json!({"ge": min})),
            ));
            return None;
        }
        if n > max {
            errs.push(verr(
                "less_than_equal",
                self.loc(k),
                format!("Input should be less than or equal to {max}"),
                v.clone(),
                Some(json!({"le": max})),
            ));
            return None;
        }
        Some(n)
    }

    /// Object field defaulting to `{}`; null is rejected.
    pub fn obj_or_empty(&self, errs: &mut Errs, k: &str) -> Map<String, Value> {
        match self.map.get(k) {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(v) => {
                errs.push(verr(
                    "dict_type",
                    self.loc(k),
                    "Input should be a valid dictionary",
                    v.clone(),
                    None,
                ));
                Map::new()
            }
        }
    }

    /// Object or null.
    pub fn opt_obj(&self, errs: &mut Errs, k: &str) -> Option<Map<String, Value>> {
        match self.map.get(k) {
            None | Some(Value::Null) => None,
            Some(_) => Some(self.obj_or_empty(errs, k)),
        }
    }

    /// A list field with item-count bounds; `None` when missing (the caller decides).
    pub fn list(
        &self,
        errs: &mut Errs,
        k: &str,
        min: usize,
        max: Option<usize>,
    ) -> Option<&'a Vec<Value>> {
        match self.map.get(k) {
            None => None,
            Some(Value::Array(a)) => {
                if a.len() < min {
                    errs.push(verr(
                        "too_short",
                        self.loc(k),
                        format!(
                            "List should have at least {min} item{} after validation, not {}",
                            if min == 1 { "" } else { "s" },
                            a.len()
                        ),
                        Value::Array(a.clone()),
                        Some(json!({"field_type": "List", "min_length": min, "actual_length": a.len()})),
                    ));
                }
                if let Some(m) = max {
                    if a.len() > m {
                        errs.push(verr(
                            "too_long",
                            self.loc(k),
                            format!("List should have at most {m} items after validation, not {}", a.len()),
                            json!(format!("[{} items]", a.len())),
                            Some(json!({"field_type": "List", "max_length": m, "actual_length": a.len()})),
                        ));
                    }
                }
                Some(a)
            }
            Some(v) => {
                errs.push(verr(
                    "list_type",
                    self.loc(k),
                    "Input should be a valid list",
                    v.clone(),
                    None,
                ));
                None
            }
        }
    }

    pub fn req_list(
        &self,
        errs: &mut Errs,
        k: &str,
        min: usize,
        max: Option<usize>,
    ) -> Option<&'a Vec<Value>> {
        if !self.has(k) {
            self.missing(errs, k);
            return None;
        }
        self.list(errs, k, min, max)
    }

    /// List of strings, `[]` when missing.
    pub fn str_list(&self, errs: &mut Errs, k: &str) -> Vec<String> {
        let Some(items) = self.list(errs, k, 0, None) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match it {
                Value::String(s) => out.push(s.clone()),
                v => errs.push(verr(
                    "string_type",
                    loc_with(&self.base, k)
                        .as_array()
                        .map_or(json!([k, i]), |a| {
                            let mut a = a.clone();
                            a.push(json!(i));
                            Value::Array(a)
                        }),
                    "Input should be a valid string",
                    v.clone(),
                    None,
                )),
            }
        }
        out
    }

    /// Optional UUID given as a string (or null).
    pub fn opt_uuid(&self, errs: &mut Errs, k: &str) -> Option<Uuid> {
        match self.map.get(k) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => match Uuid::parse_str(s) {
                Ok(u) => Some(u),
                Err(e) => {
                    let err = e.to_string();
                    errs.push(verr(
                        "uuid_parsing",
                        self.loc(k),
                        format!("Input should be a valid UUID, {err}"),
                        json!(s),
                        Some(json!({"error": err})),
                    ));
                    None
                }
            },
            Some(v) => {
                errs.push(verr(
                    "uuid_type",
                    self.loc(k),
                    "UUID input should be a string, bytes or UUID object",
                    v.clone(),
                    None,
                ));
                None
            }
        }
    }
}
