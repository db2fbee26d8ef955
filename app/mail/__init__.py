"""E-mail to members who gave an address: project news, beside the SMS everybody gets."""
