"""`flask watch …`: adding film sources, transcoding them, finding transcodes that died."""
import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.catalog.models import Film
from app.extensions import db
from app.jobs import repeat_every
from app.media.video import VideoError
from app.watch import buffer, jobs, recovery, video_links

watch_cli = AppGroup("watch", help="Film sources and transcoding.")


@watch_cli.command("add-source")
@click.argument("slug")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def add_source(slug, path):
    """Give a film its source video and queue its transcoding."""
    film = db.session.scalar(select(Film).where(Film.slug == slug))
    if film is None:
        raise click.ClickException(f"no film {slug!r}")
    try:
        jobs.attach_source(film, path)
    except VideoError as error:
        raise click.ClickException(f"{path}: not a video we can use ({error})") from error
    db.session.commit()
    click.echo(f"{slug}: source added, transcoding queued")


@watch_cli.command("transcode")
@click.argument("slugs", nargs=-1)
@click.option("--pending", is_flag=True, help="Every film with a source but no ready video.")
def transcode_command(slugs, pending):
    """Transcode films now, in this process (a failed film can be retried this way; a film already
    transcoded from its current source is left alone)."""
    # Shortest first: in the demo, a ten-minute film must not hold back the short ones.
    query = select(Film).where(Film.source_path.is_not(None)).order_by(Film.duration_s.is_(None), Film.duration_s,
                                                                         Film.id)
    if pending:
        query = query.where(Film.video_status != "ready")
    elif slugs:
        query = query.where(Film.slug.in_(slugs))
    else:
        raise click.UsageError("name films, or use --pending")
    failed = 0
    for film_id in db.session.scalars(query.with_only_columns(Film.id)).all():
        try:
            jobs.transcode_film(film_id)
            click.echo(f"film {film_id}: ready")
        except Exception as error:  # keep going: one bad source must not block the others
            failed += 1
            click.echo(f"film {film_id}: failed ({error})", err=True)
    if failed:
        raise SystemExit(1)


@watch_cli.command("recover")
@click.option("--every", type=click.IntRange(0), default=0, help="Run again every N seconds (0: once).")
def recover_command(every):
    """Retry, once, the transcodes whose job died (timeout, lost worker); then mark them failed."""
    def work():
        report = recovery.recover()
        click.echo(f"{len(report.retried)} transcode(s) retried, {len(report.failed)} failed")

    repeat_every(every, work)


@watch_cli.command("flush-counters")
@click.option("--every", type=click.IntRange(0), default=0, help="Run again every N seconds (0: once).")
def flush_counters_command(every):
    """Write the watch positions and film counters buffered in Redis to the database (WATCH_BUFFER)."""
    def work():
        batches, positions = buffer.flush()
        click.echo(f"{batches} counter batch(es), {positions} position(s) written")

    repeat_every(every, work)


@watch_cli.command("link-secret")
def link_secret_command():
    """Prints the secret of the video links, for nginx's `secure_link_md5` (docs/deploy.md)."""
    click.echo(video_links.link_secret(current_app.config))
