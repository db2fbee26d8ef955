"""SMS cost in segments, as operators bill it."""
import pytest

from app.sms.segments import count_segments


@pytest.mark.parametrize("text, encoding, units, count", [
    ("", "gsm7", 0, 1),
    ("a" * 160, "gsm7", 160, 1),
    ("a" * 161, "gsm7", 161, 2),
    ("a" * 306, "gsm7", 306, 2),
    ("a" * 307, "gsm7", 307, 3),
    ("Merci ! Référence K7X2", "gsm7", 22, 1),  # é is in the basic GSM-7 set
    ("€" * 80, "gsm7", 160, 1),  # extension characters take two septets
    ("€" * 81, "gsm7", 162, 2),
    ("Reçu", "ucs2", 4, 1),  # ç (lower case) is not GSM-7
    ("ç" * 70, "ucs2", 70, 1),
    ("ç" * 71, "ucs2", 71, 2),
    ("ç" * 135, "ucs2", 135, 3),
    ("👍", "ucs2", 2, 1),  # outside the BMP: two UTF-16 units
])
def test_segments(text, encoding, units, count):
    segments = count_segments(text)
    assert (segments.encoding, segments.units, segments.count) == (encoding, units, count)
