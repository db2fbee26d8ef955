"""Films, the people who make them and the genres they are filed under."""
from datetime import datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.timeutil import as_utc, utcnow

# rejected: sent back to the team (it may submit again); refused: for good; withdrawn: taken
# down after publication by an administrator.
FILM_STATUSES = ("draft", "in_review", "published", "rejected", "refused", "withdrawn")
# video_status: is there something to play? Only "ready" films show a player.
VIDEO_STATUSES = ("none", "processing", "ready", "failed")
# "pitch": a project's presentation video, uploaded and transcoded as a film but never reviewed,
# published or listed; it plays on its project's page while the project is public.
FILM_KINDS = ("film", "pitch")
# The crew's roles after "actor" came with team invitations (app.teams): the people a team invites.
CREDIT_ROLES = ("director", "screenwriter", "producer", "cinematographer", "editor", "composer", "actor",
                "assistant_director", "sound", "set_designer", "costume", "makeup", "crew")

film_genres = Table(
    "film_genres",
    db.metadata,
    Column("film_id", ForeignKey("films.id", ondelete="CASCADE"), primary_key=True),
    Column("genre_id", ForeignKey("genres.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Genre(db.Model):
    __tablename__ = "genres"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name_fr: Mapped[str] = mapped_column(String(60))
    name_en: Mapped[str] = mapped_column(String(60))

    def name(self, locale):
        return self.name_en if locale == "en" else self.name_fr


class Person(db.Model):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    bio: Mapped[str] = mapped_column(Text, default="")
    # The member this person is, when the team linked them: their profile lists the film.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), unique=True)


class Film(db.Model):
    __tablename__ = "films"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    synopsis: Mapped[str] = mapped_column(Text, default="")
    duration_s: Mapped[int | None]
    year: Mapped[int] = mapped_column(index=True)
    country_code: Mapped[str] = mapped_column(String(2), index=True)
    language: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="draft")
    kind: Mapped[str] = mapped_column(String(8), default="film", server_default="film")
    video_status: Mapped[str] = mapped_column(String(12), default="none")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    poster_key: Mapped[str | None] = mapped_column(String(16))  # content hash: new poster, new URLs
    poster_color: Mapped[str] = mapped_column(String(7), default="#444444")
    source_path: Mapped[str | None] = mapped_column(String(255))  # relative to the media root
    # Where the transcoding of the source stands, rendition by rendition (app.watch.transcode).
    transcode_progress: Mapped[dict | None] = mapped_column(JSON)
    is_featured: Mapped[bool] = mapped_column(default=False)
    review_comment: Mapped[str] = mapped_column(Text, default="")  # the last review's words to the team
    takedown_reason: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None]
    # A published film's new video, transcoded into staged renditions, waits for an admin.
    new_video_in_review: Mapped[bool] = mapped_column(default=False)
    # Counters kept exact by the code that changes them, so lists sort without aggregates.
    views_count: Mapped[int] = mapped_column(default=0)
    rating_count: Mapped[int] = mapped_column(default=0)
    rating_sum: Mapped[int] = mapped_column(default=0)
    bytes_served: Mapped[int] = mapped_column(BigInteger, default=0)  # video bytes sent, for the studio
    # Title, synopsis and names folded to lower case without accents; see catalog.search.
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    # Early screening: until then only the backers of a project linked to the film may watch
    # it (app.watch.early); None, or past, and everyone may.
    backers_until: Mapped[datetime | None]

    genres: Mapped[list[Genre]] = relationship(secondary=film_genres, order_by=Genre.slug)
    credits: Mapped[list["Credit"]] = relationship(
        back_populates="film", order_by="Credit.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        CheckConstraint(f"status IN {FILM_STATUSES}", name="status"),
        CheckConstraint(f"video_status IN {VIDEO_STATUSES}", name="video_status"),
        CheckConstraint(f"kind IN {FILM_KINDS}", name="kind"),
        CheckConstraint("views_count >= 0 AND rating_count >= 0 AND rating_sum >= 0", name="counters"),
        Index("ix_films_status_published_at", "status", "published_at"),
        Index("ix_films_status_views_count", "status", "views_count"),
    )

    @property
    def rating(self):
        """Average stars to one decimal, or None before the first rating."""
        if not self.rating_count:
            return None
        return round(self.rating_sum / self.rating_count, 1)

    @property
    def in_early_screening(self):
        """Only its project's backers may watch it for now (app.watch.early)."""
        return self.backers_until is not None and as_utc(self.backers_until) > utcnow()

    @property
    def directors(self):
        return [c.person for c in self.credits if c.role == "director"]


class Credit(db.Model):
    __tablename__ = "credits"

    id: Mapped[int] = mapped_column(primary_key=True)
    film_id: Mapped[int] = mapped_column(ForeignKey("films.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    character_name: Mapped[str | None] = mapped_column(String(120))
    position: Mapped[int] = mapped_column(default=0)

    film: Mapped[Film] = relationship(back_populates="credits")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("film_id", "person_id", "role"),
        CheckConstraint(f"role IN {CREDIT_ROLES}", name="role"),
        Index("ix_credits_person_id_role", "person_id", "role"),
    )
