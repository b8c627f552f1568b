#!/usr/bin/env python3
"""Regenerates tests/real/logs/mail/*.eml: tickets forwarded as e-mails, written by Python's own
e-mail package (the MIME writer many mail tools use), with the KA-05406 example logs attached.

    python3 tests/real/mail.py

- ticket-ka05406.eml: a text part, wfserver.log attached as is (base64) and rt1's web.log in a
  zip attached (base64); the Date header is fixed so that the file is the same on every run.
- forwarded-ka05406.eml: a support engineer's mail forwarding the first as an attachment
  (message/rfc822), with a quoted-printable note.
"""
import io
import pathlib
import zipfile
from email.message import EmailMessage

HERE = pathlib.Path(__file__).resolve().parent
EX = HERE.parent.parent / "examples" / "ka-05406"
OUT = HERE / "logs" / "mail"


def ticket():
    m = EmailMessage()
    m["From"] = "Customer Ops <ops@customer.example>"
    m["To"] = "support@vendor.example"
    m["Date"] = "Wed, 12 Jun 2024 09:14:00 +0200"
    m["Subject"] = "Message Center sync fails every night"
    m.set_content("Hello,\n\nthe Message Center sync fails every night. The workflow log and the RT logs are attached.\n\nRegards\n")
    m.add_attachment((EX / "marketing" / "wfserver.log").read_bytes(), maintype="text", subtype="plain", filename="wfserver.log")
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("rt1/web.log", date_time=(2024, 6, 12, 9, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, (EX / "rt1" / "web.log").read_bytes())
    m.add_attachment(b.getvalue(), maintype="application", subtype="zip", filename="rt1-logs.zip")
    return m


def forwarded(inner):
    m = EmailMessage()
    m["From"] = "Support Engineer <se@vendor.example>"
    m["To"] = "escalation@vendor.example"
    m["Date"] = "Wed, 12 Jun 2024 10:02:00 +0200"
    m["Subject"] = "Fwd: Message Center sync fails every night"
    m.set_content("See the customer's mail below, with its logs. Could you have a look today?\n", cte="quoted-printable")
    m.add_attachment(inner)
    return m


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    t = ticket()
    for name, msg in [("ticket-ka05406.eml", t), ("forwarded-ka05406.eml", forwarded(t))]:
        # Fixed MIME boundaries, so that the files do not change between runs.
        for k, part in enumerate(msg.walk()):
            if part.is_multipart():
                part.set_boundary(f"kbdiag-boundary-{name.split('-')[0]}-{k}")
        (OUT / name).write_bytes(bytes(msg))
        print(OUT / name)


if __name__ == "__main__":
    main()
