"""What follows a credited contribution: the SMS receipt, news subscription, milestones.

Called once per contribution, in the transaction that credits it, so a receipt is never
sent for money that was not counted, nor twice for money counted once.
"""
from app.funding import news
from app.links import public_url
from app.sms.outbox import queue_sms
from app.sms.segments import gsm7_safe, sms_amount


def receipt_text(project, amount_fcfa, reference):
    """One GSM-7 SMS: amount, reference, and the short link to pass on."""
    amount = sms_amount(amount_fcfa)
    link = public_url("funding.short_link", code=project.short_code)
    title = gsm7_safe(project.title)[:40]
    return f"Merci ! {amount} FCFA pour {title} recus. Ref {reference}. Faites passer : {link}"


def after_credit(payment):
    contribution = payment.contribution
    project = contribution.project
    if payment.phone:
        queue_sms(payment.phone, receipt_text(project, contribution.amount_fcfa, payment.short_code.upper()), "receipt")
        if contribution.wants_news:
            news.follow(project, payment.phone)
    news.check_milestone(project.id)
