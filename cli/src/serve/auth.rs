//! Bearer tokens: read from a file (one per line; blank lines and `#` comments ignored),
//! compared in constant time.

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::path::Path;
use std::sync::Arc;
use subtle::ConstantTimeEq;

/// The tokens of a token file; an error when it cannot be read or holds none.
pub fn read_tokens(path: &Path) -> Result<Vec<Vec<u8>>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("--token-file {}: {e}", path.display()))?;
    // Editors on Windows save a byte-order mark first; it is not part of the first token.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let tokens: Vec<Vec<u8>> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if tokens.is_empty() {
        return Err(format!("--token-file {}: no token in it (one per line)", path.display()));
    }
    Ok(tokens)
}

/// Does `given` equal one of `tokens`? Every token is compared, each in constant time, so the
/// time taken says nothing about which token (or which prefix) came close.
pub fn token_ok(tokens: &[Vec<u8>], given: &[u8]) -> bool {
    let mut ok = subtle::Choice::from(0u8);
    for t in tokens {
        ok |= t.as_slice().ct_eq(given);
    }
    ok.into()
}

/// Middleware on every route but `/healthz`.
pub async fn require_token(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(tokens) = st.tokens() else { return next.run(req).await };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().as_bytes().to_vec());
    match given {
        Some(t) if token_ok(&tokens, &t) => next.run(req).await,
        Some(_) => {
            ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", "the bearer token is not valid").into_response()
        }
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a bearer token is required: send 'Authorization: Bearer TOKEN'",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_exactly() {
        let tokens = vec![b"alpha".to_vec(), b"beta-2".to_vec()];
        assert!(token_ok(&tokens, b"alpha"));
        assert!(token_ok(&tokens, b"beta-2"));
        assert!(!token_ok(&tokens, b"alph"));
        assert!(!token_ok(&tokens, b"alphaa"));
        assert!(!token_ok(&tokens, b""));
        assert!(!token_ok(&[], b"alpha"));
    }

    #[test]
    fn token_file_skips_comments_and_blanks() {
        let dir = std::env::temp_dir().join(format!("kbdiag-tokens-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("tokens");
        std::fs::write(&f, "# ops\n\n  s3cret  \n#x\nother\n").unwrap();
        assert_eq!(read_tokens(&f).unwrap(), vec![b"s3cret".to_vec(), b"other".to_vec()]);
        std::fs::write(&f, "\u{feff}s3cret\r\nother\r\n").unwrap();
        assert_eq!(read_tokens(&f).unwrap(), vec![b"s3cret".to_vec(), b"other".to_vec()]);
        std::fs::write(&f, "# none\n\n").unwrap();
        assert!(read_tokens(&f).is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
