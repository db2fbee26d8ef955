"""What can be played (renditions) and what each viewer has watched."""
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint, and_, false
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from app.catalog.models import Film
from app.extensions import db
from app.timeutil import utcnow

AV1, H264, OPUS = "av1", "h264", "opus"  # Rendition.codec
MIME = {  # what <source type> and MediaSource are told; the levels fit 480p at 25 images a second
    AV1: 'video/mp4; codecs="av01.0.04M.08, opus"',
    H264: 'video/mp4; codecs="avc1.4d401e, mp4a.40.2"',
    OPUS: 'audio/mp4; codecs="opus"',
}


class Rendition(db.Model):
    """One MP4 of a film in one codec at one height (0: sound only); the player picks among them.

    `codec` is a key of app.watch.transcode.MIME. `fragmented` renditions (everything made
    since the two ladders) carry a `sidx` index that the page's loader reads; older ones
    play in a plain `<video>` only."""

    __tablename__ = "renditions"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    height: Mapped[int]
    width: Mapped[int]
    video_kbps: Mapped[int]
    audio_kbps: Mapped[int]
    codec: Mapped[str] = mapped_column(String(40))
    fragmented: Mapped[bool] = mapped_column(default=False, server_default=false())
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    duration_s: Mapped[float]
    path: Mapped[str] = mapped_column(String(255))  # relative to the media root
    # Made from a published film's new video, kept aside until an administrator approves it.
    staged: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    film = relationship("Film")

    __table_args__ = (UniqueConstraint("film_id", "codec", "height", "staged",
                                       name="uq_renditions_film_id_codec_height_staged"),)

    @property
    def audio_only(self):
        return self.height == 0

    @property
    def label(self):
        return _("Sound only") if self.audio_only else f"{self.height}p"

    @property
    def mime(self):
        return MIME.get(self.codec, "video/mp4")

    @property
    def bits_per_second(self):
        """What a second of it costs, container included."""
        return int(self.size_bytes * 8 / self.duration_s) if self.duration_s else 0


# What plays: a film's renditions, without those of a new video still waiting for review.
Film.renditions = relationship(Rendition, viewonly=True, order_by=Rendition.id,
                               primaryjoin=and_(Film.id == foreign(Rendition.film_id), Rendition.staged.is_(false())))


class Viewing(db.Model):
    """Where a member or a visitor stopped in a film; one row per viewer and film."""

    __tablename__ = "viewings"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "u<id>" for members, "v<random>" for visitors (cookie); one key space for both.
    viewer_key: Mapped[str] = mapped_column(String(40))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    position_s: Mapped[int] = mapped_column(default=0)
    completed: Mapped[bool] = mapped_column(default=False)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("viewer_key", "film_id"),
        Index("ix_viewings_user_id_updated_at", "user_id", "updated_at"),
        Index("ix_viewings_film_id_updated_at", "film_id", "updated_at"),  # co-watching
    )


class DailyView(db.Model):
    """A viewer counted once per film per day for "most watched"."""

    __tablename__ = "daily_views"

    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"), primary_key=True)
    viewer_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)


class CounterBatch(db.Model):
    """A batch of buffered counters (bytes served, views) written to the films: its id is
    inserted in the same transaction, so a batch applied once is never applied again
    (app/watch/buffer.py)."""

    __tablename__ = "counter_batches"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    flushed_at: Mapped[datetime] = mapped_column(default=utcnow)


class Subtitle(db.Model):
    """A film's subtitles in one language, stored as WebVTT; a new upload is a new row (and a new
    key), so a track's link never serves two different files."""

    __tablename__ = "subtitles"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))  # a BCP 47 code: fr, en, ee, kbp, gej, ha…
    key: Mapped[str] = mapped_column(String(255))  # in the store
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("film_id", "language", name="uq_subtitles_film_id_language"),)


Film.subtitles = relationship(Subtitle, viewonly=True, order_by=Subtitle.language,
                              primaryjoin=Film.id == foreign(Subtitle.film_id))
