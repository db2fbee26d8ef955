"""Every visible string is translated into French, and the catalogue matches the code."""
import os
import subprocess
import sys

from babel.messages.pofile import read_po

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO = os.path.join(ROOT, "app", "translations", "fr", "LC_MESSAGES", "messages.po")


def _ids(catalog):
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_french_catalogue_has_no_missing_or_fuzzy_translation():
    with open(PO, "rb") as f:
        catalog = read_po(f, locale="fr")
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not all(
        [m.string] if isinstance(m.string, str) else m.string))]
    assert untranslated == []


def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
                    "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with open(pot, "rb") as f:
        in_code = _ids(read_po(f))
    with open(PO, "rb") as f:
        in_catalogue = _ids(read_po(f, locale="fr"))
    assert in_code - in_catalogue == set()
