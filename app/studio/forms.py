from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.catalog.countries import COUNTRIES


class FilmForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    synopsis = TextAreaField(_l("Synopsis"), validators=[DataRequired(), Length(min=20, max=3000)])
    year = IntegerField(_l("Year"), validators=[DataRequired(), NumberRange(min=1900, max=2100)])
    country = SelectField(_l("Country"), choices=[], validators=[AnyOf(list(COUNTRIES))])
    language = StringField(_l("Languages spoken"), validators=[Optional(), Length(max=40)])
    genres = SelectMultipleField(_l("Genres"), choices=[], validate_choice=False)
