"""Projects written in the studio: saved as drafts at any point, so nothing typed is lost."""
import secrets
from datetime import datetime, time, timezone

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.funding.models import BudgetLine, Project, Reward
from app.inputs import whole_number

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


class ProjectFormError(ValueError):
    """A line of the budget or rewards cannot be read; the message says which."""


def new_short_code():
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not db.session.scalar(select(func.count()).select_from(Project).where(Project.short_code == code)):
            return code


# Whole FCFA a form line may hold: no film budget line or reward comes near it, and every sum of
# them stays far inside the 64-bit columns.
MAX_LINE_FCFA = 500_000_000
MAX_QUANTITY = 100_000


def _amount(text):
    """'1.200.000' or '1200000' → 1200000; None past MAX_LINE_FCFA or without ASCII digits."""
    return whole_number("".join(c for c in text if c in "0123456789"), 1, MAX_LINE_FCFA)


def parse_budget(text):
    """'Tournage 1 200 000' → [("Tournage", 1200000)]: the amount is the last group of digits."""
    lines = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        raw = raw.strip()
        if not raw:
            continue
        words = raw.split()
        while len(words) > 1 and all(w.replace(".", "").isascii() and w.replace(".", "").isdigit() for w in words[-2:]):
            words[-2:] = [words[-2] + words[-1]]  # "1 200 000" is one amount
        label, amount = " ".join(words[:-1]), _amount(words[-1])
        if not label or amount is None:
            raise ProjectFormError(_l("Budget line %(number)s: write a label then an amount.", number=number))
        lines.append((label[:120], amount))
    return lines


def parse_rewards(text):
    """'5000 Affiche signée 50' → (5000, "Affiche signée", 50); without the last number, unlimited."""
    rewards = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        words = raw.split()
        if not words:
            continue
        amount = _amount(words[0])
        quantity = None
        if len(words) > 2 and whole_number(words[-1], 1, MAX_QUANTITY) is not None:
            quantity = int(words[-1])
            words = words[:-1]
        title = " ".join(words[1:])
        if amount is None or amount <= 0 or not title:
            raise ProjectFormError(_l("Reward line %(number)s: write the minimum amount, then the title.",
                                      number=number))
        rewards.append((amount, title[:120], quantity))
    return rewards


def budget_text(project):
    return "\n".join(f"{line.label} {line.amount_fcfa}" for line in project.budget_lines)


def rewards_text(project):
    return "\n".join(f"{r.min_amount_fcfa} {r.title}" + (f" {r.quantity}" if r.quantity else "") for r in project.rewards)


def save_draft(project, owner, data):
    """Creates or updates a draft from the form's data; flushes and returns it."""
    budget = parse_budget(data.get("budget"))
    rewards = parse_rewards(data.get("rewards"))
    if project is None:
        project = Project(owner_id=owner.id, short_code=new_short_code(), goal_fcfa=data.get("goal_fcfa") or 10_000,
                          status="draft")
        db.session.add(project)
    project.title = (data.get("title") or "").strip() or str(_l("Untitled project"))
    for field in ("pitch", "synopsis", "technical_sheet"):
        setattr(project, field, (data.get(field) or "").strip())
    project.showreel_url = data.get("showreel_url") or None
    project.goal_fcfa = data.get("goal_fcfa") or project.goal_fcfa
    project.funding_model = data.get("funding_model") or "flexible"
    project.film_id = data.get("film_id")
    ends_on = data.get("ends_on")
    project.ends_at = datetime.combine(ends_on, time(23, 59), tzinfo=timezone.utc) if ends_on else None
    project.budget_lines = [BudgetLine(label=label, amount_fcfa=amount, position=i)
                            for i, (label, amount) in enumerate(budget)]
    _replace_rewards(project, rewards)
    db.session.flush()
    return project


def _replace_rewards(project, rewards):
    """Rewards already claimed keep their rows (contributions point at them); others are rewritten."""
    kept = [r for r in project.rewards if r.claimed_count]
    project.rewards = kept + [Reward(min_amount_fcfa=a, title=t, quantity=q) for a, t, q in rewards
                              if not any(k.title == t and k.min_amount_fcfa == a for k in kept)]


def save_readable_draft(project, owner, form):
    """An autosave: the fields the form could read are saved, the others keep what was saved
    before (a goal half typed, a budget line without its amount yet). Flushes."""
    data = {name: (None if form[name].errors else value) for name, value in form.data.items()}
    for name in ("budget", "rewards"):
        try:
            (parse_budget if name == "budget" else parse_rewards)(data.get(name))
        except ProjectFormError:
            data[name] = (budget_text if name == "budget" else rewards_text)(project) if project else ""
    if project is not None:
        for name in ("goal_fcfa", "film_id", "ends_on", "funding_model"):
            if form[name].errors:
                data[name] = {"goal_fcfa": project.goal_fcfa, "film_id": project.film_id,
                              "ends_on": project.ends_at.date() if project.ends_at else None,
                              "funding_model": project.funding_model}[name]
    return save_draft(project, owner, data)
