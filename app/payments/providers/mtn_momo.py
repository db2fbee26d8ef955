"""MTN MoMo Collection: request to pay for MTN wallets (Benin, Côte d'Ivoire, Ghana…).

Documented API (momodeveloper.mtn.com "Sandbox Use Cases" and "Common Error Codes";
api-evangelist/mtn-group sandbox/mtn-group-sandbox.yml and asyncapi/mtn-group-webhooks.yml):

- POST /collection/token/ with Basic user:key, Ocp-Apim-Subscription-Key and an empty body
  (Content-Length: 0) -> {access_token, token_type, expires_in}.
- POST /collection/v1_0/requesttopay with Bearer, X-Reference-Id (a UUIDv4: our
  reference), X-Target-Environment, X-Callback-Url; body {amount (string), currency,
  externalId, payer {partyIdType MSISDN, partyId}, payerMessage, payeeNote} -> 202 empty;
  a reused reference answers 409 RESOURCE_ALREADY_EXIST.
- GET /collection/v1_0/requesttopay/{referenceId} -> {amount (string), currency, externalId,
  payer, status PENDING|SUCCESSFUL|FAILED (CREATED seen, means pending),
  financialTransactionId on success, reason on failure (a string in the sandbox, {code,
  message} in the swagger)}; 404 right after a request can be transient. Amount and currency
  are compared with the payment's before anything is credited.
- Callback: POST (or PUT) to X-Callback-Url with the status body. Not signed; a duplicate
  delivery was observed. It carries externalId, which is our reference too.
- Refund, a Disbursement product call with that product's own subscription key, API user
  and key (token at POST /disbursement/token/): POST /disbursement/v1_0/refund with
  X-Reference-Id and {amount, currency, externalId, payerMessage, payeeNote,
  referenceIdToRefund} -> 202; GET /disbursement/v1_0/refund/{referenceId} -> the same
  statuses as a request to pay.
- Transfer to a payee (Disbursement): POST /disbursement/v1_0/transfer with X-Reference-Id and
  {amount, currency, externalId, payee {partyIdType MSISDN, partyId}, payerMessage, payeeNote}
  -> 202 (409 for a reference already used); GET /disbursement/v1_0/transfer/{referenceId}.
- Account holder: GET /disbursement/v1_0/accountholder/msisdn/{msisdn}/basicuserinfo ->
  {given_name, family_name, …} where the market allows. Balance: GET
  /{collection|disbursement}/v1_0/account/balance -> {availableBalance, currency}.
"""
import base64
import json
import threading
import time
import uuid

from app.payments.providers.base import (
    EXPIRED, FAILED, PAID, PENDING, UNKNOWN, CallbackHint, Provider, ProviderError, ProviderRefused, Started,
    Status, parse_json, whole_fcfa,
)

REFUND_CHECKS = 4  # about 10 s of asking before the refund is left to a person
_tokens = {}
_tokens_lock = threading.Lock()


class MtnMomo(Provider):
    name = "mtn_momo"
    methods = ("momo",)

    def __init__(self, base_url, subscription_key, api_user, api_key, target_environment, currency,
                 disbursement=None, **kwargs):
        super().__init__(base_url, **kwargs)
        # Each product has its own (subscription key, API user, API key); refunds need Disbursement.
        self.keys = {"collection": (subscription_key, api_user, api_key), "disbursement": disbursement}
        self.target_environment = target_environment
        self.currency = currency

    @property
    def can_refund(self):
        return self.keys["disbursement"] is not None

    def refund(self, payment):
        """Gives the whole payment back. The refund's X-Reference-Id is derived from the
        payment, so a second request for it is refused (409) by MTN instead of paying twice."""
        reference = str(uuid.uuid5(uuid.NAMESPACE_URL, f"karangou-refund:{payment.reference}"))
        body = {
            "amount": str(payment.amount_fcfa),
            "currency": payment.currency,
            "externalId": payment.reference,
            "payerMessage": f"Remboursement Karangou {payment.short_code}",
            "payeeNote": f"Remboursement Karangou {payment.short_code}",
            "referenceIdToRefund": payment.reference,
        }
        headers = self._headers("disbursement", X_Reference_Id=reference)
        response = self.request("POST", "/disbursement/v1_0/refund", retries=0, json=body, headers=headers)
        if response.status_code == 401:
            _forget_token(self, "disbursement")
            raise ProviderError("MTN MoMo refused the disbursement token")
        if response.status_code >= 500:
            raise ProviderError(f"MTN MoMo refund answered {response.status_code}")
        if response.status_code not in (202, 409):
            raise ProviderRefused(f"MTN MoMo refund answered {response.status_code}: {response.text[:200]}")
        for attempt in range(REFUND_CHECKS):
            status = self._refund_status(reference)
            if status.get("status") == "SUCCESSFUL":
                return status.get("financialTransactionId") or reference
            if status.get("status") == "FAILED":
                raise ProviderRefused(f"MTN MoMo refund failed: {status.get('reason')}")
            time.sleep(1 + attempt)
        raise ProviderError(f"MTN MoMo refund {reference} still pending")

    @property
    def can_pay_out(self):
        return self.keys["disbursement"] is not None

    def pay_out(self, payout):
        """A Disbursement transfer; X-Reference-Id is the payout's reference, so asking again
        is refused (409) by MTN instead of paying twice."""
        body = {"amount": str(payout.amount_fcfa), "currency": self.currency, "externalId": payout.reference,
                "payee": {"partyIdType": "MSISDN", "partyId": payout.phone.lstrip("+")},
                "payerMessage": f"Versement Karangou {payout.project.short_code}",
                "payeeNote": f"Versement Karangou {payout.project.short_code}"}
        headers = self._headers("disbursement", X_Reference_Id=payout.reference)
        response = self.request("POST", "/disbursement/v1_0/transfer", retries=0, json=body, headers=headers)
        if response.status_code == 401:
            _forget_token(self, "disbursement")
            raise ProviderError("MTN MoMo refused the disbursement token")
        if response.status_code >= 500:
            raise ProviderError(f"MTN MoMo transfer answered {response.status_code}")
        if response.status_code not in (202, 409):
            raise ProviderRefused(f"MTN MoMo transfer answered {response.status_code}: {response.text[:200]}")
        return payout.reference

    def payout_status(self, payout):
        response = self.request("GET", f"/disbursement/v1_0/transfer/{payout.reference}",
                                headers=self._headers("disbursement"))
        if response.status_code == 404:
            return Status(UNKNOWN, raw=response.text)
        if response.status_code != 200:
            raise ProviderError(f"MTN MoMo transfer status answered {response.status_code}")
        data = parse_json(response)
        status = str(data.get("status", "")).upper()
        if status == "SUCCESSFUL":
            return Status(PAID, provider_reference=data.get("financialTransactionId"),
                          amount_fcfa=whole_fcfa(data.get("amount")), raw=response.text)
        if status == "FAILED":
            reason = data.get("reason")
            reason = reason.get("code") if isinstance(reason, dict) else reason
            return Status(FAILED, reason=str(reason or "")[:80] or None, raw=response.text)
        if status in ("PENDING", "CREATED"):
            return Status(PENDING, raw=response.text)
        raise ProviderError(f"MTN MoMo transfer status {status!r}")

    def holder_name(self, phone):
        """The wallet holder's name as MTN gives it, "" where the market gives none; ProviderRefused
        when MTN knows no such account."""
        product = "disbursement" if self.keys["disbursement"] else "collection"
        response = self.request("GET", f"/{product}/v1_0/accountholder/msisdn/{phone.lstrip('+')}/basicuserinfo",
                                headers=self._headers(product))
        if response.status_code == 404:
            raise ProviderRefused("MTN MoMo knows no account for this number")
        if response.status_code != 200:
            raise ProviderError(f"MTN MoMo account holder answered {response.status_code}")
        data = parse_json(response)
        names = [str(data.get(key) or "").strip() for key in ("given_name", "family_name")]
        return " ".join(n for n in names if n)[:120]

    def balance(self):
        """Collection and Disbursement are two accounts at MTN; together they are what MTN holds."""
        total = 0
        for product in ("collection", "disbursement"):
            if product == "disbursement" and not self.keys["disbursement"]:
                continue
            response = self.request("GET", f"/{product}/v1_0/account/balance", headers=self._headers(product))
            if response.status_code != 200:
                raise ProviderError(f"MTN MoMo {product} balance answered {response.status_code}")
            amount = whole_fcfa(parse_json(response).get("availableBalance"))
            if amount is None:
                raise ProviderError("MTN MoMo balance unreadable")
            total += amount
        return total

    def _refund_status(self, reference):
        response = self.request("GET", f"/disbursement/v1_0/refund/{reference}", headers=self._headers("disbursement"))
        if response.status_code == 404:  # can be transient right after the request
            return {}
        if response.status_code != 200:
            raise ProviderError(f"MTN MoMo refund status answered {response.status_code}")
        return parse_json(response)

    def start(self, payment, callback_url, return_url):
        body = {
            "amount": str(payment.amount_fcfa),
            "currency": payment.currency,
            "externalId": payment.reference,
            "payer": {"partyIdType": "MSISDN", "partyId": payment.phone.lstrip("+")},
            "payerMessage": f"Karangou {payment.short_code}",
            "payeeNote": f"Karangou {payment.short_code}",
        }
        headers = self._headers("collection", X_Reference_Id=payment.reference)
        if callback_url:
            headers["X-Callback-Url"] = callback_url
        response = self.request("POST", "/collection/v1_0/requesttopay", json=body, headers=headers)
        if response.status_code in (202, 409):  # 409: this reference was already registered
            return Started(provider_reference=payment.reference, raw=response.text)
        if response.status_code == 401:
            _forget_token(self, "collection")
            raise ProviderError("MTN MoMo refused the token")
        raise ProviderRefused(f"MTN MoMo request to pay answered {response.status_code}")

    def fetch_status(self, payment):
        response = self.request("GET", f"/collection/v1_0/requesttopay/{payment.reference}",
                                headers=self._headers("collection"))
        if response.status_code == 404:
            return Status(UNKNOWN, raw=response.text)
        if response.status_code != 200:
            raise ProviderError(f"MTN MoMo status answered {response.status_code}")
        data = parse_json(response)
        status = str(data.get("status", "")).upper()
        reason = data.get("reason")
        if isinstance(reason, dict):
            reason = reason.get("code")
        if status == "SUCCESSFUL":
            currency = data.get("currency")
            return Status(PAID, provider_reference=data.get("financialTransactionId"),
                          amount_fcfa=whole_fcfa(data.get("amount")), currency=str(currency) if currency else "",
                          raw=response.text)
        if status == "FAILED":
            state = EXPIRED if reason == "EXPIRED" else FAILED
            return Status(state, reason=str(reason or "")[:80] or None, raw=response.text)
        if status in ("PENDING", "CREATED"):
            return Status(PENDING, raw=response.text)
        raise ProviderError(f"MTN MoMo status {status!r}")

    def read_callback(self, headers, body, form):
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        status = str(data.get("status", "")).upper()
        claimed = {"SUCCESSFUL": PAID, "FAILED": FAILED}.get(status, PENDING)
        reference = data.get("externalId")
        return CallbackHint(reference=str(reference)[:36] if reference else None, claimed_state=claimed)

    def _headers(self, product, **extra):
        headers = {
            "Authorization": f"Bearer {self._token(product)}",
            "X-Target-Environment": self.target_environment,
            "Ocp-Apim-Subscription-Key": self.keys[product][0],
        }
        headers.update({name.replace("_", "-"): value for name, value in extra.items()})
        return headers

    def _token(self, product):
        subscription_key, api_user, api_key = self.keys[product]
        key = (self.base_url, product, api_user)
        with _tokens_lock:
            token, expires = _tokens.get(key, (None, 0))
        if token and expires > time.monotonic() + 60:
            return token
        basic = base64.b64encode(f"{api_user}:{api_key}".encode()).decode()
        response = self.request("POST", f"/{product}/token/", content=b"", headers={
            "Authorization": f"Basic {basic}", "Ocp-Apim-Subscription-Key": subscription_key,
            "Content-Length": "0"})
        if response.status_code != 200:
            raise ProviderError(f"MTN MoMo token answered {response.status_code}")
        data = parse_json(response)
        token = data.get("access_token")
        if not token:
            raise ProviderError("MTN MoMo gave no token")
        with _tokens_lock:
            _tokens[key] = (token, time.monotonic() + int(data.get("expires_in", 3600)))
        return token


def _forget_token(client, product):
    with _tokens_lock:
        _tokens.pop((client.base_url, product, client.keys[product][1]), None)
