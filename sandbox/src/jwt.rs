//! Minimal HS256 JWT: signing and the two verification layers of contract 1.6.

use hmac::{Hmac, Mac};
use serde_json::{json, Map, Value};
use sha2::Sha256;
use uuid::Uuid;

use crate::users::User;
use crate::util::{b64url, b64url_decode};

type HmacSha256 = Hmac<Sha256>;

pub fn sign(claims: &Value, secret: &[u8]) -> String {
    let header = b64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = b64url(claims.to_string().as_bytes());
    let input = format!("{header}.{payload}");
    let sig = mac(secret, input.as_bytes());
    format!("{input}.{}", b64url(&sig))
}

fn mac(secret: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut m = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    m.update(data);
    m.finalize().into_bytes().to_vec()
}

/// Claims of an access (or refresh-typed) token for a directory user.
pub fn claims_for(user: &User, token_type: &str, iat: i64, exp: i64) -> Value {
    json!({
        "sub": user.id.to_string(),
        "email": user.email,
        "name": user.name,
        "preferred_username": user.username,
        "role": user.role,
        "roles": user.roles,
        "teams": user.teams,
        "permissions": crate::users::permissions_for(&user.roles.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
        "type": token_type,
        "iat": iat,
        "exp": exp,
        "jti": Uuid::new_v4().to_string(),
    })
}

/// Middleware layer: signature, `exp`, `iat`, `sub`. Errors are E3 reasons, worded like SARK's.
pub fn verify(token: &str, secret: &[u8], now: i64) -> Result<Map<String, Value>, String> {
    let parts: Vec<&str> = token.split('.').collect();
    if parts.len() < 3 {
        return Err("Invalid token format: Not enough segments".into());
    }
    if parts.len() > 3 {
        return Err("Invalid token format: Invalid crypto padding".into());
    }
    let header = b64url_decode(parts[0]).ok_or("Invalid token format: Invalid header padding")?;
    let header: Value = serde_json::from_slice(&header)
        .map_err(|_| "Invalid token format: Invalid header string".to_string())?;
    let payload = b64url_decode(parts[1]).ok_or("Invalid token format: Invalid payload padding")?;
    let sig = b64url_decode(parts[2]).ok_or("Invalid token format: Invalid crypto padding")?;
    if header.get("alg").and_then(Value::as_str) != Some("HS256") {
        return Err("Invalid token: The specified alg value is not allowed".into());
    }
    let expected = mac(secret, format!("{}.{}", parts[0], parts[1]).as_bytes());
    if !crate::util::ct_eq(&expected, &sig) {
        return Err("Invalid token signature: Signature verification failed".into());
    }
    let claims: Value = serde_json::from_slice(&payload)
        .map_err(|_| "Invalid token format: Invalid payload string".to_string())?;
    let Value::Object(claims) = claims else {
        return Err("Invalid token format: Invalid payload string: must be a json object".into());
    };
    match claims.get("exp") {
        Some(Value::Number(n)) if n.as_f64().unwrap_or(0.0) <= now as f64 => {
            return Err("Token has expired".into());
        }
        Some(Value::Number(_)) => {}
        Some(_) => {
            return Err("Invalid token: Expiration Time claim (exp) must be an integer.".into())
        }
        None => {}
    }
    match claims.get("iat") {
        // Small leeway for clock skew between the minting process and the server.
        Some(Value::Number(n)) if n.as_f64().unwrap_or(0.0) > (now + 30) as f64 => {
            return Err("Invalid token: The token is not yet valid (iat)".into());
        }
        Some(Value::Number(_)) => {}
        Some(_) => return Err("Invalid token: Issued At claim (iat) must be an integer.".into()),
        None => {}
    }
    match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => {}
        _ => return Err("Token missing required 'sub' (subject) claim".into()),
    }
    Ok(claims)
}

/// Strict layer (applied everywhere by the sandbox): E4 reasons.
pub fn strict(claims: &Map<String, Value>) -> Result<(), &'static str> {
    if claims.get("type").and_then(Value::as_str) != Some("access") {
        return Err("Invalid token type");
    }
    let sub_ok = claims
        .get("sub")
        .and_then(Value::as_str)
        .is_some_and(|s| Uuid::parse_str(s).is_ok());
    let nonempty = |k: &str| {
        claims
            .get(k)
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty())
    };
    if !sub_ok || !nonempty("email") || !nonempty("role") {
        return Err("Invalid token claims");
    }
    if !matches!(claims.get("exp"), Some(Value::Number(_))) {
        return Err("Could not validate credentials");
    }
    Ok(())
}
