"""How many SMS a text costs: GSM 03.38 7-bit when every character fits, UCS-2 otherwise.

A single GSM-7 SMS holds 160 septets, a part of a long one 153 (the rest is the
concatenation header); UCS-2 holds 70, or 67 per part. Characters of the GSM extension
table (€, [, ], {, }, ~, ^, \\, |) take two septets. French accents outside the basic set
(ç in lower case, â, ê, î, ô, û, ë, ï…) force UCS-2, which more than doubles the cost, so
texts we write ourselves stay inside GSM-7.
"""
import unicodedata
from dataclasses import dataclass

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")


@dataclass(frozen=True)
class Segments:
    encoding: str  # gsm7 | ucs2
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    count: int


def is_gsm7(text):
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def count_segments(text):
    if is_gsm7(text):
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part = 160, 153
        encoding = "gsm7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
        encoding = "ucs2"
    count = 1 if units <= single else -(-units // part)
    return Segments(encoding=encoding, units=units, count=count)


def sms_amount(fcfa):
    """Whole FCFA grouped by thousands as French writes them (1 000 000), with a plain space:
    GSM-7 has no no-break space, and one would make the SMS UCS-2 at twice the cost."""
    return f"{int(fcfa):,}".replace(",", " ")


def gsm7_safe(text):
    """The text with characters outside GSM-7 replaced by their plain letter (ç → c, ô → o),
    and typographic quotes and dashes by ASCII ones, so it stays in one cheap encoding."""
    replacements = {"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-",
                    "…": "...", "\u00a0": " ", "\u202f": " "}
    out = []
    for c in text:
        if c in GSM7_BASIC or c in GSM7_EXTENSION:
            out.append(c)
        elif c in replacements:
            out.append(replacements[c])
        else:
            plain = "".join(p for p in unicodedata.normalize("NFKD", c) if not unicodedata.combining(p))
            out.append(plain if plain and is_gsm7(plain) else "?")
    return "".join(out)
