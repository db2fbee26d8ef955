"""Handing an e-mail to an SMTP server (stdlib smtplib), or keeping it in the outbox.

`MAIL_PROVIDER=smtp` hands messages to `MAIL_SERVER`, with STARTTLS or implicit TLS and a
login when configured; `off` sends no e-mail at all. `outbox`, the demo's, sends nothing:
messages stay in the database and show on /dev/courriels, as SMS do on /dev/sms.
"""
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage as MimeMessage
from email.utils import formataddr, make_msgid

from flask import current_app



@dataclass(frozen=True)
class Outcome:
    accepted: bool
    retry: bool = False
    error: str | None = None


def provider():
    return current_app.config["MAIL_PROVIDER"]


def deliver(message):
    """Sends one stored message; says whether it went, or whether to try again."""
    if provider() == "outbox":
        return Outcome(accepted=True)
    config = current_app.config
    mime = MimeMessage()
    mime["From"] = formataddr(("Karangou", config["MAIL_FROM"]))
    mime["To"] = message.to_address
    mime["Subject"] = message.subject
    mime["Message-ID"] = make_msgid(idstring=f"karangou-{message.id}", domain=config["MAIL_FROM"].split("@")[-1])
    mime.set_content(message.body)
    try:
        with _connect(config) as smtp:
            smtp.send_message(mime)
    except smtplib.SMTPRecipientsRefused as error:
        return Outcome(accepted=False, error=_short(error))
    except smtplib.SMTPResponseException as error:
        return Outcome(accepted=False, retry=400 <= error.smtp_code < 500, error=_short(error))
    except OSError as error:  # unreachable, refused, timed out, cut off: worth trying again later
        return Outcome(accepted=False, retry=True, error=_short(error))
    return Outcome(accepted=True)


def _connect(config):
    host, port, timeout = config["MAIL_SERVER"], int(config["MAIL_PORT"]), 20
    if config["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _short(error):
    return f"{type(error).__name__}: {error}"[:200]
