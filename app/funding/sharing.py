"""Ready-made messages that spread a project, a film or a contest candidate, in the reader's language.

The SMS is GSM-7 only and one segment; WhatsApp takes the same words with the title as
written (it is not billed by the character).
"""
from dataclasses import dataclass
from urllib.parse import quote

from flask_babel import gettext as _

from app.links import public_url
from app.sms.segments import gsm7_safe

MAX_CHARS = 160


@dataclass(frozen=True)
class Share:
    """What the share links of one page need: the link, the words, and the two app links."""
    title: str
    url: str
    text: str
    sms_uri: str
    whatsapp_uri: str


def _frame(kind, link):
    if kind == "film":
        return _('Watch "%(title)s" for free on Karangou: %(link)s', title="{}", link=link)
    if kind == "candidate":
        return _('Vote for "%(title)s" on Karangou: %(link)s', title="{}", link=link)
    return _('Support "%(title)s" on Karangou: %(link)s', title="{}", link=link)


def _sms_text(kind, title, link):
    """E.g. 'Soutenez "Fatou capitaine" sur Karangou : http://…/p/FATOU2'.

    Characters outside GSM-7 are replaced rather than letting the SMS switch to UCS-2, which
    would cut it to 70 characters a segment and double its price.
    """
    frame = gsm7_safe(_frame(kind, link))
    room = MAX_CHARS - len(frame.format(""))
    title = gsm7_safe(title)
    if len(title) > room:
        title = title[: max(0, room - 3)].rstrip() + "..."
    return frame.format(title)


def _share(kind, title, link):
    text = _frame(kind, link).format(title)
    return Share(title=title, url=link, text=text,
                 sms_uri="sms:?body=" + quote(_sms_text(kind, title, link), safe=""),
                 whatsapp_uri="https://wa.me/?text=" + quote(text, safe=""))


def project_share(project):
    """Share links for a project, pointing at its short link."""
    return _share("project", project.title, public_url("funding.short_link", code=project.short_code))


def film_share(film):
    """Share links for a film, pointing at its page."""
    return _share("film", film.title, public_url("catalog.film", slug=film.slug))


def candidate_share(candidate):
    """Share links for a contest candidate, pointing at its page (and vote form)."""
    return _share("candidate", candidate.film.title, public_url("contests.candidate", slug=candidate.contest.slug,
                                                                candidate_id=candidate.id))
