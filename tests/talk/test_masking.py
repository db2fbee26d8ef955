"""Personal information masked before a message is stored or shown, and what is left as written."""
import pytest
from sqlalchemy import select

from app.talk.masking import mask
from app.talk.models import Message
from app.extensions import db
from tests.talk.conftest import talk_url, write

PHONE, EMAIL, REFERENCE = "[numéro masqué]", "[e-mail masqué]", "[référence masquée]"

MASKED = [
    # Togo, every way a number is written
    ("Appelez le +228 90 12 34 56 svp", f"Appelez le {PHONE} svp"),
    ("00228 90123456", PHONE),
    ("mon numéro 90 12 34 56", f"mon numéro {PHONE}"),
    ("90.12.34.56", PHONE),
    ("90-12-34-56", PHONE),
    ("90123456", PHONE),
    ("+22890123456", PHONE),
    ("+228-90-12-34-56", PHONE),
    ("(+228) 90 12 34 56", PHONE),
    ("90 - 12 - 34 - 56", PHONE),
    ("9 0 1 2 3 4 5 6", PHONE),
    ("9-0-1-2-3-4-5-6", PHONE),
    ("9.0.1.2.3.4.5.6", PHONE),
    ("tel:+22890123456", f"tel:{PHONE}"),
    ("WhatsApp 70 12 34 56.", f"WhatsApp {PHONE}."),
    # neighbours
    ("+229 97 12 34 56", PHONE),
    ("+233 24 123 4567", PHONE),
    ("+234 803 123 4567", PHONE),
    ("+225 07 12 34 56 78", PHONE),
    ("+221 77 123 45 67", PHONE),
    ("00233241234567", PHONE),
    # e-mail addresses
    ("écrivez à sena@example.tg", f"écrivez à {EMAIL}"),
    ("sena.k+films@mail.example.co.uk", EMAIL),
    ("sena [at] example [dot] tg", EMAIL),
    ("sena(at)example(dot)com", EMAIL),
    ("sena @ example . tg", EMAIL),
    ("sena arobase gmail point com", EMAIL),
    ("sena[arobase]gmail[point]com", EMAIL),
    ("écrivez à sena@gmail.com. Merci", f"écrivez à {EMAIL}. Merci"),
    # mobile-money references
    ("Ref: 1234567890", REFERENCE),
    ("Réf 8841234567 pour Flooz", f"{REFERENCE} pour Flooz"),
    ("ID transaction : 7202412051234", REFERENCE),
    ("ID de transaction 7202412051234", REFERENCE),
    ("Txn ID 123456789", REFERENCE),
    ("Financial Transaction Id: 1234567890", f"Financial {REFERENCE}"),
    ("Référence TM240512.1234.A00012", REFERENCE),
    ("Transaction ID: MP240512.1530.C12345", REFERENCE),
]

KEPT = [
    "Tourné en 2024",
    "de 2019 à 2024",
    "2019-2024",
    "5 000 FCFA",
    "150 000 FCFA pour le son",
    "12 500 000 FCFA",
    "10 000 000 FCFA",
    "1.500.000 F",
    "25 000 F CFA",
    "2 000 francs",
    "5\u202f000\u00a0FCFA",
    "le 12.05.2024",
    "le 12-05-2024",
    "le 2024-05-12",
    "le 12/05/2024",
    "1 h 30",
    "90 min",
    "à 20h30",
    "2 000 vues",
    "Saison 2, épisode 10",
    "3 500 spectateurs en 12 jours",
    "ref du plan 12",
]


@pytest.mark.parametrize("written, shown", MASKED)
def test_personal_information_is_masked(written, shown):
    assert mask(written)[0] == shown


@pytest.mark.parametrize("written", KEPT)
def test_years_amounts_dates_and_durations_are_kept(written):
    assert mask(written) == (written, [])


def test_the_writer_is_told_what_was_masked_and_only_the_masked_text_is_stored(client, team_film, viewer):
    response = write(client, viewer, team_film, "Mon Flooz : 90 12 34 56, Ref: 1234567890, sena@example.tg")
    page = client.get(response.location).get_data(as_text=True)
    assert ("Nous avons masqué un numéro de téléphone, une adresse e-mail et une référence de paiement : "
            "pour votre sécurité") in page
    stored = db.session.scalars(select(Message.body)).one()
    assert stored == f"Mon Flooz : {PHONE}, {REFERENCE}, {EMAIL}"
    assert "90 12 34 56" not in client.get(talk_url(team_film)).get_data(as_text=True)


def test_a_message_with_nothing_to_mask_brings_no_notice(client, team_film, viewer):
    response = write(client, viewer, team_film, "Le film coûte 5 000 FCFA, sorti en 2024 ?")
    assert "Nous avons masqué" not in client.get(response.location).get_data(as_text=True)
