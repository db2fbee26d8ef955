"""PayGate Global: Flooz (Moov Africa) and T-Money (Togocom) in Togo.

Documented API, as gathered from PayGate's own guide and the integrations that follow it
(bienvenuelisis/flutter_paygateglobal README-FR.md and lib/paygate/, filanodev/paygate-js-sdk
packages/core/src/, filanodev/laravel-paygate-global src/, AllDotPy/EasySwitch
integrators/paygate.py, afro.tools/providers/paygate):

- POST /api/v1/pay {auth_token, phone_number (8 digits, no 228), amount, description,
  identifier, network FLOOZ|TMONEY} -> {tx_reference, status}; status is a registration
  code: 0 registered, 2 invalid token, 4 invalid parameters, 6 duplicate identifier.
- POST /api/v2/status {auth_token, identifier} -> {tx_reference, payment_reference, status,
  datetime, payment_method, amount}; status 0 paid, 2 pending, 4 expired, 6 cancelled.
  An unknown identifier answers {"error_code": 403, ...}.
- Callback: a JSON POST to the URL set in the dashboard with tx_reference, identifier,
  payment_reference, amount, datetime, phone_number, payment_method. Not signed: it only
  names the payment to re-check with /api/v2/status.
- No sandbox and no refund API (payouts go through /api/v1/disburse).
- POST /api/v1/check-balance {auth_token} -> {flooz, tmoney} (IP whitelisting said to apply).
- A payout's status: no documented query; we ask /api/v2/status with the payout's reference
  as identifier (unconfirmed: check with PayGate before going live).
"""
import json

from app.payments.providers.base import (
    EXPIRED, FAILED, PAID, PENDING, UNKNOWN, CallbackHint, Provider, ProviderError, ProviderRefused, Started,
    Status, parse_json, whole_fcfa,
)

NETWORKS = {"flooz": "FLOOZ", "tmoney": "TMONEY"}
STATUS_STATES = {0: PAID, 2: PENDING, 4: EXPIRED, 6: FAILED}


class PayGate(Provider):
    name = "paygate"
    methods = ("flooz", "tmoney")
    can_refund = True

    def __init__(self, base_url, auth_token, **kwargs):
        super().__init__(base_url, **kwargs)
        self.auth_token = auth_token

    def start(self, payment, callback_url, return_url):
        # The callback URL is set once in PayGate's dashboard, not per request.
        body = {
            "auth_token": self.auth_token,
            "phone_number": payment.phone.removeprefix("+228"),
            "amount": payment.amount_fcfa,
            "description": f"Karangou {payment.short_code}",
            "identifier": payment.reference,
            "network": NETWORKS[payment.method],
        }
        response = self.request("POST", "/api/v1/pay", json=body)
        data = parse_json(response)
        code = _int(data.get("status"))
        if code == 0 or code == 6:  # 6: this identifier is already registered, by an earlier try
            return Started(provider_reference=_str(data.get("tx_reference")), raw=response.text)
        if code == 2:
            raise ProviderError("PayGate refused the auth token")
        raise ProviderRefused(f"PayGate registration status {code}")

    def refund(self, payment):
        """A payout back to the payer's wallet: PayGate has no refund call, only
        POST /api/v1/disburse {auth_token, phone_number, amount, reason, network, reference}
        -> {tx_reference, status}, status 200 meaning done (community code; unconfirmed).
        Sent once: an unclear answer is left to a person, never retried."""
        body = {
            "auth_token": self.auth_token,
            "phone_number": payment.phone.removeprefix("+228"),
            "amount": payment.amount_fcfa,
            "reason": f"Remboursement Karangou {payment.short_code}",
            "network": NETWORKS[payment.method],
            "reference": f"refund-{payment.reference}",
        }
        data = parse_json(self.request("POST", "/api/v1/disburse", retries=0, json=body))
        if _int(data.get("status")) == 200:
            return _str(data.get("tx_reference"))
        raise ProviderRefused(f"PayGate payout status {data.get('status')!r}")

    can_pay_out = True

    def pay_out(self, payout):
        """POST /api/v1/disburse for a filmmaker's payout; sent once, never retried."""
        body = {
            "auth_token": self.auth_token,
            "phone_number": payout.phone.removeprefix("+228"),
            "amount": payout.amount_fcfa,
            "reason": f"Versement Karangou {payout.project.short_code}",
            "network": NETWORKS[payout.network],
            "reference": payout.reference,
        }
        data = parse_json(self.request("POST", "/api/v1/disburse", retries=0, json=body))
        if _int(data.get("status")) == 200:
            return _str(data.get("tx_reference"))
        if _int(data.get("status")) == 2:
            raise ProviderError("PayGate refused the auth token")
        raise ProviderRefused(f"PayGate payout status {data.get('status')!r}")

    def payout_status(self, payout):
        return self._status_of(payout.reference, "payout status")

    def balance(self):
        data = parse_json(self.request("POST", "/api/v1/check-balance", json={"auth_token": self.auth_token}))
        flooz, tmoney = whole_fcfa(data.get("flooz")), whole_fcfa(data.get("tmoney"))
        if flooz is None or tmoney is None:
            raise ProviderError("PayGate balance unreadable")
        return flooz + tmoney

    def fetch_status(self, payment):
        return self._status_of(payment.reference, "status")

    def _status_of(self, identifier, what):
        """`/api/v2/status` by our identifier: payments and payouts alike (see payout_status)."""
        response = self.request("POST", "/api/v2/status", json={"auth_token": self.auth_token, "identifier": identifier})
        data = parse_json(response)
        if "error_code" in data:
            return Status(UNKNOWN, raw=response.text)
        state = STATUS_STATES.get(_int(data.get("status")))
        if state is None:
            raise ProviderError(f"PayGate {what} {data.get('status')!r}")
        return Status(state, provider_reference=_str(data.get("tx_reference")),
                      amount_fcfa=whole_fcfa(data.get("amount")), raw=response.text)

    def read_callback(self, headers, body, form):
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = dict(form)
        if not isinstance(data, dict):
            data = {}
        return CallbackHint(reference=_str(data.get("identifier")),
                            provider_reference=_str(data.get("tx_reference")), claimed_state=PAID)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _str(value):
    return str(value)[:100] if value not in (None, "") else None
