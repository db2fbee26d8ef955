"""Reported conversation messages in the back office: each with its context, hide or show, ban the writer."""
from flask import redirect, request, url_for
from flask_login import current_user

from app.admin.blueprint import bp
from app.admin.review_views import confirm_step, get_or_404
from app.extensions import db
from app.pages import render
from app.talk import moderation
from app.talk.models import Message


@bp.get("/discussions")
def talk_reports():
    messages = moderation.reported()
    return render("admin/talk_reports.html", messages=messages,
                  contexts={m.id: moderation.context_of(m) for m in messages})


@bp.post("/discussions/messages/<int:message_id>")
def moderate_message(message_id):
    message = get_or_404(Message, message_id)
    moderation.set_hidden(current_user, message, request.form.get("hidden") == "1")
    db.session.commit()
    return redirect(url_for("admin.talk_reports"), 303)


@bp.post("/discussions/messages/<int:message_id>/bannir")
def ban_writer(message_id):
    message = get_or_404(Message, message_id)
    subject = message.conversation.film or message.conversation.project
    reason = request.form.get("reason", "")
    return confirm_step(lambda: moderation.ban_writer(current_user, message, reason), subject, "talk", "ban",
                        text_field="reason")
