//! The options' JSON form, as the JS API passes them in: camelCase names
//! (each listed in [`super::abi`]), `{}` for the defaults, and messages in
//! the JS API's words. The core's typed options know nothing of this form.

use crate::encoding::json::{self, Value};
use crate::error::{JwtError, Result};
use crate::jws::alg::{Alg, AlgName};
use crate::jwt::options::{Audience, IssuedAt, JwtId, SignOptions, VerifyOptions};
use crate::jwt::span;
use alloc::{borrow::ToOwned, string::String, string::ToString, vec::Vec};

fn members<'v, 'a>(
    value: &'v Value<'a>,
    what: &'static str,
) -> Result<&'v [(alloc::borrow::Cow<'a, str>, Value<'a>)]> {
    match value {
        Value::Object(m) => Ok(m),
        _ => Err(JwtError::arg(what)),
    }
}

fn string(v: &Value<'_>, name: &str) -> Result<String> {
    v.as_str()
        .map(str::to_owned)
        .ok_or_else(|| JwtError::arg(["options.", name, " must be a string"].concat()))
}

fn string_list(v: &Value<'_>, name: &str) -> Result<Vec<String>> {
    match v.as_str_list() {
        Some(list) if !list.is_empty() => Ok(list.into_iter().map(str::to_owned).collect()),
        _ => Err(JwtError::arg(
            [
                "options.",
                name,
                " must be a string or a non-empty array of strings",
            ]
            .concat(),
        )),
    }
}

/// An array of strings (possibly empty; a lone string is refused).
fn string_array(v: &Value<'_>, name: &str) -> Result<Vec<String>> {
    match v {
        Value::Array(_) => v.as_str_list(),
        _ => None,
    }
    .map(|list| list.into_iter().map(str::to_owned).collect())
    .ok_or_else(|| JwtError::arg(["options.", name, " must be an array of strings"].concat()))
}

/// Seconds given as a number or a span string.
fn seconds(v: &Value<'_>, name: &str) -> Result<f64> {
    match v {
        Value::Number(n) => span::seconds(*n),
        Value::String(s) => span::parse(s),
        _ => Err(JwtError::arg(
            [
                "options.",
                name,
                " must be a number of seconds or a span string such as \"15m\"",
            ]
            .concat(),
        )),
    }
}

fn non_negative(seconds: f64, name: &str) -> Result<f64> {
    if seconds < 0.0 {
        return Err(JwtError::arg(
            ["options.", name, " must not be negative"].concat(),
        ));
    }
    Ok(seconds)
}

fn time(v: &Value<'_>) -> Result<f64> {
    match v {
        Value::Number(n) => span::seconds(*n),
        _ => Err(JwtError::arg(
            "options.now must be a number of seconds or a Date",
        )),
    }
}

fn owned(v: &Value<'_>) -> Value<'static> {
    match v {
        Value::Null => Value::Null,
        Value::Bool(b) => Value::Bool(*b),
        Value::Number(n) => Value::Number(*n),
        Value::String(s) => Value::String(s.to_string().into()),
        Value::Array(items) => Value::Array(items.iter().map(owned).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.to_string().into(), owned(v)))
                .collect(),
        ),
    }
}

/// Options the JSON reader refused (the JS side sends only plain JSON, so
/// what is left is its limits).
fn not_json() -> JwtError {
    JwtError::arg(json::limits_message!(
        "options must be a JSON object of at most ",
        " members per object, nested at most ",
        " levels deep"
    ))
}

fn unknown(name: &str) -> JwtError {
    JwtError::arg(
        [
            "unknown option \"",
            name,
            "\" (refused so that a typo cannot switch a check off)",
        ]
        .concat(),
    )
}

/// Verify options from their JSON form.
pub fn verify_options(text: &str) -> Result<VerifyOptions> {
    let value = json::parse(text).ok_or_else(not_json)?;
    let mut o = VerifyOptions::default();
    // A null is refused by each option's own type check: a setting the
    // caller wrote is never read as "use the default".
    for (name, v) in members(&value, "options must be an object")? {
        match name.as_ref() {
            "algorithms" => o.algorithms = Some(algorithms(v)?),
            "issuer" => o.issuer = Some(string_list(v, name)?),
            "audience" => o.audience = Some(string_list(v, name)?),
            "subject" => o.subject = Some(string(v, name)?),
            "typ" => o.typ = Some(string(v, name)?),
            "clockTolerance" => o.clock_tolerance = non_negative(seconds(v, name)?, name)?,
            "maxTokenAge" => o.max_token_age = Some(non_negative(seconds(v, name)?, name)?),
            "requiredClaims" => o.required_claims = string_array(v, name)?,
            "claims" => {
                o.claims = members(v, "options.claims must be an object")?
                    .iter()
                    .map(|(k, v)| (k.to_string(), owned(v)))
                    .collect()
            }
            "now" => o.now = Some(time(v)?),
            "crit" => o.crit = string_array(v, name)?,
            "maxTokenLength" => o.max_token_length = max_length(v)?,
            other => return Err(unknown(other)),
        }
    }
    Ok(o)
}

/// `maxTokenLength`: a positive whole number.
pub fn max_length(v: &Value<'_>) -> Result<usize> {
    match v.as_f64() {
        Some(n) if (1.0..=1e9).contains(&n) && span::floor(n) == n => Ok(n as usize),
        _ => Err(JwtError::arg(
            "options.maxTokenLength must be a positive whole number",
        )),
    }
}

fn algorithms(v: &Value<'_>) -> Result<Vec<Alg>> {
    let Value::Array(items) = v else {
        return Err(JwtError::arg(
            "options.algorithms must be an array of algorithm names",
        ));
    };
    if items.is_empty() {
        return Err(JwtError::arg("options.algorithms must not be empty"));
    }
    let mut algs = Vec::new();
    for item in items {
        let name = item.as_str().ok_or_else(|| {
            JwtError::arg("options.algorithms must be an array of algorithm names")
        })?;
        match AlgName::parse(name) {
            AlgName::Known(alg) => algs.push(alg),
            // EdDSA in the HMAC-only build: listing it cannot mean to be
            // ignored.
            AlgName::PublicKey => return Err(crate::jws::alg::not_verified_here(name)),
            AlgName::None => return Err(JwtError::arg("\"none\" is never an allowed algorithm")),
            AlgName::Unknown => {
                return Err(JwtError::arg(
                    ["unknown algorithm \"", name, "\" in options.algorithms"].concat(),
                ))
            }
        }
    }
    Ok(algs)
}

/// Sign options from their JSON form.
pub fn sign_options(text: &str) -> Result<SignOptions> {
    let value = json::parse(text).ok_or_else(not_json)?;
    let mut o = SignOptions::default();
    for (name, v) in members(&value, "options must be an object")? {
        match (name.as_ref(), v) {
            // The one documented null: leave `typ` out. Any other null is
            // refused by its option's type check below.
            ("typ", Value::Null) => o.typ = None,
            ("alg", v) => {
                let n = v
                    .as_str()
                    .filter(|n| !n.is_empty())
                    .ok_or_else(|| JwtError::arg("options.alg must be an algorithm name"))?;
                o.alg = Some(match AlgName::parse(n) {
                    AlgName::Known(alg) if alg.signs_here() => alg,
                    AlgName::None => {
                        return Err(JwtError::new(
                            crate::ErrorCode::AlgNotAllowed,
                            "\"none\" never signs a token",
                        ))
                    }
                    AlgName::Known(_) | AlgName::PublicKey => {
                        return Err(JwtError::new(
                            crate::ErrorCode::NotSupported,
                            AlgName::LEFT_OUT,
                        ))
                    }
                    AlgName::Unknown => {
                        return Err(JwtError::new(
                            crate::ErrorCode::NotSupported,
                            ["unsupported algorithm \"", n, "\" in options.alg"].concat(),
                        ))
                    }
                })
            }
            ("kid", v) => o.kid = Some(string(v, name)?),
            ("typ", v) => o.typ = Some(string(v, name)?),
            ("header", v) => o.header = Some(string(v, "header (as JSON text)")?),
            ("expiresIn", v) => o.expires_in = Some(seconds(v, name)?),
            ("notBefore", v) => o.not_before = Some(seconds(v, name)?),
            ("issuer", v) => o.issuer = Some(string(v, name)?),
            ("subject", v) => o.subject = Some(string(v, name)?),
            ("audience", Value::String(s)) => o.audience = Some(Audience::One(s.to_string())),
            ("audience", v) => o.audience = Some(Audience::Many(string_list(v, name)?)),
            ("jwtId", Value::Bool(true)) => o.jwt_id = Some(JwtId::Random),
            ("jwtId", Value::Bool(false)) => o.jwt_id = None,
            ("jwtId", v) => o.jwt_id = Some(JwtId::Given(string(v, name)?)),
            ("iat", Value::Bool(b)) => o.iat = if *b { IssuedAt::Now } else { IssuedAt::Omit },
            ("iat", Value::Number(n)) => o.iat = IssuedAt::At(span::seconds(*n)?),
            ("iat", _) => {
                return Err(JwtError::arg(
                    "options.iat must be true, false or a number of seconds",
                ))
            }
            ("now", v) => o.now = Some(time(v)?),
            ("maxTokenLength", v) => o.max_token_length = max_length(v)?,
            (other, _) => return Err(unknown(other)),
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wasm::abi::{SIGN_OPTIONS, VERIFY_OPTIONS};
    use crate::ErrorCode;

    #[test]
    fn verify_options_parse() {
        let o = verify_options(
            r#"{"algorithms":["HS256","RS256"],"issuer":"a","audience":["x","y"],"clockTolerance":"1m",
                "maxTokenAge":30,"requiredClaims":["sub"],"claims":{"token_type":"access"},"now":5,
                "crit":["b"],"maxTokenLength":100,"typ":"JWT","subject":"s"}"#,
        )
        .unwrap();
        assert_eq!(o.algorithms, Some(vec![Alg::HS256, Alg::RS256]));
        // EdDSA only where this build verifies it.
        let eddsa = verify_options(r#"{"algorithms":["EdDSA"]}"#);
        if cfg!(feature = "public-key") {
            assert_eq!(eddsa.unwrap().algorithms, Some(vec![Alg::EdDSA]));
        } else {
            assert_eq!(eddsa.err().map(|e| e.code), Some(ErrorCode::NotSupported));
        }
        assert_eq!(o.issuer, Some(vec!["a".to_owned()]));
        assert_eq!(o.clock_tolerance, 60.0);
        assert_eq!(o.max_token_age, Some(30.0));
        assert_eq!(o.claims[0].1, Value::String("access".into()));
        assert_eq!(o.max_token_length, 100);
    }

    #[test]
    fn bad_options_are_type_errors() {
        for bad in [
            r#"{"audiance":"x"}"#,
            r#"{"algorithms":[]}"#,
            r#"{"algorithms":["none"]}"#,
            r#"{"algorithms":["HS999"]}"#,
            r#"{"issuer":5}"#,
            r#"{"clockTolerance":"soon"}"#,
            r#"{"maxTokenLength":0}"#,
            r#"{"claims":[]}"#,
            "[]",
            r#"{"requiredClaims":"sub"}"#,
        ] {
            assert_eq!(
                verify_options(bad).unwrap_err().code,
                ErrorCode::InvalidArgument,
                "{bad}"
            );
        }
        assert_eq!(
            sign_options(r#"{"alg":"none"}"#).unwrap_err().code,
            ErrorCode::AlgNotAllowed
        );
        assert_eq!(
            sign_options(r#"{"alg":"RS256"}"#).is_ok(),
            cfg!(feature = "public-key")
        );
        assert_eq!(
            sign_options(r#"{"alg":"RS999"}"#).unwrap_err().code,
            ErrorCode::NotSupported
        );
        assert_eq!(
            sign_options(r#"{"expiresIn":"forever"}"#).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn a_null_option_is_refused_not_defaulted() {
        // Every name the JS side may send (abi's lists) is one the parser
        // reads: a null is its own type error, never "unknown option".
        for name in VERIFY_OPTIONS {
            let e = verify_options(&["{\"", name, "\":null}"].concat()).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{name}");
            assert!(e.message.contains(name), "{name}: {}", e.message);
            assert!(!e.message.starts_with("unknown option"), "{name}");
        }
        // `typ: null` is sign's one documented null (leave typ out).
        for name in SIGN_OPTIONS.iter().filter(|n| **n != "typ") {
            let e = sign_options(&["{\"", name, "\":null}"].concat()).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{name}");
            assert!(!e.message.starts_with("unknown option"), "{name}");
        }
        assert_eq!(
            sign_options(r#"{"alg":""}"#).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            sign_options(r#"{"maxTokenLength":300}"#)
                .unwrap()
                .max_token_length,
            300
        );
    }

    #[test]
    fn sign_options_parse() {
        let o = sign_options(
            r#"{"typ":null,"expiresIn":"15m","jwtId":true,"iat":false,"audience":["a"]}"#,
        )
        .unwrap();
        assert_eq!(o.typ, None);
        assert_eq!(o.expires_in, Some(900.0));
        assert_eq!(o.jwt_id, Some(JwtId::Random));
        assert_eq!(o.iat, IssuedAt::Omit);
        assert!(sign_options("{}").unwrap().typ.is_some());
    }
}
