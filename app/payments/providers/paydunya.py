"""PayDunya: card payments through PayDunya's hosted checkout.

Documented API (developers.paydunya.com/doc/EN/http_json; paydunyadev/paydunya-php
paydunya/setup.php and paydunya/checkout/checkout_invoice.php; paydunyadev/
paydunya-woocommerce-gateway WC_Paydunya.php):

- Headers PAYDUNYA-MASTER-KEY, PAYDUNYA-PRIVATE-KEY, PAYDUNYA-TOKEN; every answer carries
  response_code ("00" = success) and response_text.
- POST checkout-invoice/create {invoice {total_amount, description, items}, store {name},
  custom_data, actions {cancel_url, return_url, callback_url}} -> {response_code "00",
  response_text: the checkout URL, token}.
- GET checkout-invoice/confirm/{token} -> {status pending|completed|cancelled (failed is
  handled by PayDunya's own plugin), invoice {total_amount}, custom_data, ...}.
- IPN: a form-encoded POST to callback_url with data[hash], data[status],
  data[invoice][token], data[custom_data][...]. data[hash] must equal the hex SHA-512 of
  the master key; it is the same for every IPN, so we still confirm before acting.
- No refund API (payouts only), so refunds are done by hand.
"""
import hashlib
import hmac

from app.payments.providers.base import (
    FAILED, PAID, PENDING, UNKNOWN, CallbackHint, Provider, ProviderError, ProviderRefused, Started, Status,
    parse_json, whole_fcfa,
)

CONFIRM_STATES = {"completed": PAID, "pending": PENDING, "cancelled": FAILED, "failed": FAILED}


class PayDunya(Provider):
    name = "paydunya"
    methods = ("card",)

    def __init__(self, base_url, master_key, private_key, token, **kwargs):
        super().__init__(base_url, **kwargs)
        self.master_key = master_key
        self.private_key = private_key
        self.token = token

    def start(self, payment, callback_url, return_url):
        label = f"Karangou {payment.short_code}"
        body = {
            "invoice": {
                "total_amount": payment.amount_fcfa,
                "description": label,
                "items": {"item_0": {"name": label, "quantity": 1, "unit_price": payment.amount_fcfa,
                                     "total_price": payment.amount_fcfa}},
            },
            "store": {"name": "Karangou"},
            "custom_data": {"reference": payment.reference},
            "actions": {"cancel_url": return_url, "return_url": return_url, "callback_url": callback_url},
        }
        response = self.request("POST", "/checkout-invoice/create", json=body, headers=self._headers())
        data = parse_json(response)
        if data.get("response_code") != "00" or not data.get("token"):
            raise ProviderRefused(f"PayDunya create answered {data.get('response_code')!r}")
        return Started(provider_reference=str(data["token"])[:100], checkout_url=data.get("response_text"),
                       raw=response.text)

    def fetch_status(self, payment):
        if not payment.provider_reference:
            return Status(UNKNOWN)  # no invoice was ever created for it
        response = self.request("GET", f"/checkout-invoice/confirm/{payment.provider_reference}",
                                headers=self._headers())
        data = parse_json(response)
        if data.get("response_code") != "00":
            return Status(UNKNOWN, raw=response.text)
        state = CONFIRM_STATES.get(str(data.get("status", "")).lower(), FAILED)
        amount = whole_fcfa((data.get("invoice") or {}).get("total_amount"))
        return Status(state, provider_reference=payment.provider_reference, amount_fcfa=amount, raw=response.text)

    def read_callback(self, headers, body, form):
        expected = hashlib.sha512(self.master_key.encode()).hexdigest()
        authentic = hmac.compare_digest(form.get("data[hash]", ""), expected)
        status = form.get("data[status]", "").lower()
        return CallbackHint(reference=form.get("data[custom_data][reference]") or None,
                            provider_reference=form.get("data[invoice][token]") or None,
                            claimed_state=CONFIRM_STATES.get(status), authentic=authentic)

    def _headers(self):
        if not (self.master_key and self.private_key and self.token):
            raise ProviderError("PayDunya keys are missing")
        return {"PAYDUNYA-MASTER-KEY": self.master_key, "PAYDUNYA-PRIVATE-KEY": self.private_key,
                "PAYDUNYA-TOKEN": self.token}
