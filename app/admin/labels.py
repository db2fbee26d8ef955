"""Words the back office shows for the codes it stores: audit actions, payment and
contribution states, funding models. A code without a label shows as itself."""
from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "project.approve": _l("Project approved"),
    "project.send_back": _l("Project sent back"),
    "project.reject": _l("Project rejected"),
    "project.suspend": _l("Project suspended"),
    "project.cancel": _l("Project cancelled"),
    "project.reinstate": _l("Project reinstated"),
    "film.approve": _l("Film published"),
    "film.send_back": _l("Film sent back"),
    "film.reject": _l("Film rejected"),
    "film.approve_video": _l("New video approved"),
    "film.send_back_video": _l("New video sent back"),
    "film.withdraw": _l("Film withdrawn"),
    "film.reinstate": _l("Film reinstated"),
    "film.feature": _l("Film featured"),
    "film.unfeature": _l("Film no longer featured"),
    "user.role": _l("Role changed"),
    "user.disable": _l("Account disabled"),
    "user.enable": _l("Account enabled"),
    "comment.hide": _l("Comment hidden"),
    "comment.show": _l("Comment shown again"),
    "message.hide": _l("Conversation message hidden"),
    "message.show": _l("Conversation message shown again"),
    "talk.ban": _l("Member banned from a conversation"),
    "payment.recheck": _l("Payment re-checked"),
    "creator.approve": _l("Creator approved"),
    "creator.reject": _l("Creator check refused"),
    "contest.create": _l("Contest created"),
    "contest.open": _l("Contest opened"),
    "contest.close": _l("Contest closed"),
    "contest.approve_candidate": _l("Contest film approved"),
    "contest.refuse_candidate": _l("Contest film refused"),
    "contest.count_ballot": _l("Held vote counted"),
    "contest.reject_ballot": _l("Held vote rejected"),
}
TARGET_LABELS = {"project": _l("project"), "film": _l("film"), "user": _l("member"), "comment": _l("comment"),
                 "payment": _l("payment"), "message": _l("conversation message"), "contest": _l("contest")}
PAYMENT_STATUS_LABELS = {
    "created": _l("Created"),
    "awaiting_payer": _l("Waiting for the payer"),
    "succeeded": _l("Succeeded"),
    "failed": _l("Failed"),
    "expired": _l("Expired"),
    "refunded": _l("Refunded"),
    "unreachable": _l("Provider unreachable"),
}
EVENT_SOURCE_LABELS = {"start": _l("start"), "callback": _l("provider callback"), "poll": _l("status query"),
                       "reconcile": _l("sweep"), "admin": _l("administrator"), "refund": _l("refund")}
EVENT_KIND_LABELS = {
    "transition": _l("state change"),
    "callback": _l("callback received"),
    "unmatched": _l("callback for no payment of ours"),
    "rejected": _l("callback refused (bad signature)"),
    "refuted": _l("callback contradicted by the provider"),
    "mismatch": _l("paid, but not the amount asked"),
    "refund_request": _l("refund asked"),
    "refund_manual": _l("refund to be made by hand"),
    "refund_uncertain": _l("refund answer unclear"),
}
CONTRIBUTION_STATUS_LABELS = {
    "pending": _l("Pending"),
    "succeeded": _l("Succeeded"),
    "failed": _l("Failed"),
    "refund_pending": _l("To refund"),
    "refunded": _l("Refunded"),
}
FUNDING_MODEL_LABELS = {"flexible": _l("Flexible (keeps what is raised)"),
                        "all_or_nothing": _l("All or nothing")}
CANDIDATE_STATUS_LABELS = {"submitted": _l("Waiting for a decision"), "approved": _l("Approved"),
                           "refused": _l("Refused")}
CONTEST_STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}
BALLOT_STATUS_LABELS = {"pending": _l("Pending"), "counted": _l("Counted"), "held": _l("Held for review"),
                        "rejected": _l("Rejected"), "failed": _l("Failed")}
HOLD_REASON_LABELS = {"rapid": _l("less than 5 seconds after another vote from the same number or address"),
                      "many_candidates": _l("the same address voted for several candidates within minutes")}
ROLE_LABELS = {"viewer": _l("Viewer"), "filmmaker": _l("Filmmaker"), "producer": _l("Producer"),
               "admin": _l("Administrator")}


def _label(labels):
    return lambda code: labels.get(code, code)


TEMPLATE_LABELS = {
    "action_label": _label(ACTION_LABELS),
    "target_label": _label(TARGET_LABELS),
    "payment_status": _label(PAYMENT_STATUS_LABELS),
    "event_source": _label(EVENT_SOURCE_LABELS),
    "event_kind": _label(EVENT_KIND_LABELS),
    "contribution_status": _label(CONTRIBUTION_STATUS_LABELS),
    "funding_model": _label(FUNDING_MODEL_LABELS),
    "role_label": _label(ROLE_LABELS),
    "candidate_status": _label(CANDIDATE_STATUS_LABELS),
    "contest_status": _label(CONTEST_STATUS_LABELS),
    "ballot_status": _label(BALLOT_STATUS_LABELS),
    "hold_reason": _label(HOLD_REASON_LABELS),
}

# What a decision does, shown on its confirmation step.
CONSEQUENCES = {
    "project.approve": _l("The project goes live and starts taking contributions. The team is told by SMS."),
    "project.send_back": _l("The team gets the project back with your message, by SMS and in its studio."),
    "project.reject": _l("The project is refused for good; the team is told why, by SMS and in its studio."),
    "project.suspend": _l("The project stops taking contributions at once. Money already received stays with "
                          "it until it is reinstated or cancelled. The team and the contributors are told by SMS."),
    "project.cancel": _l("The project is cancelled for good: every contribution is refunded to its payer. "
                         "The team and the contributors are told by SMS."),
    "project.reinstate": _l("The project takes contributions again. The team and the contributors are told by SMS."),
    "creator.approve": _l("The filmmaker's identity is approved: their projects can go live once reviewed."),
    "creator.reject": _l("The identity document is refused; the filmmaker sees your reason and can send another."),
    "film.approve": _l("The film is published in the catalogue. The team is told by SMS."),
    "film.send_back": _l("The team gets the film back with your message, by SMS and in its studio."),
    "film.reject": _l("The film is refused for good; the team is told why, by SMS and in its studio."),
    "film.approve_video": _l("The new video replaces the one viewers watch. The team is told by SMS."),
    "film.send_back_video": _l("The new video is deleted; the approved one keeps playing. The team is told by SMS."),
    "film.withdraw": _l("The film leaves the catalogue and its video links stop at once. The team is told by SMS."),
    "film.reinstate": _l("The film is back in the catalogue. The team is told by SMS."),
    "user.disable": _l("The member is signed out everywhere and their live projects are suspended: they stop "
                       "taking contributions at once."),
    "talk.ban": _l("The member can still read this conversation but can no longer write in it. Their messages "
                   "stay as they are: hide them one by one if they must go."),
    "user.enable": _l("The member can sign in again. Suspended projects stay suspended until you reinstate them."),
    "contest.open": _l("The contest page is public: filmmakers can send films and everyone can vote between its dates."),
    "contest.close": _l("The contest stops taking films and votes for good; its leaderboard stays public."),
    "contest.approve_candidate": _l("The film appears in the contest and can receive votes."),
    "contest.refuse_candidate": _l("The film stays out of the contest for good."),
    "contest.count_ballot": _l("The votes join the candidate's total, once."),
    "contest.reject_ballot": _l("The votes are never counted. The money is owed back to the payer: give it back "
                                "by hand from the payment's page (noted there)."),
}
