//! Reads the claims of an access JWT for display and expiry scheduling. Never verifies the
//! signature (the server does); only decodes the base64url payload (CONTRACT §1.6, §2.7).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Claims {
    pub sub: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub roles: Option<Vec<String>>,
    pub teams: Option<Vec<String>>,
    pub name: Option<String>,
    pub preferred_username: Option<String>,
    pub permissions: Option<Vec<String>>,
    pub token_type: Option<String>,
    pub iat: Option<i64>,
    pub exp: Option<i64>,
}

impl Claims {
    pub fn display_name(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.preferred_username.clone())
            .or_else(|| self.email.clone())
            .unwrap_or_else(|| "Signed-in user".into())
    }

    pub fn role_list(&self) -> Vec<String> {
        match (&self.roles, &self.role) {
            (Some(r), _) if !r.is_empty() => r.clone(),
            (_, Some(r)) => vec![r.clone()],
            _ => Vec::new(),
        }
    }
}

/// Decode the payload of a JWT. `None` for anything that is not three dot-separated segments
/// with a JSON object in the middle.
pub fn decode(token: &str) -> Option<Claims> {
    let mut parts = token.split('.');
    let (_, payload, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    // Read through `Value` rather than a derived decoder: it is already in the wasm, and claims
    // of the wrong type are simply absent.
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let obj = v.as_object()?;
    let text = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_owned);
    let list = |k: &str| {
        obj.get(k).and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
    };
    let num = |k: &str| {
        obj.get(k)
            .and_then(|n| n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)))
    };
    Some(Claims {
        sub: text("sub"),
        email: text("email"),
        role: text("role"),
        roles: list("roles"),
        teams: list("teams").or_else(|| list("groups")),
        name: text("name"),
        preferred_username: text("preferred_username"),
        permissions: list("permissions"),
        token_type: text("type"),
        iat: num("iat"),
        exp: num("exp"),
    })
}

/// Trim what people paste around a token: whitespace and a leading `Bearer `.
pub fn clean_pasted(raw: &str) -> String {
    let t = raw.trim();
    let t = if t.len() > 7 && t[..7].eq_ignore_ascii_case("bearer ") {
        &t[7..]
    } else {
        t
    };
    t.trim().to_string()
}

/// The client-side checks of §2.7 step 2; `now` in Unix seconds. The error is shown as is.
pub fn check_pasted(token: &str, now: i64) -> Result<Claims, String> {
    if token.is_empty() {
        return Err("Paste an access token.".into());
    }
    if token.split('.').count() != 3 {
        return Err("This is not a JWT: it needs three dot-separated parts.".into());
    }
    let claims = decode(token).ok_or("The token's payload could not be read.")?;
    if let Some(t) = &claims.token_type {
        if t != "access" {
            return Err("This is not an access token.".into());
        }
    }
    match claims.exp {
        Some(exp) if exp <= now => return Err("This token has expired.".into()),
        None => return Err("The token has no expiry (exp) claim.".into()),
        _ => {}
    }
    for (present, name) in [
        (claims.sub.is_some(), "sub"),
        (
            claims.email.as_deref().is_some_and(|e| !e.is_empty()),
            "email",
        ),
        (
            claims.role.as_deref().is_some_and(|r| !r.is_empty()),
            "role",
        ),
    ] {
        if !present {
            return Err(format!(
                "The token lacks the '{name}' claim that SARK requires."
            ));
        }
    }
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!(
            "eyJhbGciOiJIUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn accepts_a_good_access_token_and_reads_identity() {
        let t = token(
            r#"{"sub":"07404307-9a85-4551-9526-816958ff838e","email":"a@x","role":"admin","roles":["admin"],"name":"Ada","type":"access","iat":1,"exp":2000000000}"#,
        );
        let c =
            check_pasted(&clean_pasted(&format!("  Bearer {t}\n")), 1_800_000_000).expect("valid");
        assert_eq!(c.display_name(), "Ada");
        assert_eq!(c.role_list(), vec!["admin"]);
    }

    #[test]
    fn rejects_refresh_expired_and_incomplete_tokens() {
        let refresh =
            token(r#"{"sub":"u","email":"a","role":"r","type":"refresh","exp":2000000000}"#);
        assert_eq!(
            check_pasted(&refresh, 0),
            Err("This is not an access token.".into())
        );
        let expired = token(r#"{"sub":"u","email":"a","role":"r","exp":10}"#);
        assert_eq!(
            check_pasted(&expired, 11),
            Err("This token has expired.".into())
        );
        let no_email = token(r#"{"sub":"u","role":"r","exp":2000000000}"#);
        assert!(check_pasted(&no_email, 0).unwrap_err().contains("'email'"));
        assert!(check_pasted("not-a-jwt", 0).unwrap_err().contains("three"));
        assert!(check_pasted("a.!!!.c", 0).is_err());
    }

    #[test]
    fn identity_falls_back_to_email_and_single_role() {
        let c = decode(&token(r#"{"email":"e@x","role":"viewer"}"#)).expect("decodes");
        assert_eq!(c.display_name(), "e@x");
        assert_eq!(c.role_list(), vec!["viewer"]);
    }
}
