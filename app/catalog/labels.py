"""Visible names of credit roles, in the visitor's language."""
from flask_babel import lazy_gettext as _l

CREDIT_ROLE_LABELS = {
    "director": _l("Director"),
    "screenwriter": _l("Screenwriter"),
    "producer": _l("Producer"),
    "cinematographer": _l("Cinematography"),
    "editor": _l("Editing"),
    "composer": _l("Music"),
    "actor": _l("Cast"),
    "assistant_director": _l("Assistant director"),
    "sound": _l("Sound"),
    "set_designer": _l("Set design"),
    "costume": _l("Costumes"),
    "makeup": _l("Make-up"),
    "crew": _l("Crew"),
}


def credit_role(role):
    return CREDIT_ROLE_LABELS.get(role, role)

FILM_STATUS_LABELS = {
    "draft": _l("Draft"),
    "in_review": _l("Waiting for review"),
    "published": _l("Published"),
    "rejected": _l("Sent back"),
    "refused": _l("Not accepted"),
    "withdrawn": _l("Withdrawn"),
}
VIDEO_STATUS_LABELS = {
    "none": _l("No video yet"),
    "processing": _l("Video being prepared"),
    "ready": _l("Video ready"),
    "failed": _l("Video could not be prepared"),
}


def film_status(status):
    return FILM_STATUS_LABELS.get(status, status)


def video_status(status):
    return VIDEO_STATUS_LABELS.get(status, status)

PROJECT_STATUS_LABELS = {
    "draft": _l("Draft"),
    "submitted": _l("Waiting for review"),
    "changes_requested": _l("Sent back"),
    "rejected": _l("Not accepted"),
    "live": _l("Raising funds"),
    "suspended": _l("Suspended"),
    "funded": _l("Funded"),
    "not_funded": _l("Ended without reaching its goal"),
    "cancelled": _l("Cancelled"),
}


def project_status(status):
    return PROJECT_STATUS_LABELS.get(status, status)
