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
pub(super) fn is_multipart(data: &[u8]) -> bool {
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

/// What a mail holds: its text (the subject and the text parts, HTML ones as text) and its
/// attachments, decoded, with their names.
pub(super) struct Parts {
    pub text: Vec<u8>,
    pub attachments: Vec<(String, Vec<u8>)>,
}

/// Split a mail into its text and attachments; None when it cannot be parsed as a mail.
pub(super) fn split(data: &[u8]) -> Option<Parts> {
    use mail_parser::MimeHeaders as _;
    let msg = mail_parser::MessageParser::default().parse(data)?;
    let mut text = String::new();
    if let Some(s) = msg.subject() {
        text.push_str("Subject: ");
        text.push_str(s);
        text.push_str("\n\n");
    }
    for k in 0..msg.text_body_count() {
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
        attachments.push((name, part.contents().to_vec()));
    }
    Some(Parts { text: text.into_bytes(), attachments })
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
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].0, "web.log");
        assert_eq!(p.attachments[0].1, b"2024-06-12 02:00:00.000Z line one\n");
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
