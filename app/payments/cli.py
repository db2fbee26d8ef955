"""`flask payments reconcile` and `flask payments check-ledger`."""
import sys

import click
from flask.cli import AppGroup

from app.funding import ledger
from app.jobs import repeat_every
from app.payments import jobs, reconcile

payments_cli = AppGroup("payments", help="Payments: the sweep and the books.")


@payments_cli.command("reconcile")
@click.option("--all", "everything", is_flag=True, help="Check every payment still asked about, not only the due ones.")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (a scheduler without cron).")
def reconcile_command(everything, every):
    """Settles payments left open by lost jobs, dead workers or missed callbacks, and asks again
    about expired ones (a payer may approve late)."""
    def sweep_once():
        report = jobs.sweep(everything=everything)
        click.echo(f"checked {report.checked}, resolved {report.resolved}, unchanged {report.unchanged}, "
                   f"errors {report.errors}")

    repeat_every(every, sweep_once)


@payments_cli.command("check-ledger")
def check_ledger_command():
    """Exits non-zero if a project's total differs from its succeeded contributions, one was credited
    twice, or money received for a project that gives it back is not refunded."""
    problems = ledger.ledger_problems()
    for line in problems:
        click.echo(line, err=True)
    count, total = reconcile.late_watch()
    click.echo(f"{count} expired payment(s), {total} FCFA, still asked about in case the payer approved late")
    if problems:
        sys.exit(1)
    click.echo("ledger balanced")
