"""`flask funding …`: the daily work on projects."""
import click
from flask.cli import AppGroup

from app.extensions import db
from app.funding import lifecycle, news
from app.jobs import enqueue_after_commit, repeat_every
from app.payments.refunds import refund_contribution
from app.payouts import approvals

funding_cli = AppGroup("funding", help="Projects: their daily work.")


def close_ended_projects():
    """Ends every live project whose date has passed (a funded one opens its payout); safe to run
    as often as wanted."""
    closed = []
    for project in lifecycle.ended_live_projects():
        refunds = lifecycle.close(project)
        news.announce_end(project)
        approvals.open_payout(project)
        for contribution in refunds:
            enqueue_after_commit(refund_contribution, contribution.id)
        db.session.commit()
        closed.append((project, refunds))
    return closed


@funding_cli.command("close-ended")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (a scheduler without cron).")
def close_ended_command(every):
    """End live projects past their date: funded, or not (all-or-nothing ones are refunded)."""
    def close_once():
        for project, refunds in close_ended_projects():
            click.echo(f"{project.short_code}: {project.status}, {len(refunds)} contribution(s) to refund")

    repeat_every(every, close_once)
