"""The provisional budget template our filmmaker guide promises ("modèle disponible"): the usual
lines of a short or feature film budget, in the filmmaker's language, with an amount column in
whole FCFA to fill in. Each filled row, label then amount, is what the project form's budget
field reads (app.studio.projects.parse_budget)."""
from flask_babel import lazy_gettext as _l

from app import exports

BUDGET_LINES = (
    _l("Writing and development"), _l("Pre-production and location scouting"), _l("Director and technical crew"),
    _l("Cast"), _l("Camera, sound and light equipment"), _l("Sets, costumes and make-up"),
    _l("Transport and lodging"), _l("Catering"), _l("Editing"), _l("Sound mixing and music"),
    _l("Colour grading"), _l("Subtitles"), _l("Promotion and screenings"), _l("Contingency (about 10 %)"),
)


def budget_csv():
    return exports.csv_text([str(_l("Budget line")), str(_l("Amount (FCFA)")), str(_l("Notes"))],
                            ([str(line), "", ""] for line in BUDGET_LINES))
