"""Members' talent profiles: what each shows, the teams they were in, and the talent search.

A member chooses each part (skills, city, country, languages, bio, "available for work")
shown or hidden, and whether the profile is public at all. The search reads only the
`shown_*` columns and `search_text`, written here from the shown parts: a hidden city is
not findable by city. The phone number and e-mail are never part of a profile.
"""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, func, literal, null, or_, select

from app.accounts.models import User
from app.catalog.countries import COUNTRIES
from app.catalog.folding import fold
from app.catalog.models import Credit, Film, Person
from app.extensions import db
from app.funding.models import Project
from app.funding.queries import PUBLIC_STATUSES
from app.teams.labels import LANGUAGE_LABELS
from app.teams.models import ProjectCredit, TalentProfile

PARTS = ("skills", "city", "country", "languages", "bio", "available")
MAX_SKILLS, SKILL_CHARS, BIO_CHARS = 12, 40, 500
PAGE_SIZE = 20
MAX_PROJECTS = 50


class TalentError(ValueError):
    """A part of the profile that cannot be kept; the message says which."""


def profile_of(user_id):
    return db.session.get(TalentProfile, user_id)


def is_public(user_id):
    return bool(db.session.scalar(select(TalentProfile.is_public).where(TalentProfile.user_id == user_id)))


def skills_from(typed):
    """'Caméra, montage,,son' → ['Caméra', 'montage', 'son']: trimmed, each once."""
    skills, seen = [], set()
    for skill in (typed or "").split(","):
        skill = " ".join(skill.split())[:SKILL_CHARS]
        if skill and fold(skill) not in seen:
            seen.add(fold(skill))
            skills.append(skill)
    return skills


def save_profile(member, form):
    """Keeps what the form says and rewrites the searchable columns from the shown parts;
    raises TalentError (nothing kept). Flushes."""
    skills = skills_from(form.get("skills"))
    if len(skills) > MAX_SKILLS:
        raise TalentError(_l("%(num)d skills at most.", num=MAX_SKILLS))
    country = (form.get("country") or "").strip().upper()
    if country and country not in COUNTRIES:
        raise TalentError(_l("Choose a country from the list."))
    profile = profile_of(member.id) or TalentProfile(user_id=member.id)
    profile.is_public = form.get("is_public") == "yes"
    profile.skills = ", ".join(skills)[:300]
    profile.city = " ".join((form.get("city") or "").split())[:80]
    profile.country_code = country or None
    profile.languages = ",".join(code for code in LANGUAGE_LABELS if code in form.getlist("languages"))
    profile.bio = (form.get("bio") or "").strip()[:BIO_CHARS]
    profile.available = form.get("available") == "yes"
    for part in PARTS:
        setattr(profile, f"show_{part}", form.get(f"show_{part}") == "yes")
    _write_search_columns(profile)
    db.session.add(profile)
    db.session.flush()
    return profile


def _write_search_columns(profile):
    skills = skills_from(profile.skills) if profile.show_skills else []
    profile.shown_skills = "," + ",".join(fold(s) for s in skills) + "," if skills else ""
    profile.shown_city = fold(profile.city) if profile.show_city else ""
    profile.shown_country = profile.country_code if profile.show_country else None
    profile.shown_languages = "," + profile.languages + "," if profile.show_languages and profile.languages else ""
    words = [*skills, profile.shown_city, profile.bio if profile.show_bio else ""]
    if profile.shown_country:
        words += COUNTRIES[profile.shown_country]
    profile.search_text = fold(" ".join(w for w in words if w))


@dataclass(frozen=True)
class Shown:
    """The parts of a profile the public sees; None or empty for a hidden one."""
    skills: list
    city: str
    country_code: str | None
    languages: list
    bio: str
    available: bool | None


def shown(profile):
    if profile is None or not profile.is_public:
        return None
    return Shown(skills=skills_from(profile.skills) if profile.show_skills else [],
                 city=profile.city if profile.show_city else "",
                 country_code=profile.country_code if profile.show_country else None,
                 languages=[c for c in profile.languages.split(",") if c] if profile.show_languages else [],
                 bio=profile.bio if profile.show_bio else "",
                 available=profile.available if profile.show_available else None)


def credited_projects(user_id):
    """[(project, [(role, character)])] of the public projects the member is in: in its team,
    credited on its film, or holding it ("owner"); newest first."""
    person_ids = select(Person.id).where(Person.user_id == user_id).scalar_subquery()
    in_team = select(ProjectCredit.project_id, ProjectCredit.role, ProjectCredit.character_name).where(
        ProjectCredit.person_id == person_ids)
    on_film = select(Project.id, Credit.role, Credit.character_name).join(Credit, Credit.film_id == Project.film_id) \
        .where(Credit.person_id == person_ids)
    owned = select(Project.id, literal("owner", String), cast(null(), String)).where(
        Project.owner_id == user_id)
    rows = db.session.execute(in_team.union(on_film, owned)).all()
    roles = {}
    for project_id, role, character in rows:
        roles.setdefault(project_id, []).append((role, character))
    projects = db.session.scalars(select(Project).where(Project.id.in_(roles), Project.status.in_(PUBLIC_STATUSES))
                                  .order_by(Project.id.desc()).limit(MAX_PROJECTS)).all()
    return [(p, sorted(set(roles[p.id]), key=lambda r: (r[0] != "owner", r[0], r[1] or ""))) for p in projects]


@dataclass(frozen=True)
class TalentFilters:
    q: str = ""
    role: str = ""
    skill: str = ""
    city: str = ""
    country: str = ""
    language: str = ""

    def as_args(self):
        return {k: v for k, v in vars(self).items() if v}


def _with_role(role):
    credited = select(Person.user_id).join(Credit, Credit.person_id == Person.id).join(Film, Film.id == Credit.film_id) \
        .where(Credit.role == role, Film.status == "published")
    in_project = select(Person.user_id).join(ProjectCredit, ProjectCredit.person_id == Person.id) \
        .join(Project, Project.id == ProjectCredit.project_id) \
        .where(ProjectCredit.role == role, Project.status.in_(PUBLIC_STATUSES))
    return TalentProfile.user_id.in_(credited.union(in_project))


def search_talents(filters, page=1):
    """(members with their shown parts, has_next) for one page of the public profiles."""
    query = select(User, TalentProfile).join(TalentProfile, TalentProfile.user_id == User.id).where(
        TalentProfile.is_public.is_(True), User.disabled_at.is_(None))
    if filters.role:
        query = query.where(_with_role(filters.role))
    if filters.skill:
        query = query.where(TalentProfile.shown_skills.contains(fold(filters.skill), autoescape=True))
    if filters.city:
        query = query.where(TalentProfile.shown_city.contains(fold(filters.city), autoescape=True))
    if filters.country:
        query = query.where(TalentProfile.shown_country == filters.country)
    if filters.language:
        query = query.where(TalentProfile.shown_languages.contains(f",{filters.language},", autoescape=True))
    if filters.q:
        query = query.where(or_(TalentProfile.search_text.contains(fold(filters.q), autoescape=True),
                                func.lower(User.display_name).contains(filters.q.lower(), autoescape=True)))
    rows = db.session.execute(query.order_by(TalentProfile.available.desc(), TalentProfile.updated_at.desc(),
                                             User.id).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()
    return [(user, shown(profile)) for user, profile in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def roles_of(user_ids):
    """{user_id: sorted roles} from published films' credits and public projects' teams, in one query."""
    if not user_ids:
        return {}
    on_films = select(Person.user_id, Credit.role).join(Credit, Credit.person_id == Person.id) \
        .join(Film, Film.id == Credit.film_id).where(Person.user_id.in_(user_ids), Film.status == "published")
    in_projects = select(Person.user_id, ProjectCredit.role).join(ProjectCredit, ProjectCredit.person_id == Person.id) \
        .join(Project, Project.id == ProjectCredit.project_id) \
        .where(Person.user_id.in_(user_ids), Project.status.in_(PUBLIC_STATUSES))
    roles = {}
    for user_id, role in db.session.execute(on_films.union(in_projects)):
        roles.setdefault(user_id, set()).add(role)
    return {k: sorted(v) for k, v in roles.items()}


