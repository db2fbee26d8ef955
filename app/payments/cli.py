"""`flask payments reconcile` and `flask payments check-ledger`."""
import sys

import click
from flask.cli import AppGroup

from app.contests import tally
from app.funding import books, ledger
from app.jobs import repeat_every
from app.payments import jobs, providers, reconcile
from app.payments.providers.base import ProviderError
from app.payouts import sending

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
        click.echo(f"{sending.sweep_payouts()} payout(s) sent or checked")

    repeat_every(every, sweep_once)


@payments_cli.command("check-ledger")
def check_ledger_command():
    """Exits non-zero if a ledger transaction does not balance, a project's total or escrow differs
    from its succeeded contributions (less refunds and payouts), one was credited twice, money
    received for a project that gives it back is not refunded, a contest candidate's votes differ
    from its counted ballots or a contest's escrow from its paid ballots, or a provider holds
    another amount than our clearing account for it says."""
    problems = ledger.ledger_problems() + tally.problems() + _clearing_problems()
    for line in problems:
        click.echo(line, err=True)
    count, total = reconcile.late_watch()
    click.echo(f"{count} expired payment(s), {total} FCFA, still asked about in case the payer approved late")
    if problems:
        sys.exit(1)
    click.echo("ledger balanced")


def _clearing_problems():
    """Our clearing account per provider against the balance the provider reports. A provider
    without a balance query (PayDunya) or out of reach is said, not counted as a mismatch."""
    ours = books.clearing_balances()
    try:
        clients = providers.configured()
    except (KeyError, TypeError, AttributeError):  # no PUBLIC_BASE_URL for a simulated provider
        clients = {}
    problems = []
    for name in sorted(set(ours) | set(clients)):
        expected = ours.get(name, 0)
        client = clients.get(name)
        try:
            reported = client.balance() if client is not None else None
        except ProviderError as error:
            click.echo(f"{name}: balance not available ({error}); clearing {expected} FCFA not compared")
            continue
        if reported is None:
            click.echo(f"{name}: no balance query; clearing {expected} FCFA not compared")
        elif reported != expected:
            problems.append(f"{name}: the provider reports {reported} FCFA, our clearing account says {expected} FCFA")
        else:
            click.echo(f"{name}: clearing {expected} FCFA matches the provider")
    return problems
