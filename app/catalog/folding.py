"""Text compared the way a reader types it: lower case, accents removed ("Égypte", "egypte")."""
import unicodedata


def fold(text):
    """Lower case, accents removed, so typed-with and typed-without compare equal."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
