"""`flask demo …`: demo data for trying Karangou on one machine, and for the benches."""
import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db

demo_cli = AppGroup("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when films already exist.")
@click.option("--films", type=click.IntRange(1, 200), default=None, help="How many demo films (default: all).")
@click.option("--video/--no-video", default=True, help="Generate a short video per film with ffmpeg.")
@click.option("--seconds", type=click.IntRange(2, 600), default=12, help="Length of each demo video, in seconds.")
@click.option("--real-film/--no-real-film", default=True,
              help="The first title plays the real film, once scripts/fetch-film has fetched it.")
def seed_command(if_empty, films, video, seconds, real_film):
    """Fill an empty database with demo films, people and projects."""
    from app.demo import real_film as film_cache, seed

    if if_empty and not seed.is_empty():
        click.echo("Demo data already present.")
        return
    real = film_cache.path_if_present(current_app.config["FILM_CACHE"]) if real_film else None
    created = seed.seed(films=films, with_video=video, seconds=seconds, real_film=real)
    db.session.commit()
    click.echo(f"Seeded {len(created)} films.")


@demo_cli.command("scale")
@click.option("--films", type=click.IntRange(1, 1_000_000), default=5000, show_default=True)
@click.option("--projects", type=click.IntRange(0, 100_000), default=500, show_default=True)
@click.option("--contributions", type=click.IntRange(0, 100_000_000), default=100_000, show_default=True)
@click.option("--viewings", type=click.IntRange(0, 100_000_000), default=1_000_000, show_default=True)
def scale_command(films, projects, contributions, viewings):
    """Add a catalogue and a crowd of production size (PostgreSQL), for measuring the server."""
    import time

    from app.demo import scale

    started = time.monotonic()
    try:
        made = scale.build(films, projects, contributions, viewings)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    scale.analyze()
    db.session.commit()
    from app.catalog.freshness import catalogue_changed

    catalogue_changed()  # the bulk SQL bypassed the ORM hooks
    click.echo(", ".join(f"{n} {what}" for what, n in made.items()) + f" in {time.monotonic() - started:.0f} s.")
