//! Claim validation (RFC 7519 section 4.1, RFC 8725 section 3): reads only
//! the claims the options ask about and the registered ones, and checks them
//! in a fixed order so every failure has one predictable error.

use alloc::borrow::Cow;
use alloc::{borrow::ToOwned, string::String, vec::Vec};

use crate::encoding::json::{self, Member, Value};
use crate::error::{ErrorCode, JwtError, Reason, Result};
use crate::jwt::options::VerifyOptions;

/// Registered claims whose type is always checked.
const REGISTERED: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// A payload the JSON reader refused.
pub fn payload_not_an_object() -> JwtError {
    JwtError::jwt(json::limits_message!(
        "the payload is not a JSON object with unique member names (at most ",
        " per object, ",
        " levels deep)"
    ))
}

/// The payload members validation needs.
pub struct Claims<'a> {
    /// Every member; values only for the claims we read.
    members: Vec<Member<'a>>,
}

impl<'a> Claims<'a> {
    /// Parses a payload: one JSON object with unique names. Builds values
    /// only for registered claims and those named in `options.claims`.
    pub fn parse(payload: &'a str, options: &VerifyOptions) -> Result<Claims<'a>> {
        let members = json::walk_object(payload, &|n| {
            REGISTERED.contains(&n) || options.claims.iter().any(|(c, _)| c == n)
        })
        .ok_or_else(payload_not_an_object)?;
        Ok(Claims { members })
    }

    /// The value of a claim we built.
    pub fn get(&self, name: &str) -> Option<&Value<'a>> {
        self.members
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.value.as_ref())
    }

    /// Whether the payload is `{}`.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    fn has(&self, name: &str) -> bool {
        self.members.iter().any(|m| m.name == name)
    }

    /// Checks the registered claims' types (`exp: "soon"` is never skipped).
    pub fn check_types(&self) -> Result<()> {
        for (name, value) in self
            .members
            .iter()
            .filter_map(|m| Some((&m.name, m.value.as_ref()?)))
        {
            let ok = match name.as_ref() {
                "exp" | "nbf" | "iat" => matches!(value, Value::Number(_)),
                "iss" | "sub" | "jti" => matches!(value, Value::String(_)),
                "aud" => {
                    matches!(value, Value::String(_))
                        || matches!(value, Value::Array(_)) && value.as_str_list().is_some()
                }
                _ => true,
            };
            if !ok {
                return Err(claim_error(
                    ErrorCode::ClaimValidationFailed,
                    name,
                    Reason::Invalid,
                    " has the wrong type",
                ));
            }
        }
        Ok(())
    }

    /// Runs every check the options ask for, at time `now` (seconds).
    pub fn validate(&self, o: &VerifyOptions, now: f64) -> Result<()> {
        self.check_types()?;
        let implied = [
            (o.issuer.is_some(), "iss"),
            (o.subject.is_some(), "sub"),
            (o.audience.is_some(), "aud"),
            (o.max_token_age.is_some(), "iat"),
        ];
        let required = o
            .required_claims
            .iter()
            .map(String::as_str)
            .chain(implied.iter().filter(|(on, _)| *on).map(|(_, n)| *n))
            .chain(o.claims.iter().map(|(n, _)| n.as_str()));
        for name in required {
            if !self.has(name) {
                return Err(claim_error(
                    ErrorCode::ClaimValidationFailed,
                    name,
                    Reason::Missing,
                    " is required but missing",
                ));
            }
        }
        let failed = |name: &str, what: &str| {
            claim_error(
                ErrorCode::ClaimValidationFailed,
                name,
                Reason::CheckFailed,
                what,
            )
        };
        if let (Some(accepted), Some(iss)) = (&o.issuer, self.get("iss").and_then(Value::as_str)) {
            if !accepted.iter().any(|a| a == iss) {
                return Err(failed("iss", " is not an accepted issuer"));
            }
        }
        if let (Some(expected), Some(sub)) = (&o.subject, self.get("sub").and_then(Value::as_str)) {
            if expected != sub {
                return Err(failed("sub", " does not match"));
            }
        }
        if let (Some(accepted), Some(aud)) =
            (&o.audience, self.get("aud").and_then(Value::as_str_list))
        {
            if !aud.iter().any(|a| accepted.iter().any(|x| x == a)) {
                return Err(failed("aud", " names none of the accepted audiences"));
            }
        }
        let tolerance = o.clock_tolerance;
        if let Some(nbf) = self.get("nbf").and_then(Value::as_f64) {
            if nbf > now + tolerance {
                return Err(failed(
                    "nbf",
                    " is in the future: the token is not active yet",
                ));
            }
        }
        if let Some(exp) = self.get("exp").and_then(Value::as_f64) {
            if exp <= now - tolerance {
                return Err(claim_error(
                    ErrorCode::Expired,
                    "exp",
                    Reason::CheckFailed,
                    " has passed: the token is expired",
                ));
            }
        }
        if let (Some(max_age), Some(iat)) =
            (o.max_token_age, self.get("iat").and_then(Value::as_f64))
        {
            let age = now - iat;
            if age + tolerance < 0.0 {
                return Err(failed("iat", " is in the future"));
            }
            if age - tolerance > max_age {
                return Err(claim_error(
                    ErrorCode::Expired,
                    "iat",
                    Reason::CheckFailed,
                    " is past the age limit",
                ));
            }
        }
        for (name, expected) in &o.claims {
            if !self.get(name).is_some_and(|v| json_eq(v, expected)) {
                return Err(failed(name, " does not have the required value"));
            }
        }
        Ok(())
    }
}

fn claim_error(code: ErrorCode, name: &str, reason: Reason, what: &str) -> JwtError {
    let claim: Cow<'static, str> = match REGISTERED.iter().find(|r| **r == name) {
        Some(r) => Cow::Borrowed(r),
        None => Cow::Owned(name.to_owned()),
    };
    JwtError::claim(code, claim, reason, ["\"", name, "\" claim", what].concat())
}

/// Deep equality as a JSON reader sees it: numbers by value, objects
/// regardless of member order.
pub fn json_eq(a: &Value<'_>, b: &Value<'_>) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(k2, v2)| k == k2 && json_eq(v, v2)))
        }
        _ => a == b,
    }
}

/// Compares `typ` values the way RFC 7515 4.1.9 asks: case-insensitive,
/// with or without the `application/` prefix.
pub fn typ_matches(actual: &str, expected: &str) -> bool {
    fn norm(s: &str) -> String {
        let lower = s.to_ascii_lowercase();
        match lower.strip_prefix("application/") {
            Some(rest) => rest.to_owned(),
            None => lower,
        }
    }
    norm(actual) == norm(expected)
}
