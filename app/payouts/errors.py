class PayoutError(ValueError):
    """What was asked cannot be done; the message says why, in the reader's language."""
