from flask import redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user

from app.accounts.blueprint import bp
from app.accounts import codes, limits, members, opinions
from app.extensions import db, login_manager
from app.http import never_store
from app.i18n import safe_next
from app.inputs import whole_number
from app.pages import render

login_manager.login_message = _l("Sign in to see this page.")
PURPOSES = {"signup": "accounts.sign_up_code", "signin": "accounts.sign_in_code_check", "reset": "accounts.reset_code"}


@login_manager.user_loader
def load_user(session_id):
    return members.by_session_id(session_id)


def _form(template, status=200, **context):
    return never_store(render(template, status=status, form=request.form, **context))


@bp.route("/inscription", methods=["GET", "POST"])
@limits.code_request
def sign_up():
    return _ask_code("signup", "accounts/sign_up.html")


@bp.route("/connexion/code", methods=["GET", "POST"])
@limits.code_request
def sign_in_code():
    return _ask_code("signin", "accounts/code_request.html")


@bp.route("/mot-de-passe", methods=["GET", "POST"])
@limits.code_request
def reset():
    return _ask_code("reset", "accounts/code_request.html")


def _ask_code(purpose, template):
    """The same answer whether the number has an account or not (no account enumeration)."""
    if request.method == "GET":
        return _form(template, purpose=purpose)
    try:
        phone = members.normalise_phone(request.form.get("phone"))
    except members.AccountError as error:
        return _form(template, 422, purpose=purpose, error=str(error))
    user = members.by_phone(phone)
    if purpose == "signup" and user is not None:
        codes.tell_account_exists(phone)
    elif purpose == "signup" or user is not None:
        codes.send_code(phone, purpose)
    db.session.commit()
    # Where the member was going (an invitation, a page behind sign-in) waits with the code.
    session["pending"] = {"phone": phone, "purpose": purpose, "name": request.form.get("display_name", "")[:80],
                          "next": safe_next(request.args.get("next"), "")[:500]}
    return redirect(url_for(PURPOSES[purpose]), 303)


@bp.route("/inscription/code", methods=["GET", "POST"], endpoint="sign_up_code")
@bp.route("/connexion/code/verifier", methods=["GET", "POST"], endpoint="sign_in_code_check")
@bp.route("/mot-de-passe/nouveau", methods=["GET", "POST"], endpoint="reset_code")
@limits.code_entry
def enter_code():
    pending = session.get("pending")
    if not pending:
        return redirect(url_for("accounts.sign_in"), 303)
    purpose, phone = pending["purpose"], pending["phone"]
    if request.method == "GET":
        return _form("accounts/code_enter.html", purpose=purpose, phone=phone)
    try:
        user = _use_code(purpose, phone, pending.get("name", ""))
    except members.AccountError as error:
        db.session.commit()  # wrong tries are counted even when the answer is no
        return _form("accounts/code_enter.html", 422, purpose=purpose, phone=phone, error=str(error))
    db.session.commit()
    session.pop("pending", None)
    login_user(user, remember=True)
    return redirect(safe_next(pending.get("next"), url_for("catalog.home")), 303)


def _use_code(purpose, phone, name):
    """Whether the number has an account or not, the password is judged first, the same way:
    neither its answer nor the code's tells who is a member, and a refused password uses no try."""
    if purpose != "signin":
        members.check_password(request.form.get("password"))
    user = members.by_phone(phone)
    if not codes.check_code(phone, purpose, request.form.get("code")) or (purpose != "signup") == (user is None):
        raise members.AccountError(_("This code is not right, or no longer valid. Ask for a new one."))
    if purpose == "signup":
        return members.create(phone, request.form.get("password"), name)
    if purpose == "reset":
        members.set_password(user, request.form.get("password"))
    return user


@bp.route("/connexion", methods=["GET", "POST"])
@limits.sign_in
def sign_in():
    if request.method == "GET":
        return _form("accounts/sign_in.html")
    try:
        user = members.authenticate(members.normalise_phone(request.form.get("phone")), request.form.get("password"))
    except members.AccountError:
        user = None
    if user is None:
        return _form("accounts/sign_in.html", 422, error=_("Wrong number or password."))
    login_user(user, remember=True)
    return redirect(safe_next(request.args.get("next"), url_for("catalog.home")), 303)


@bp.post("/deconnexion")
def sign_out():
    if current_user.is_authenticated:
        members.end_sessions(current_user)  # on every device: a copied cookie is worth nothing
        db.session.commit()
    logout_user()
    return redirect(url_for("catalog.home"), 303)


@bp.route("/compte", methods=["GET", "POST"])
@login_required
def profile():
    error = None
    if request.method == "POST":
        try:
            session_id = current_user.get_id()
            members.update_profile(current_user, request.form)
            db.session.commit()
            if current_user.get_id() != session_id:  # a new role ends the other sessions, not this one
                login_user(current_user._get_current_object(), remember=True)
            return redirect(url_for("accounts.profile"), 303)
        except members.AccountError as problem:
            db.session.rollback()
            error = str(problem)
    return never_store(render("accounts/profile.html", status=422 if error else 200, error=error,
                              form=request.form if error else None,
                              may_choose_role=members.may_choose_role(current_user)))


# --- favourites, ratings, comments -------------------------------------------------------

def _film(slug):
    from app.catalog import queries

    return queries.film_or_404(slug)


def _back_to(film):
    return redirect(url_for("catalog.film", slug=film.slug, _anchor="avis"), 303)


@bp.post("/films/<slug>/favori")
@login_required
def favourite(slug):
    film = _film(slug)
    opinions.toggle_favourite(current_user, film)
    db.session.commit()
    return _back_to(film)


@bp.post("/films/<slug>/note")
@login_required
def rate(slug):
    film = _film(slug)
    stars = whole_number(request.form.get("stars"), 1, 5)
    if stars is not None:
        opinions.rate(current_user, film, stars)
        db.session.commit()
    return _back_to(film)


@bp.post("/films/<slug>/commentaires")
@login_required
def comment(slug):
    film = _film(slug)
    opinions.add_comment(current_user, film, request.form.get("body"))
    db.session.commit()
    return _back_to(film)


@bp.post("/commentaires/<int:comment_id>/signaler")
@login_required
def report_comment(comment_id):
    from app.accounts.models import Comment

    found = db.session.get(Comment, comment_id)
    if found is None:
        return redirect(url_for("catalog.home"), 303)
    opinions.report(current_user, found)
    db.session.commit()
    return redirect(url_for("catalog.film", slug=found.film.slug, _anchor="avis") if found.film else "/", 303)


@bp.get("/ma-liste")
@login_required
def my_list():
    return never_store(render("accounts/my_list.html", films=opinions.favourites_of(current_user)))
