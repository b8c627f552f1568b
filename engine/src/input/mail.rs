//! E-mails saved into a bundle: a ticket forwarded as `.eml` carries the customer's logs as
//! attachments, encoded (base64, quoted-printable) so that no line of the file shows them. A
//! MIME multipart mail is opened like an archive: its text is one input under the mail's name,
//! each attachment another, `ticket.eml!/web.log` (decoded by the `mail-parser` crate; an
//! attached archive or mail is opened in turn).

/// The first line of a mail's header: a field every mail program writes first or early.
/// Checked on the first bytes before the file is read whole.
pub(super) fn starts_like_mail(head: &[u8]) -> bool {
    const FIRST: &[&str] = &[
        "from ",
        "return-path:",
        "received:",
        "mime-version:",
        "content-type:",
        "from:",
        "date:",
        "delivered-to:",
        "message-id:",
        "x-",
    ];
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let low = String::from_utf8_lossy(&line[..line.len().min(64)]).to_ascii_lowercase();
    FIRST.iter().any(|f| low.starts_with(f)) && (low.starts_with("from ") || low.contains(':'))
}

/// Does the header (the lines before the first blank one) declare MIME and a multipart body?
/// Only then does the mail hold attachments; a plain mail is read as the text it is.
pub fn is_multipart(data: &[u8]) -> bool {
    let (mut mime, mut multipart) = (false, false);
    for l in data.split(|&b| b == b'\n').take(400) {
        let l = l.strip_suffix(b"\r").unwrap_or(l);
        if l.iter().all(u8::is_ascii_whitespace) {
            break;
        }
        let low = String::from_utf8_lossy(&l[..l.len().min(80)]).to_ascii_lowercase();
        mime |= low.starts_with("mime-version:");
        multipart |= low.starts_with("content-type:") && low.contains("multipart/");
    }
    mime && multipart
}

/// An mbox file (mails one after the other, each after a `From ` line, as mail clients
/// export a folder): its first line is such a line and a header field follows.
pub(super) fn is_mbox(data: &[u8]) -> bool {
    let mut lines = data.split(|&b| b == b'\n');
    let first = lines.next().unwrap_or_default();
    let second = lines.next().unwrap_or_default();
    first.starts_with(b"From ")
        && first.len() > 5
        && !first[5..].starts_with(b" ")
        && second
            .iter()
            .take(80)
            .position(|&b| b == b':')
            .is_some_and(|i| i > 0 && second[..i].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-'))
}

/// The mails of an mbox file, each as its own bytes (without its `From ` line).
pub(super) fn mbox_messages(data: &[u8]) -> Vec<Vec<u8>> {
    mail_parser::mailbox::mbox::MessageIterator::new(std::io::Cursor::new(data))
        .map_while(Result::ok)
        .map(|m| m.unwrap_contents())
        .collect()
}

/// What a mail holds: its text (the subject and the text parts, HTML ones as text) and its
/// attachments, decoded, with their names.
pub(super) struct Parts {
    pub text: Vec<u8>,
    pub attachments: Vec<Attachment>,
    /// Why the text may be short of what was written: a text part that could not be decoded,
    /// or the mail ends before its closing boundary (cut: later attachments are lost).
    pub text_damage: Vec<String>,
}

/// One attachment: its name, its bytes, and what is wrong with them, if anything. An
/// attachment whose base64 breaks off (the mail cut inside it, a character base64 does not
/// have) is decoded up to there; any other broken encoding is given as it stands.
pub(super) struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
    pub damage: Option<String>,
}

/// The bytes that the clean start of a broken base64 body decodes to: its base64 characters
/// up to the first other one (blanks between lines skipped) or the padding, in whole groups of
/// four. None when not even one group is there.
fn base64_start(raw: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let mut clean = Vec::with_capacity(raw.len());
    for &b in raw {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => clean.push(b),
            b'=' => {
                clean.push(b);
                if clean.len() % 4 == 0 {
                    break;
                }
            }
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => break,
        }
    }
    // Padding ends the data: nothing after a group that holds it.
    if let Some(p) = clean.iter().position(|&b| b == b'=') {
        clean.truncate((p / 4 + 1) * 4);
    }
    clean.truncate(clean.len() / 4 * 4);
    let out = base64::engine::general_purpose::STANDARD.decode(&clean).ok()?;
    (!out.is_empty()).then_some(out)
}

/// Split a mail into its text and attachments; None when it cannot be parsed as a mail.
pub(super) fn split(data: &[u8]) -> Option<Parts> {
    use mail_parser::MimeHeaders as _;
    let msg = mail_parser::MessageParser::default().parse(data)?;
    let mut text = String::new();
    let mut text_damage = Vec::new();
    // A multipart mail ends with `--BOUNDARY--`; without it the mail was cut.
    let boundary = msg.root_part().content_type().and_then(|c| c.attribute("boundary")).map(str::to_string);
    if let Some(b) = boundary {
        let close = format!("--{b}--");
        if !data.windows(close.len()).any(|w| w == close.as_bytes()) {
            text_damage.push(
                "the mail ends before its closing MIME boundary: it was cut, and what followed the cut (the rest of an attachment, later attachments) is lost".to_string(),
            );
        }
    }
    if let Some(s) = msg.subject() {
        text.push_str("Subject: ");
        text.push_str(s);
        text.push_str("\n\n");
    }
    for k in 0..msg.text_body_count() {
        if msg.text_part(k as u32).is_some_and(|p| p.is_encoding_problem) {
            text_damage.push(format!("text part {} could not be decoded: read as it stands", k + 1));
        }
        if let Some(t) = msg.body_text(k) {
            text.push_str(&t);
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    let mut attachments = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (k, part) in msg.attachments().enumerate() {
        let name = part
            .attachment_name()
            .map(|n| n.trim().trim_start_matches("./").trim_start_matches(['/', '\\']).to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| {
                if part.is_message() {
                    format!("attachment-{}.eml", k + 1)
                } else {
                    format!("attachment-{}", k + 1)
                }
            });
        // Two attachments of one name stay two inputs.
        let name = if seen.insert(name.clone()) { name } else { format!("{name}#{}", k + 1) };
        let raw = part.contents();
        let base64 = part.content_transfer_encoding().is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
        let (bytes, damage) = match (part.is_encoding_problem, base64) {
            (false, _) => (raw.to_vec(), None),
            (true, true) => match base64_start(raw) {
                Some(b) => {
                    let why = format!("this attachment's base64 breaks off (the mail cut inside it, or a character base64 does not have): the {} byte(s) before that are decoded and read, the rest is lost", b.len());
                    (b, Some(why))
                }
                None => (raw.to_vec(), Some("this attachment's base64 cannot be decoded: it is read as it stands".to_string())),
            },
            (true, false) => (raw.to_vec(), Some("this attachment's transfer encoding is broken (the mail cut inside it?): it is read as it stands, not decoded".to_string())),
        };
        attachments.push(Attachment { name, bytes, damage });
    }
    Some(Parts { text: text.into_bytes(), attachments, text_damage })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAIL: &str = "From: support@example.com\r\nTo: team@example.com\r\nSubject: Sync fails every night\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThe customer's logs are attached; the sync fails at 02:00 with a=\r\n Logon error.\r\n--b1\r\nContent-Type: application/octet-stream; name=\"web.log\"\r\nContent-Disposition: attachment; filename=\"web.log\"\r\nContent-Transfer-Encoding: base64\r\n\r\nMjAyNC0wNi0xMiAwMjowMDowMC4wMDBaIGxpbmUgb25lCg==\r\n--b1--\r\n";

    #[test]
    fn a_multipart_mail_gives_its_text_and_decoded_attachments() {
        assert!(starts_like_mail(MAIL.as_bytes()));
        assert!(is_multipart(MAIL.as_bytes()));
        let p = split(MAIL.as_bytes()).unwrap();
        let text = String::from_utf8(p.text).unwrap();
        assert!(text.starts_with("Subject: Sync fails every night\n"), "{text}");
        // Quoted-printable soft line breaks are undone.
        assert!(text.contains("at 02:00 with a Logon error."), "{text}");
        assert!(p.text_damage.is_empty());
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].name, "web.log");
        assert_eq!(p.attachments[0].bytes, b"2024-06-12 02:00:00.000Z line one\n");
        assert!(p.attachments[0].damage.is_none());
    }

    #[test]
    fn a_cut_mail_or_broken_base64_is_said() {
        // Cut inside the attachment: no closing boundary, the attachment not decoded.
        let cut = &MAIL[..MAIL.find("MjAy").unwrap() + 20];
        let p = split(cut.as_bytes()).unwrap();
        assert!(p.text_damage.iter().any(|d| d.contains("closing MIME boundary")), "{:?}", p.text_damage);
        // Its base64 is decoded up to the cut, in whole groups of four.
        assert_eq!(p.attachments[0].bytes, b"2024-06-12 02:0");
        assert!(p.attachments[0].damage.as_deref().is_some_and(|d| d.contains("breaks off")));
        // A character base64 does not have: decoded up to it.
        let bad = MAIL.replace("MjAyNC0wNi0x", "MjAyNC0w!i0x");
        let p = split(bad.as_bytes()).unwrap();
        assert!(p.text_damage.is_empty(), "{:?}", p.text_damage);
        assert_eq!(p.attachments[0].bytes, b"2024-0");
        assert!(p.attachments[0].damage.is_some());
        assert_eq!(base64_start(b"!!!"), None);
        assert_eq!(base64_start(b"aGk=\nZZZZ").as_deref(), Some(&b"hi"[..]));
        // Content-Type first, as Python's MIMEMultipart writes it.
        assert!(starts_like_mail(b"Content-Type: multipart/mixed; boundary=\"x\"\nMIME-Version: 1.0\n"));
    }

    #[test]
    fn an_mbox_gives_each_mail() {
        let mbox = format!("From ops@example.com Wed Jun 12 09:14:00 2024\n{MAIL}\nFrom se@example.com Wed Jun 12 10:00:00 2024\nFrom: se@example.com\nSubject: second\n\nplain text\n");
        assert!(is_mbox(mbox.as_bytes()));
        let m = mbox_messages(mbox.as_bytes());
        assert_eq!(m.len(), 2);
        assert!(is_multipart(&m[0]));
        assert!(String::from_utf8_lossy(&m[1]).contains("Subject: second"));
        assert!(!is_mbox(b"From the start of the log\nnothing"));
        assert!(!is_mbox(b"2024-06-12 From x: y\n"));
    }

    #[test]
    fn logs_are_not_taken_for_mails() {
        assert!(!starts_like_mail(b"2024-06-12 02:00:00.000Z from: nowhere"));
        assert!(!starts_like_mail(b"Jun 12 02:00:00 host sshd[1]: Received disconnect"));
        assert!(!starts_like_mail(b"fromage: 3"));
        // A plain mail (no multipart body) has no attachments to open.
        assert!(!is_multipart(b"From: a@b\nMIME-Version: 1.0\nContent-Type: text/plain\n\nhello\n"));
        assert!(!is_multipart(b"From: a@b\n\nMIME-Version: 1.0\nContent-Type: multipart/mixed\n"));
    }
}
