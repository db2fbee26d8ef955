"""`flask payments reconcile` and `flask payments check-ledger`."""
import sys

import click
from flask.cli import AppGroup

from app.funding import ledger
from app.jobs import repeat_every
from app.payments import reconcile as sweep

payments_cli = AppGroup("payments", help="Payments: the sweep and the books.")


@payments_cli.command("reconcile")
@click.option("--all", "everything", is_flag=True, help="Check every open payment, not only the due ones.")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (a scheduler without cron).")
def reconcile_command(everything, every):
    """Resolves payments left open by lost jobs, dead workers or missed callbacks."""
    def sweep_once():
        report = sweep.reconcile(everything=everything)
        click.echo(f"checked {report.checked}, resolved {report.resolved}, still open {report.still_open}, "
                   f"errors {report.errors}")

    repeat_every(every, sweep_once)


@payments_cli.command("check-ledger")
def check_ledger_command():
    """Exits non-zero if a project's total differs from its succeeded contributions, or one was credited twice."""
    problems = ledger.ledger_problems()
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo("ledger balanced")
