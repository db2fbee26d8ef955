"""Which mobile-money operator a phone number belongs to, and its E.164 form.

Togo (+228): Togocom (T-Money) owns 70-73 and 90-93, Moov Africa (Flooz) 78, 79 and
96-99 (google/libphonenumber resources/carrier/en/228.txt). An older table gave 97 to
Togocel and numbers may be ported, so the payer can always override the guess.
Numbers from the neighbouring MTN countries go to MTN MoMo.
"""
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

TOGO_PREFIXES = {**{p: "tmoney" for p in ("70", "71", "72", "73", "90", "91", "92", "93")},
                 **{p: "flooz" for p in ("78", "79", "96", "97", "98", "99")}}
MTN_REGIONS = {"BJ", "CI", "GH", "CM", "UG", "ZM", "RW", "CG", "GN", "LR", "SZ"}
MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
MOBILE_METHODS = ("flooz", "tmoney", "momo")


class InvalidPhone(ValueError):
    """Not a mobile number we can send a payment prompt to."""


@dataclass
class Wallet:
    phone: str  # E.164
    method: str | None  # flooz | tmoney | momo; None when nobody serves the number

    @property
    def masked(self):
        """For logs and pages: the country code and the last two digits only."""
        return mask(self.phone)


def mask(phone):
    if not phone:
        return "-"
    return f"{phone[:4]}…{phone[-2:]}"


# Keys under which providers put the payer in their callbacks and answers (docs/providers).
_PERSONAL_KEY = r"(?:\w*(?:phone|msisdn|email|name)\w*|partyId)"
_PERSONAL_JSON = re.compile(rf'("{_PERSONAL_KEY}"\s*:\s*)("(?:[^"\\]|\\.)*"|[\d+]+)', re.IGNORECASE)
_PERSONAL_FORM = re.compile(rf"(?<![\w])({_PERSONAL_KEY}=)([^&\s]*)", re.IGNORECASE)


def mask_payload(raw):
    """A provider's raw message as the back office shows it: the payer's number, name and
    e-mail hidden, everything needed to follow the money (references, amounts, states) kept."""
    def hide(match):
        value = match.group(2)
        quote = '"' if value.startswith('"') else ""
        digits = value.strip('"').lstrip("+")
        tail = digits[-2:] if digits.isdigit() and len(digits) > 4 else ""  # enough to tell numbers apart
        return f"{match.group(1)}{quote}…{tail}{quote}"

    return _PERSONAL_FORM.sub(hide, _PERSONAL_JSON.sub(hide, raw or ""))


def normalise(text):
    """E.164 form of a mobile number typed with or without +228, spaces or dots."""
    raw = "".join(c for c in (text or "") if c.isdigit() or c == "+")
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        number = phonenumbers.parse(raw, "TG")
    except phonenumbers.NumberParseException as error:
        raise InvalidPhone(str(error)) from error
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise InvalidPhone("not a valid mobile number")
    return number


def detect(text, override=None):
    """The payer's wallet: the operator guessed from the prefix unless `override` names one."""
    number = normalise(text)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    region = phonenumbers.region_code_for_number(number)
    if region == "TG":
        guess = TOGO_PREFIXES.get(str(number.national_number)[:2])
        method = override if override in ("flooz", "tmoney") else guess
    elif region in MTN_REGIONS:
        method = "momo"
    else:
        method = None
    return Wallet(e164, method)
