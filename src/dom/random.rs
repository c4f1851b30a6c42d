//! Randomness and the clock.

/// Cryptographically random bytes from Web Crypto; falls back to `Math.random` only if Web
/// Crypto is missing, which no supported browser lacks.
pub fn random_bytes() -> [u8; 32] {
    let mut buf = [0u8; 32];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf).ok())
        .is_some();
    if !filled {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// Uniform in [0, 1).
pub fn random_unit() -> f64 {
    js_sys::Math::random()
}

/// Unix time in seconds.
pub fn now_secs() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
