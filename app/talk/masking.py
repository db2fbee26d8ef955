"""Personal information taken out of a message before it is stored or shown.

A conversation is public: a phone number, an e-mail address or a mobile-money reference written
in it would be read by anyone, and a transaction reference is what a scammer asks for to "refund"
a payment. Each is replaced by a mark saying what was there; the writer is told why.

Kept as written: years and year ranges (2019-2024), amounts in thousands followed by a currency
(5 000 FCFA, 1.500.000 F), dates (12.05.2024, 2024-05-12, 12/05/2024), durations and times
(1 h 30, 90 min, 20h30) — none of them has eight digits in a row without being one of those.
"""
import re

from flask_babel import gettext as _

SEPARATOR = r"(?:[ .\-\u00a0\u202f]|\s[.\-]\s)?"
NUMBER = re.compile(rf"(?<![\w+(])(?:\((?:\+|00)\d{{1,3}}\)\s?|\+|00)?\d(?:{SEPARATOR}\d)+")
MIN_PHONE_DIGITS = 8  # a Togolese number has 8, with its country code 11
CURRENCY = re.compile(r"\s?(?:FCFA|F\s?CFA|CFA|XOF|F|francs?)\b", re.IGNORECASE)
THOUSANDS = re.compile(r"\d{1,3}(?:[ .\u00a0\u202f]\d{3})+")
DATE = re.compile(r"\d{1,2}[.\-]\d{1,2}[.\-](?:19|20)\d\d|(?:19|20)\d\d[.\-]\d{1,2}[.\-]\d{1,2}")
YEARS = re.compile(r"(?:19|20)\d\d(?:\s?[\-\u2013 ]\s?(?:19|20)\d\d)+")

AT = r"(?:\s*@\s*|\s*[\[({]\s*(?:at|arobase|@)\s*[\])}]\s*|\s+arobase\s+)"
DOT = r"(?:\.|\s+\.\s+|\s*[\[({]\s*(?:dot|point)\s*[\])}]\s*|\s+(?:dot|point)\s+)"
EMAIL = re.compile(rf"[\w.+-]+{AT}[\w-]+(?:{DOT}[\w-]+)*{DOT}[a-z]{{2,6}}\b", re.IGNORECASE)

# Flooz, T-Money and MoMo receipts: "Ref: 1234567890", "ID transaction : 7202412...",
# "Txn ID 123456789", "Financial Transaction Id: 1234567890", "Référence TM240512.1234.A00012".
REFERENCE = re.compile(
    r"\b(?:r[ée]f(?:[ée]rence)?|reference|txn(?:\s?id)?|trans(?:action)?(?:\s?id)?|id(?:\s+(?:de\s+)?transaction)?)"
    r"\s*[:#.]?\s*(?:n[°o]\s*)?(?=[A-Z0-9.\-]*\d{4})[A-Z0-9][A-Z0-9.\-]{5,}[A-Z0-9]",
    re.IGNORECASE)

# Stored in French, as comments are (app/accounts/opinions.py): the stored text is the shown text.
MARKS = {"phone": "[numéro masqué]", "email": "[e-mail masqué]", "payment": "[référence masquée]"}
KINDS = ("phone", "email", "payment")


def _is_kept_number(text, match):
    written = match.group()
    digits = sum(c.isdigit() for c in written)
    if digits < MIN_PHONE_DIGITS:
        return True
    if DATE.fullmatch(written) or YEARS.fullmatch(written):
        return True
    return bool(THOUSANDS.fullmatch(written) and CURRENCY.match(text, match.end()))


def mask(text):
    """(the text with every phone number, e-mail address and payment reference replaced by its
    mark, the kinds that were replaced, in KINDS order)."""
    found = set()

    def replace(kind):
        def mark(match):
            found.add(kind)
            return MARKS[kind]
        return mark

    text = REFERENCE.sub(replace("payment"), text)
    text = EMAIL.sub(replace("email"), text)

    def phone(match):
        if _is_kept_number(text, match):
            return match.group()
        return replace("phone")(match)

    text = NUMBER.sub(phone, text)
    return text, [kind for kind in KINDS if kind in found]


def notice(kinds):
    """What the writer is told after posting a message that was masked."""
    names = {"phone": _("a phone number"), "email": _("an e-mail address"), "payment": _("a payment reference")}
    found = [names[kind] for kind in kinds]
    what = found[0] if len(found) == 1 else _("%(list)s and %(last)s", list=", ".join(found[:-1]), last=found[-1])
    return _("We hid %(what)s: for your safety, numbers, addresses and payment references are never "
             "shown in a conversation. Nobody from the team will ask you for them here.", what=what)
