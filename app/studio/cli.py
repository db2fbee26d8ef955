"""`flask studio …`: upkeep of what filmmakers upload."""
import click
from flask.cli import AppGroup

from app.jobs import repeat_every
from app.studio import cleanup

studio_cli = AppGroup("studio", help="Studio: filmmakers' uploads.")


@studio_cli.command("cleanup")
@click.option("--every", type=int, default=0, help="Repeat every N seconds (a scheduler without cron).")
def cleanup_command(every):
    """Remove uploads idle for a day and sources replaced by a newer video."""
    def clean_once():
        report = cleanup.clean_up()
        click.echo(f"{report.uploads} idle upload(s), {report.files} unused file(s), "
                   f"{report.bytes / 1e6:.1f} MB freed")

    repeat_every(every, clean_once)
