"""The demo data is real enough to use, and consistent like production data."""
import json
import os
import subprocess

from sqlalchemy import func, select

from app.catalog.models import Film, Genre
from app.contests.models import Candidate, Contest
from app.extensions import db
from app.funding.models import Contribution, Project
from app.talk.models import Conversation, Message


def test_seed_makes_a_full_catalogue_with_posters_and_consistent_money(sqlite_app):
    runner = sqlite_app.test_cli_runner()
    result = runner.invoke(args=["demo", "seed", "--no-video"])
    assert result.exit_code == 0, result.output
    films = db.session.scalars(select(Film)).all()
    assert len(films) >= 24
    assert len({f.country_code for f in films}) >= 8
    assert db.session.scalar(select(func.count()).select_from(Genre)) >= 6
    for film in films:
        assert film.directors and film.synopsis and film.poster_key
        path = os.path.join(sqlite_app.config["MEDIA_ROOT"], "posters", "films", str(film.id), film.poster_key, "160.webp")
        assert os.path.getsize(path) > 0
    for project in db.session.scalars(select(Project)).all():
        succeeded = select(func.coalesce(func.sum(Contribution.amount_fcfa), 0)).where(
            Contribution.project_id == project.id, Contribution.status == "succeeded")
        assert project.raised_fcfa == db.session.scalar(succeeded) > 0
        for reward in project.rewards:
            assert reward.quantity is None or reward.claimed_count <= reward.quantity
    assert "Demo data already present." in runner.invoke(args=["demo", "seed", "--if-empty"]).output


def test_seed_opens_a_contest_and_a_conversation_with_the_team(sqlite_app):
    assert sqlite_app.test_cli_runner().invoke(args=["demo", "seed", "--no-video"]).exit_code == 0
    contest = db.session.scalars(select(Contest)).one()
    assert contest.status == "open" and contest.takes_votes
    candidates = db.session.scalars(select(Candidate)).all()
    assert len(candidates) == len({c.owner_id for c in candidates}) == 3
    assert {c.status for c in candidates} == {"approved"}
    conversation = db.session.scalars(select(Conversation)).one()
    bodies = [m.body for m in db.session.scalars(select(Message).order_by(Message.id))]
    assert len(bodies) == 3 and "90 12 34 56" not in bodies[2] and "[numéro masqué]" in bodies[2]
    assert conversation.pinned_message_id is not None


def test_seed_makes_playable_videos_with_the_title(sqlite_app):
    result = sqlite_app.test_cli_runner().invoke(args=["demo", "seed", "--films", "1", "--seconds", "2",
                                                       "--no-real-film"])
    assert result.exit_code == 0, result.output
    film = db.session.scalars(select(Film)).one()
    path = os.path.join(sqlite_app.config["MEDIA_ROOT"], film.source_path)
    probe = json.loads(subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_streams", "-show_format", path],
        capture_output=True, text=True, check=True).stdout)
    kinds = {s["codec_type"]: s["codec_name"] for s in probe["streams"]}
    assert kinds == {"video": "h264", "audio": "aac"}
    assert 1.5 < float(probe["format"]["duration"]) < 2.5


def test_seed_gives_the_featured_title_the_real_film(sqlite_app, real_film):
    sqlite_app.config["FILM_CACHE"] = os.path.dirname(real_film)
    result = sqlite_app.test_cli_runner().invoke(args=["demo", "seed", "--films", "3", "--seconds", "2"])
    assert result.exit_code == 0, result.output
    films = db.session.scalars(select(Film).order_by(Film.id)).all()
    assert [f.duration_s for f in films] == [596, 2, 2]
    assert films[0].is_featured and "Blender Foundation" in films[0].synopsis
    with open(real_film, "rb") as original, open(os.path.join(sqlite_app.config["MEDIA_ROOT"],
                                                               films[0].source_path), "rb") as source:
        assert original.read(1 << 20) == source.read(1 << 20)
    assert all(f.video_status == "processing" and f.transcode_progress["state"] == "queued" for f in films)
    assert [r["rung"] for r in films[0].transcode_progress["renditions"]] == [
        "opus-0", "h264-144", "av1-240", "h264-240", "av1-360", "h264-360", "av1-480", "h264-480"]
