"""A conversation's page, its poll, posting, and what members, the team and admins do to messages."""
from flask import abort, flash, redirect, request
from flask_babel import format_decimal, gettext as _
from flask_login import current_user, login_required

from app.extensions import db
from app.talk import bp, conversations, limits, masking, moderation
from app.talk.pages import page, subject_or_404, subject_url
from app.talk.models import Message

ERRORS = {"empty": lambda: _("Write a message first."),
          "long": lambda: _("A message has at most %(num)s characters.", num=format_decimal(conversations.MAX_MESSAGE)),
          "banned": lambda: _("You can no longer write in this conversation.")}


@bp.get("/films/<slug>/discussion")
@bp.get("/projets/<code>/discussion")
def conversation(**subject):
    return page(subject_or_404(**subject))


@bp.post("/films/<slug>/discussion")
@bp.post("/projets/<code>/discussion")
@login_required
@limits.posting
def post(**subject):
    subject = subject_or_404(**subject)
    typed = request.form.get("body", "")
    try:
        message, kinds = conversations.post(current_user, subject, typed)
    except conversations.TalkError as problem:
        db.session.rollback()
        return page(subject, status=403 if str(problem) == "banned" else 422, typed=typed[:2000],
                    error=ERRORS[str(problem)]())
    db.session.commit()
    if kinds:
        flash(masking.notice(kinds))
    return redirect(subject_url(subject, _anchor=f"m{message.id}"), 303)


@bp.post("/films/<slug>/discussion/sms")
@bp.post("/projets/<code>/discussion/sms")
@login_required
def sms(**subject):
    subject = subject_or_404(**subject)
    conversations.set_sms(current_user, subject, request.form.get("wanted") == "1")
    db.session.commit()
    return redirect(subject_url(subject, _anchor="sms"), 303)


def _message_or_404(message_id):
    message = db.session.get(Message, message_id)
    if message is None:
        abort(404)
    conversation = message.conversation
    return message, conversation.film or conversation.project


@bp.post("/discussion/messages/<int:message_id>/signaler")
@login_required
def report(message_id):
    message, subject = _message_or_404(message_id)
    conversations.report(current_user, message)
    db.session.commit()
    flash(_("Thank you: the message was reported to the moderators."))
    return redirect(subject_url(subject, _anchor=f"m{message.id}"), 303)


@bp.post("/discussion/messages/<int:message_id>/masquer")
@login_required
def hide(message_id):
    message, subject = _message_or_404(message_id)
    if not conversations.may_moderate(current_user, subject):
        abort(403)
    hidden = request.form.get("hidden") != "0"
    if current_user.is_admin:  # an administrator's action is audited wherever it is taken
        moderation.set_hidden(current_user, message, hidden)
    else:
        conversations.set_hidden(message, hidden)
    db.session.commit()
    return redirect(subject_url(subject, _anchor=f"m{message.id}"), 303)


@bp.post("/discussion/messages/<int:message_id>/epingler")
@login_required
def pin(message_id):
    message, subject = _message_or_404(message_id)
    if not (current_user.is_authenticated and current_user.id in conversations.team_of(subject)):
        abort(403)
    conversations.set_pinned(message.conversation, message, request.form.get("pinned") != "0")
    db.session.commit()
    return redirect(subject_url(subject), 303)


@bp.post("/discussion/messages/<int:message_id>/bannir")
@login_required
def ban(message_id):
    message, subject = _message_or_404(message_id)
    if not conversations.may_ban(current_user, subject) or message.user_id == current_user.id:
        abort(403)
    if current_user.is_admin:
        moderation.ban_writer(current_user, message)
    else:
        conversations.ban(current_user, message.conversation, message.user_id)
    db.session.commit()
    flash(_("This member can no longer write in this conversation."))
    return redirect(subject_url(subject), 303)
