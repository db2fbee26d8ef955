"""`flask ops alerts` and `flask ops daily-report`, run by cron (docs/deploy.md)."""
import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.jobs import repeat_every
from app.ops import alerts, checks, health, report

ops_cli = AppGroup("ops", help="Operations: alerts and the daily report.")


@ops_cli.command("alerts")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (a scheduler without cron).")
def alerts_command(every):
    """Checks disk, database, Redis, storage, streaming, payments and queues; tells the admins
    once when a check starts failing and once when it clears. Exits 2 if the database is down
    (nothing can be recorded or sent: cron's MAILTO gets this output)."""
    def round_once():
        reachable = health.database()
        if not reachable.ok:
            click.echo(f"database unreachable ({reachable.error}): no alert can be recorded or sent", err=True)
            if not every:
                sys.exit(2)
            return
        readings = checks.read_all(current_app._get_current_object())
        outcomes = alerts.run(readings)
        db.session.commit()
        for outcome in outcomes:
            click.echo(f"{outcome.check}: {outcome.state} {outcome.detail}".rstrip())

    repeat_every(every, round_once)


@ops_cli.command("daily-report")
@click.option("--days", type=click.IntRange(1, 366), default=report.DAYS, show_default=True)
def daily_report_command(days):
    """Recomputes the team's report for each of the last DAYS days (today so far included)."""
    rows = report.build(days)
    db.session.commit()
    newest = rows[0]
    click.echo(f"{len(rows)} day(s) written; {newest.day}: {newest.viewings} viewing(s), "
               f"{newest.contributions_count} contribution(s), {newest.contributions_fcfa} FCFA")
