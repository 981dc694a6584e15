//! Native HS256 verify of the benchmark's small token: the floor a wasm
//! build can approach. Run twice by bench/native.mjs: with sha2's default
//! backend (SHA-NI where the CPU has it) and with `--cfg sha2_backend="soft"`
//! (portable code, as in wasm, which has no SHA instructions).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use criterion::{criterion_group, criterion_main, Criterion};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

const SECRET: &[u8] = b"bench-secret-of-at-least-32-bytes!";

#[derive(Deserialize)]
struct Header<'a> {
    alg: &'a str,
}

#[derive(Deserialize)]
struct Claims {
    exp: Option<f64>,
}

/// The least a correct verify must do: split, decode, check alg, MAC, parse exp.
fn raw_verify(mac: &Hmac<Sha256>, token: &str, now: f64) -> bool {
    let Some((input, sig)) = token.rsplit_once('.') else { return false };
    let Some((h, p)) = input.split_once('.') else { return false };
    let Ok(hb) = URL_SAFE_NO_PAD.decode(h) else { return false };
    let Ok(header) = serde_json::from_slice::<Header>(&hb) else { return false };
    if header.alg != "HS256" {
        return false;
    }
    let Ok(sb) = URL_SAFE_NO_PAD.decode(sig) else { return false };
    if mac.clone().chain_update(input.as_bytes()).verify_slice(&sb).is_err() {
        return false;
    }
    let Ok(pb) = URL_SAFE_NO_PAD.decode(p) else { return false };
    let Ok(claims) = serde_json::from_slice::<Claims>(&pb) else { return false };
    claims.exp.is_none_or(|e| e > now)
}

fn bench(c: &mut Criterion) {
    let key = ferrojwt::Key::secret(SECRET).unwrap();
    let payload = r#"{"token_type":"access","exp":4102444800,"iat":1700000000,"jti":"a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6","user_id":42}"#;
    let opts = ferrojwt::SignOptions { iat: ferrojwt::IssuedAt::Omit, ..Default::default() };
    let token = ferrojwt::sign(payload, &key, opts, 1.8e9).unwrap();

    let mac = Hmac::<Sha256>::new_from_slice(SECRET).unwrap();
    assert!(raw_verify(&mac, &token, 1.8e9));
    let mut g = c.benchmark_group("hs256_verify_small");
    g.bench_function("raw", |b| b.iter(|| raw_verify(&mac, std::hint::black_box(&token), 1.8e9)));

    let dk = jsonwebtoken::DecodingKey::from_secret(SECRET);
    let validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    assert!(jsonwebtoken::decode::<serde_json::Value>(&token, &dk, &validation).is_ok());
    g.bench_function("jsonwebtoken", |b| {
        b.iter(|| jsonwebtoken::decode::<serde_json::Map<String, serde_json::Value>>(std::hint::black_box(&token), &dk, &validation).is_ok())
    });

    let verifier = ferrojwt::Verifier::new(key.into(), ferrojwt::VerifyOptions::default()).unwrap();
    g.bench_function("ferrojwt core", |b| b.iter(|| verifier.verify(std::hint::black_box(&token), 1.8e9).is_ok()));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
