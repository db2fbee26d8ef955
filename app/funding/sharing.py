"""The ready-made SMS that spreads a project: GSM-7 only, one segment."""
from urllib.parse import quote

from app.links import public_url
from app.sms.segments import gsm7_safe

MAX_CHARS = 160


def share_text(project):
    """E.g. 'Soutenez "Fatou capitaine" sur Karangou : http://…/p/FATOU2'.

    Characters outside GSM-7 are replaced rather than letting the SMS switch to UCS-2, which
    would cut it to 70 characters a segment and double its price.
    """
    link = public_url("funding.short_link", code=project.short_code)
    frame = 'Soutenez "{}" sur Karangou : ' + link
    room = MAX_CHARS - len(frame.format(""))
    title = gsm7_safe(project.title)
    if len(title) > room:
        title = title[: max(0, room - 3)].rstrip() + "..."
    return frame.format(title)


def sms_uri(project):
    """An `sms:` link opening the phone's messaging app with the text ready (RFC 5724)."""
    return "sms:?body=" + quote(share_text(project), safe="")
