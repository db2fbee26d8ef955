"""The project form: a draft may be saved half-filled; submitting asks for everything."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Length, NumberRange, Optional

MAX_GOAL_FCFA = 500_000_000


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)])
    pitch = StringField(_l("In two lines (shown in SMS links)"), validators=[Optional(), Length(max=280)])
    synopsis = TextAreaField(_l("Synopsis (half a page at most)"), validators=[Optional(), Length(max=2500)])
    technical_sheet = TextAreaField(_l("Technical sheet"), validators=[Optional(), Length(max=2000)])
    budget = TextAreaField(_l("Budget: one line per item, label then amount in FCFA"),
                           validators=[Optional(), Length(max=3000)])
    rewards = TextAreaField(_l("Rewards: one per line, minimum amount in FCFA, title, and quantity if limited"),
                            validators=[Optional(), Length(max=3000)])
    goal_fcfa = IntegerField(_l("Funding goal (FCFA)"),
                             validators=[Optional(), NumberRange(min=10_000, max=MAX_GOAL_FCFA)])
    ends_on = DateField(_l("End date"), validators=[Optional()])
    funding_model = RadioField(_l("Funding"), default="flexible", choices=[
        SelectChoice("flexible", _l("Flexible: keep what is raised")),
        SelectChoice("all_or_nothing", _l("All or nothing: everyone is refunded if the goal is missed")),
    ])
    film_id = SelectField(_l("Linked film"), coerce=lambda v: int(v) if v else None, validate_choice=False)
    showreel_url = URLField(_l("Showreel link"), validators=[Optional(), URL(), Length(max=500)])
