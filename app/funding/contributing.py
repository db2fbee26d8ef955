"""What a contributor chooses besides the money: a reward, a message, anonymity, news by SMS.

`check_choices` runs after the payments engine has read the amount, so a reward can be
compared with it. The reward's stock is checked here for a clear message, and claimed
for good only when the payment succeeds (app/funding/ledger.py), never over-allocated.
"""
from flask_babel import format_decimal
from flask_babel import gettext as _


PRESETS_FCFA = (500, 1_000, 2_000, 5_000)


def rewards_on_offer(project):
    return [r for r in project.rewards if r.remaining is None or r.remaining > 0]


def check_choices(pay, project):
    """Adds errors to `pay` for a reward that does not fit; returns True when all is well."""
    if not pay.reward:
        return True
    reward = next((r for r in project.rewards if str(r.id) == pay.reward), None)
    if reward is None:
        pay.errors["reward"] = _("Choose a reward from the list.")
    elif reward.remaining is not None and reward.remaining <= 0:
        pay.errors["reward"] = _("This reward is no longer available; choose another one or none.")
    elif pay.amount_fcfa and pay.amount_fcfa < reward.min_amount_fcfa:
        pay.errors["reward"] = _("This reward needs at least %(amount)s FCFA.", amount=format_decimal(reward.min_amount_fcfa))
    else:
        pay.reward_id = reward.id
    return "reward" not in pay.errors
