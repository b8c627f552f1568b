//! Masking a log message into tokens: the variable parts (numbers, hex ids, UUIDs, IP
//! addresses, paths, URLs, quoted values, times and dates) become `<*>`, the rest stays.
//! Hand-written byte tests, no regex: this runs on every error-level line of a bundle.

/// The wildcard of a template.
pub const WILD: &str = "<*>";

/// Split a message on whitespace and mask each token. Quoted values (`'x'`, `"x y"`) are
/// masked whole, even across spaces.
pub fn tokens(msg: &str) -> Vec<String> {
    tokens_at(msg).into_iter().map(|(t, _)| t).collect()
}

/// [`tokens`], each with the byte range of `msg` it was made from (what the skeleton cache of
/// the miner checks: a token that keeps digits must read the same on a line of the same shape).
pub fn tokens_at(msg: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let b = msg.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        // A quoted value: from the quote to its closing quote (within 200 bytes), masked whole.
        // Also one quoted inside a quoted value, its quotes escaped (klog's `err="failed to
        // \"StartContainer\" for \"app\""`).
        let close = if out.len() >= 512 {
            None
        } else if b[i] == b'"' || b[i] == b'\'' {
            let q = b[i];
            b[i + 1..].iter().take(200).position(|&c| c == q).map(|end| i + 1 + end)
        } else if b[i] == b'\\' && b.get(i + 1) == Some(&b'"') {
            let window = &b[i + 2..b.len().min(i + 202)];
            memchr::memmem::find(window, b"\\\"").map(|end| i + 2 + end + 1)
        } else {
            None
        };
        if let Some(close) = close {
            // The quote must close a token: followed by a space, punctuation or the end.
            let after = b.get(close + 1).copied();
            if after.is_none_or(|c| c.is_ascii_whitespace() || b",;:.)]}".contains(&c)) {
                let mut t = String::from(WILD);
                let mut j = close + 1;
                while j < b.len() && !b[j].is_ascii_whitespace() {
                    j += 1;
                }
                t.push_str(&msg[close + 1..j]);
                out.push((t, i..j));
                i = j;
                continue;
            }
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let raw = &msg[start..i];
        let t = if kept_number(raw, out.iter().rev().take(2).map(|(t, _)| t.as_str())) {
            raw.to_string()
        } else if status_code(raw, out.iter().rev().take(2).map(|(t, _)| t.as_str())) {
            // One code whatever its case (`0X800F081F` is `0x800f081f`).
            match raw.find("0x").or_else(|| raw.find("0X")) {
                Some(i) => format!("{}{}", &raw[..i], raw[i..].to_ascii_lowercase()),
                None => raw.to_string(),
            }
        } else {
            mask_token(raw)
        };
        out.push((t, start..i));
    }
    message_first(&mut out);
    out
}

/// In a logfmt message whose context pairs come before its `msg=` (Loki's `tenant=fake
/// msg="failed to flush chunks"`), the message goes first and the pairs after it: a template's
/// first words are what happened, and two tenants' lines differ in a later word, where the
/// miner can join them (hostile tester 8, 7: one template per tenant). Every token keeps its
/// range, so the miner's skeleton cache reads the same bytes.
fn message_first(toks: &mut [(String, std::ops::Range<usize>)]) {
    let is_msg = |t: &str| t.starts_with("msg=") || t.starts_with("message=");
    let pair = |t: &str| {
        t.split_once('=').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'.')
        })
    };
    let Some(j) = toks.iter().position(|(t, _)| is_msg(t)) else { return };
    if j > 0 && toks[..j].iter().all(|(t, _)| pair(t)) {
        toks.rotate_left(j);
    }
}

/// Words after which a hex number of 8 digits is a status code (a Windows HRESULT such as
/// `0x80070005` or `0x800f081f`, an NTSTATUS `0xC0000005`), not an address or an id.
const STATUS_WORDS: &[&str] = &[
    "error",
    "err",
    "errorcode",
    "hresult",
    "hr",
    "code",
    "status",
    "ntstatus",
    "failed",
    "failure",
    "result",
    "returned",
];

/// Is `raw` a status code that the template keeps (two such codes are two problems, hostile
/// tester T's finding 8): `0x` and 8 hex digits right after a status word (`error 0x80070005`,
/// `HRESULT = 0x800f081f`, one of the two tokens before it), or as the value of one
/// (`hr=0x80004005`). Decided by the token's shape and the words before it, never by which
/// digits it holds (the miner's skeleton cache relies on it); the digits it keeps are compared.
fn status_code<'a>(raw: &str, mut before: impl Iterator<Item = &'a str>) -> bool {
    let word = |t: &str| {
        let t = t.trim_matches(|c: char| c.is_ascii_punctuation());
        STATUS_WORDS.iter().any(|w| w.eq_ignore_ascii_case(t))
    };
    let hex8 = |t: &str| {
        let t = t.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_');
        t.len() == 10 && (t.starts_with("0x") || t.starts_with("0X")) && t[2..].bytes().all(|c| c.is_ascii_hexdigit())
    };
    if let Some((k, v)) = raw.split_once('=') {
        return word(k) && hex8(v);
    }
    if !hex8(raw) {
        return false;
    }
    // The word right before, or two before with `=` or `:` between (`HRESULT = 0x...`).
    match (before.next(), before.next()) {
        (Some(a), _) if word(a) => true,
        // The same code in hex after its decimal (`exit code 3221225477 (0xc0000005)`).
        (Some(a), Some(b)) if word(b) && !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) => true,
        (Some("=" | ":"), Some(b)) => word(b),
        _ => false,
    }
}

/// Is `raw` a number that names what happened, kept in the template (hostile tester Z 8: one
/// template said `exited on signal <*>` for SIGKILL and SIGSEGV alike): a SQLSTATE (`SQLSTATE
/// 40001`, `sqlstate=23505`), an HTTP status after `HTTP` or `status` (`HTTP 502`, `status
/// code 503`, `status=404`), an exit code (`exit code 137`, `exited with code 1`, `exit
/// status 2`, `exit_code=3`), a signal's number (`signal 9`). Decided by the words before it
/// and the token's shape (how many digits), never by which digits it holds: the miner's
/// skeleton cache relies on it.
fn kept_number<'a>(raw: &str, mut before: impl Iterator<Item = &'a str>) -> bool {
    let norm = |t: &str| t.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_').to_ascii_lowercase();
    let digits = |t: &str, max: usize| {
        let t = t.strip_prefix('-').unwrap_or(t);
        (1..=max).contains(&t.len()) && t.bytes().all(|c| c.is_ascii_digit())
    };
    let sqlstate = |t: &str| {
        t.len() == 5
            && t.bytes().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            && t.bytes().filter(u8::is_ascii_digit).count() >= 3
    };
    let core = raw.trim_matches(EDGE);
    // PHP's PDO writes the SQLSTATE in brackets: `SQLSTATE[40001]: Serialization failure`.
    if let Some(v) = bracketed_sqlstate(core) {
        return sqlstate(v);
    }
    if let Some((k, v)) = core.split_once('=') {
        let (k, v) = (norm(k), v.trim_matches(EDGE));
        return match k.as_str() {
            "sqlstate" => sqlstate(v),
            "status" | "statuscode" | "status_code" | "http_status" => digits(v, 3) && v.len() == 3,
            "exit_code" | "exitcode" | "exit_status" | "exitstatus" => digits(v, 10),
            "errno" => digits(v, 3),
            "signal" | "sig" => digits(v, 2),
            _ => false,
        };
    }
    let (b1, b2) = (before.next().map(norm), before.next().map(norm));
    match b1.as_deref() {
        Some("sqlstate") => sqlstate(core),
        Some("http" | "statuscode" | "status_code") => core.len() == 3 && digits(core, 3),
        Some("signal" | "sig") => digits(core, 2),
        // Windows writes an NTSTATUS as a decimal exit code (`exit code 3221225477` is
        // 0xC0000005, an access violation): ten digits.
        Some("exitcode" | "exit_code") => digits(core, 10),
        Some("errno") => digits(core, 3),
        // A status after the protocol (`"GET / HTTP/1.1" 502`, `HTTP/2 503`).
        Some(p) if p.starts_with("http/") => core.len() == 3 && digits(core, 3),
        Some("code" | "status") => match b2.as_deref() {
            Some("exit" | "exited" | "with" | "process") => digits(core, 10),
            Some("http" | "response" | "status") => core.len() == 3 && digits(core, 3),
            _ => b1.as_deref() == Some("status") && core.len() == 3 && digits(core, 3),
        },
        _ => false,
    }
}

/// Names of `errno` values ([`is_named_constant`]): those a program reports a failed call by.
const ERRNO_NAMES: &[&str] = &[
    "E2BIG",
    "EACCES",
    "EADDRINUSE",
    "EADDRNOTAVAIL",
    "EAGAIN",
    "EALREADY",
    "EBADF",
    "EBUSY",
    "ECANCELED",
    "ECHILD",
    "ECONNABORTED",
    "ECONNREFUSED",
    "ECONNRESET",
    "EDEADLK",
    "EDQUOT",
    "EEXIST",
    "EFAULT",
    "EFBIG",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "EINPROGRESS",
    "EINTR",
    "EINVAL",
    "EIO",
    "EISCONN",
    "EISDIR",
    "ELOOP",
    "EMFILE",
    "EMLINK",
    "EMSGSIZE",
    "ENAMETOOLONG",
    "ENETDOWN",
    "ENETRESET",
    "ENETUNREACH",
    "ENFILE",
    "ENOBUFS",
    "ENODEV",
    "ENOENT",
    "ENOEXEC",
    "ENOLCK",
    "ENOMEM",
    "ENOSPC",
    "ENOSYS",
    "ENOTCONN",
    "ENOTDIR",
    "ENOTEMPTY",
    "ENOTSOCK",
    "ENOTSUP",
    "ENXIO",
    "EOPNOTSUPP",
    "EOVERFLOW",
    "EPERM",
    "EPIPE",
    "EPROTO",
    "ERANGE",
    "EROFS",
    "ESPIPE",
    "ESRCH",
    "ESTALE",
    "ETIMEDOUT",
    "ETXTBSY",
    "EWOULDBLOCK",
    "EXDEV",
];

/// Is `t` (with the punctuation around it, or as a `key=value`'s value) the name of a constant
/// a program reports a failure by: a signal (`SIGKILL`, `(SIGSEGV)`), an `errno` name
/// (`ENOSPC`, `errno=EACCES`), an exception or error class (`java.lang.OutOfMemoryError`,
/// `ValueError:`)? Two different ones at the same place are two problems (hostile tester Z 8).
pub fn is_named_constant(t: &str) -> bool {
    let v = t.rsplit_once('=').map_or(t, |(_, v)| v);
    let v = v.trim_matches(|c: char| c.is_ascii_punctuation() && c != '_' && c != '$');
    if let Some(sig) = v.strip_prefix("SIG") {
        return sig.len() >= 2 && sig.bytes().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    }
    if ERRNO_NAMES.contains(&v) {
        return true;
    }
    // The class's own name: the last part of a dotted name, a capital first.
    let class = v.rsplit('.').next().unwrap_or(v);
    ["Exception", "Error"].iter().any(|suffix| class.len() > suffix.len() && class.ends_with(suffix))
        && class.starts_with(|c: char| c.is_ascii_uppercase())
        && v.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$'))
}

/// Punctuation around a token's core (brackets, quotes, a sentence's commas and stops): kept
/// as written around a masked value.
pub(crate) const EDGE: &[char] = &['(', ')', '[', ']', '{', '}', '<', '>', ',', ';', '"', '\'', '.', ':', '!', '?'];

/// Mask one whitespace-free token: its core (without surrounding brackets and punctuation)
/// when it is variable; `key=value` keeps its key.
pub fn mask_token(tok: &str) -> String {
    let core_start = tok.len() - tok.trim_start_matches(EDGE).len();
    let trimmed_end = tok.trim_end_matches(EDGE).len();
    if core_start >= trimmed_end {
        return tok.to_string();
    }
    // A trailing '.' or ':' of a number or address belongs to the sentence, not to the value.
    let core = &tok[core_start..trimmed_end];
    if core == WILD {
        return tok.to_string();
    }
    if let Some((k, v)) = core.split_once('=') {
        // A value quoted with escaped quotes, inside a quoted value (klog's `err="... plugin
        // type=\"calico\" failed"`): masked whole, as such a quoted value standing alone is
        // (hostile tester 11, 20: the closing `\"` was left in the template).
        let body = tok[core_start..].trim_end_matches([',', ';', ':', '.', ')', ']', '}']);
        if !k.is_empty() && v.starts_with("\\\"") && body.len() > k.len() + 4 && body.ends_with("\\\"") {
            return format!("{}{k}={WILD}{}", &tok[..core_start], &tok[core_start + body.len()..]);
        }
        // A value with a digit is a reading (`shard=s3`, `node=n7`, `zone=az1`), whatever its
        // length: kept, eight such fields made a template per combination (hostile tester 8).
        // A code stays (`err=ORA-00942`).
        if !k.is_empty() && !v.is_empty() {
            if variable(v) || (v.bytes().any(|c| c.is_ascii_digit()) && !is_code(v)) {
                return format!("{}{k}={WILD}{}", &tok[..core_start], &tok[trimmed_end..]);
            }
            // The value decides: a code or a word stays with its key (`err=ORA-00942` was
            // masked whole for the digits of its code).
            return tok.to_string();
        }
    }
    if variable(core) {
        format!("{}{WILD}{}", &tok[..core_start], &tok[trimmed_end..])
    } else {
        tok.to_string()
    }
}

/// Is this token core a value rather than a word of the message?
pub fn variable(t: &str) -> bool {
    let b = t.as_bytes();
    if b.is_empty() {
        return false;
    }
    if is_code(t) {
        return false;
    }
    // Paths and URLs.
    if t.contains("://") || (b[0] == b'/' && b.len() > 1) || b.starts_with(b"~/") || b.starts_with(b"\\\\") {
        return true;
    }
    if b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/') {
        return true;
    }
    if t.matches('/').count() >= 2 || t.matches('\\').count() >= 2 {
        return true;
    }
    let digits = b.iter().filter(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return false;
    }
    // 0x hex (and `5x12`, a size: any digit, so that masking never depends on which digit a
    // line holds, only on where digits are; the miner's skeleton cache relies on it).
    if b[0].is_ascii_digit()
        && (b[1..].starts_with(b"x") || b[1..].starts_with(b"X"))
        && b.len() > 2
        && b[2..].iter().all(u8::is_ascii_hexdigit)
    {
        return true;
    }
    // Numbers, with a sign, a decimal part and a short unit (12ms, 3.5s, 100%, 4KB, -1).
    let body = t.trim_start_matches(['-', '+', '#']);
    let num_end = body.bytes().position(|c| !(c.is_ascii_digit() || c == b'.' || c == b',')).unwrap_or(body.len());
    if num_end > 0
        && body[num_end..].len() <= 3
        && body[num_end..].bytes().all(|c| c.is_ascii_alphabetic() || c == b'%')
    {
        return true;
    }
    // Times, dates, IPv4 (with a port), IPv6, UUIDs, hex ids: only hex digits and separators.
    if b.iter().all(|&c| c.is_ascii_hexdigit() || b"-:._/+TZ%".contains(&c)) && (digits >= 2 || b.len() >= 8) {
        return true;
    }
    // Ids mixing letters and many digits (blk_-1608999687919862906, job_1445062781478_0011,
    // session7f3a9c01): four digits or more.
    digits >= 4
}

/// [`is_code`] for a message's word, with the punctuation a message puts around a code
/// (`ORA-00942:`, `(XSV-350013)`).
pub fn is_code_word(t: &str) -> bool {
    let v = t.rsplit_once('=').map_or(t, |(_, v)| v);
    let core = v.trim_matches(|c: char| c.is_ascii_punctuation() && c != '-');
    is_code(core) || is_status_word(t) || kept_number_word(core)
}

/// A number [`kept_number`] left in a template: no other digits-only token survives masking
/// (nor a SQLSTATE such as `40P01`), so in a template one is a kept code.
fn kept_number_word(core: &str) -> bool {
    if let Some(v) = bracketed_sqlstate(core) {
        // Only a code `kept_number` keeps (`SQLSTATE[]:` is kept as the word it is, no code).
        return v.len() == 5
            && v.bytes().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            && v.bytes().filter(u8::is_ascii_digit).count() >= 3;
    }
    let d = core.strip_prefix('-').unwrap_or(core);
    let n = d.bytes().filter(u8::is_ascii_digit).count();
    ((1..=10).contains(&d.len()) && n == d.len())
        || (d.len() == 5 && n >= 3 && d.bytes().all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()))
}

/// The code inside PHP's `SQLSTATE[40001` (a token with its edge punctuation trimmed).
fn bracketed_sqlstate(core: &str) -> Option<&str> {
    core.get(..9).filter(|p| p.eq_ignore_ascii_case("sqlstate[")).and_then(|_| core.get(9..))
}

/// A kept hex status code (`0x80070005`, `hr=0x80004005`, `0x800f081f.`): only left unmasked
/// where [`status_code`] kept it.
pub fn is_status_word(t: &str) -> bool {
    let t = t.rsplit_once('=').map_or(t, |(_, v)| v);
    let t = t.trim_matches(|c: char| c.is_ascii_punctuation() && c != '-');
    t.len() == 10 && (t.starts_with("0x") || t.starts_with("0X")) && t[2..].bytes().all(|c| c.is_ascii_hexdigit())
}

/// An error code kept whole and constant: `ORA-00942`, `XSV-350122`, `E11000`, `HTTP-500`:
/// upper-case letters, an optional dash, digits.
pub fn is_code(t: &str) -> bool {
    let b = t.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=8).contains(&letters) {
        return false;
    }
    let rest = &b[letters..];
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    (2..=10).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit) && (letters >= 2 || rest.len() >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        tokens(s).join(" ")
    }

    #[test]
    fn masks_values_and_keeps_words() {
        assert_eq!(
            m("Failed password for invalid user admin from 10.0.0.7 port 52212 ssh2"),
            "Failed password for invalid user admin from <*> port <*> ssh2"
        );
        assert_eq!(m("took 12ms at 12:03:44.123 on 2024-06-01"), "took <*> at <*> on <*>");
        assert_eq!(m("id 550e8400-e29b-41d4-a716-446655440000 addr 0x7ffe12"), "id <*> addr <*>");
        assert_eq!(m("cannot open /var/lib/pgsql/data/base: denied"), "cannot open <*>: denied");
        assert_eq!(m("user 'alice smith' rejected (code=42)"), "user <*> rejected (code=<*>)");
        assert_eq!(m("ORA-00942: table missing, XSV-350122"), "ORA-00942: table missing, XSV-350122");
        assert_eq!(m("block blk_-1608999687919862906 lost"), "block <*> lost");
        assert_eq!(m("connect to [::1]:5432 failed"), "connect to [::<*> failed");
    }

    /// A `key=\"value\"` inside a quoted value (klog's `err`) is masked whole, with what
    /// follows its closing quote; one of plain quotes, a word, is kept as it was.
    #[test]
    fn an_escaped_quoted_value_of_a_key_is_masked_whole() {
        assert_eq!(
            m(r#"sandbox \"abc\": plugin type=\"calico\" failed (add): type=\"x\"), n=\"q\","#),
            r#"sandbox <*>: plugin type=<*> failed (add): type=<*>), n=<*>,"#
        );
        assert_eq!(m(r#"plugin type=\"calico\" failed"#), m(r#"plugin type=\"flannel\" failed"#));
        assert_eq!(m(r#"plugin type="calico" failed"#), r#"plugin type="calico" failed"#);
        // An empty one is a value too; a lone escaped quote opens none.
        assert_eq!(m(r#"k=\"\" and k=\" alone"#), r#"k=<*> and k=\" alone"#);
    }

    #[test]
    fn status_codes_are_kept_after_a_status_word() {
        assert_eq!(m("Windows Update failed with error 0x800f081f"), "Windows Update failed with error 0x800f081f");
        assert_eq!(m("Windows Update failed with error 0x80070005."), "Windows Update failed with error 0x80070005.");
        assert_eq!(
            m("Failed to resolve source [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]"),
            "Failed to resolve source [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]"
        );
        assert_eq!(m("CoCreateInstance hr=0x80004005 in 12 ms"), "CoCreateInstance hr=0x80004005 in <*> ms");
        assert_eq!(m("exception code: 0xC0000005"), "exception code: 0xc0000005");
        // One code whatever the case it is written in.
        assert_eq!(m("error 0X800F081F"), m("error 0x800f081f"));
        // An address, a longer number, no status word: masked.
        assert_eq!(m("segfault at address 0x7ffe1234"), "segfault at address <*>");
        assert_eq!(m("error 0x7ffe12345678 in module"), "error <*> in module");
        assert_eq!(m("id=0x80070005 lost"), "id=<*> lost");
    }

    /// Numbers that name what happened stay in the template (hostile tester Z 8); counts,
    /// sizes and ids after the same words do not.
    #[test]
    fn numbers_that_name_what_happened_are_kept() {
        for same in [
            "query failed: SQLSTATE 40001",
            "deadlock detected (SQLSTATE 40P01)",
            "insert refused sqlstate=23505",
            "request returned HTTP 502 Bad Gateway",
            "request returned HTTP status 503",
            "worker exited with code 137",
            "process exit code -1",
            "job ended, exit status 2",
            "runner exit_code=3",
            "exited on signal 9 (SIGKILL)",
            "worker died signal=11",
            "write failed errno 28",
            "upstream answered HTTP/1.1 502 Bad Gateway",
            // PHP's PDO, and a Windows exit code with its NTSTATUS in hex (hostile tester 8 13).
            "PDOException: SQLSTATE[40001]: Serialization failure",
            "worker exited with exit code 3221225477 (0xc0000005)",
        ] {
            assert_eq!(m(same), same);
        }
        assert_eq!(m("upstream status code 503 after 30 s"), "upstream status code 503 after <*> s");
        assert_eq!(m("status=404 for user 5521"), "status=404 for user <*>");
        assert_eq!(m("sent 3 requests, status 1234 pending"), "sent <*> requests, status <*> pending");
        assert_eq!(m("error code 1234567 at step 4"), "error code <*> at step <*>");
        assert_eq!(m("HTTP 5023 bytes sent"), "HTTP <*> bytes sent");
        assert_eq!(m("user code=42 rejected"), "user code=<*> rejected");
        // A key's value with a digit is a reading, however short; a code stays.
        assert_eq!(
            m("push failed shard=s3 node=n7 zone=az1 err=EIO"),
            "push failed shard=<*> node=<*> zone=<*> err=EIO"
        );
        assert_eq!(m("query failed err=ORA-00942"), "query failed err=ORA-00942");
        // Kept numbers are codes of their template: two of them at a place are two problems.
        assert!(is_code_word("502") && is_code_word("(40P01)") && is_code_word("status=404"));
        assert!(is_code_word("SQLSTATE[23000]:") && is_code_word("3221225477"));
        assert!(!is_code_word("SQLSTATE[]:") && is_code_word("SQLSTATE[HY000]:"));
        // logfmt: the message first, its context pairs after it.
        assert_eq!(
            m("caller=flush.go:50 tenant=fake msg=\"failed to flush chunks\" err=timeout"),
            "msg=\"failed to flush chunks\" err=timeout caller=<*> tenant=fake"
        );
        assert_eq!(m("tenant=fake failed to flush msg=x"), "tenant=fake failed to flush msg=x");
        assert_eq!(m("PDOException: SQLSTATE[HY0001]: x"), "PDOException: <*>]: x");
        assert_eq!(m("worker exited with code 32212254770 at 5"), "worker exited with code <*> at <*>");
    }

    #[test]
    fn named_constants() {
        for yes in [
            "SIGKILL",
            "(SIGSEGV)",
            "SIGUSR1,",
            "ENOSPC",
            "errno=EACCES",
            "java.lang.OutOfMemoryError",
            "ValueError:",
            "Foo$BarException",
        ] {
            assert!(is_named_constant(yes), "{yes}");
        }
        for no in
            ["SIG", "SIGN", "Signal", "ERROR", "Error", "Exception", "myError", "errors", "E11000", "handleError()"]
        {
            assert!(!is_named_constant(no), "{no}");
        }
    }

    #[test]
    fn codes() {
        assert!(is_code("ORA-00942"));
        assert!(is_code("E11000"));
        assert!(!is_code("ssh2"));
        assert!(!is_code("A1"));
    }
}
