from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.catalog.countries import COUNTRIES, by_country_name, country_name
from app.catalog.models import Genre
from app.extensions import db


class FilmForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    synopsis = TextAreaField(_l("Synopsis"), validators=[DataRequired(), Length(min=20, max=3000)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=1900, max=2100)])
    country = SelectField(_l("Country"), choices=[], validators=[AnyOf(list(COUNTRIES))])
    language = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=40)])
    genres = SelectMultipleField(_l("Genres"), choices=[], validate_choice=False)


class FilmEditForm(FilmForm):
    """The same details once the film exists, with its poster (without JavaScript) and the end
    of an early screening for the backers of its funded project."""

    poster = FileField(_l("New poster (image, optional)"))
    backers_until = DateField(_l("Early screening for backers until (optional)"), validators=[Optional()])


def with_choices(form):
    """The form with its countries and genres named in the member's language."""
    locale = str(get_locale())
    form.country.choices = [SelectChoice(c, country_name(c, locale)) for c in by_country_name(COUNTRIES, locale)]
    genres = db.session.scalars(select(Genre).order_by(Genre.slug)).all()
    form.genres.choices = [SelectChoice(g.slug, g.name(locale)) for g in genres]
    return form
