"""The demo's community: an open contest with three short films, and a film's conversation with
its team, written through the conversations' own writer (so a phone number in it is masked)."""
from datetime import timedelta

from app.accounts.models import User
from app.contests.models import Candidate, Contest
from app.extensions import db
from app.talk import conversations
from app.timeutil import utcnow

CONTEST = {
    "slug": "lome-en-60-secondes", "title": "Lomé en 60 secondes", "theme": "Votre quartier en une minute",
    "rules": "Un film de 60 secondes au plus, tourné au Togo cette année. Un vote coûte 100 FCFA ; "
             "les votes trop rapprochés sont vérifiés avant d'être comptés.",
    "prize": "500 000 FCFA et une résidence d'écriture à Kpalimé", "vote_price_fcfa": 100,
}
CONVERSATION = [
    (0, "Quand sort la suite ? Toute ma famille a regardé le film hier soir."),
    ("team", "Merci ! Le tournage de la suite commence en mars : vous pouvez suivre le projet."),
    (1, "Magnifique. Je fais des costumes, appelez-moi au 90 12 34 56."),
]


def seed(films, viewers):
    """An open contest whose candidates are the catalogue's short entries after the featured
    one (one per filmmaker), and the featured film's conversation, its team's answer pinned."""
    now = utcnow()
    contest = Contest(status="open", starts_at=now - timedelta(days=5), ends_at=now + timedelta(days=25), **CONTEST)
    db.session.add(contest)
    db.session.flush()
    owners = set()
    for film in films[1:]:
        if len(owners) == 3:
            break
        if film.owner_id not in owners:
            owners.add(film.owner_id)
            db.session.add(Candidate(contest_id=contest.id, film_id=film.id, owner_id=film.owner_id,
                                     status="approved", decided_at=now))
    featured = films[0]
    team, answer = db.session.get(User, featured.owner_id), None
    for writer, body in CONVERSATION:
        author = team if writer == "team" else viewers[writer]
        message, _masked = conversations.post(author, featured, body)
        answer = message if writer == "team" else answer
    conversations.set_pinned(conversations.find(featured), answer, True)
    db.session.flush()
