"""SMS gateways: the outbox (nothing leaves the machine) and Africa's Talking.

Africa's Talking, bulk SMS API (africastalking-python `SMS.py`; AT status code table):
POST {base}/version1/messaging, form fields username, to, message[, from], headers apiKey and
Accept: application/json. Each recipient is judged by its statusCode: 100, 101 and 102 mean
accepted; anything else is a refusal (403 invalid number, 405 insufficient balance…).
Delivery reports are form POSTs with id, status, phoneNumber, failureReason — not signed,
so they only move a message we already know from "sent" to "delivered" or "failed".
"""
from dataclasses import dataclass

import httpx
from flask import current_app

from app import outbound

ACCEPTED_CODES = {100, 101, 102}


@dataclass
class SendResult:
    accepted: bool
    message_id: str | None = None
    error: str | None = None
    retry: bool = False  # a passing failure: the job should try again


class OutboxGateway:
    """Keeps messages in the database only; the /dev/sms page shows them."""

    name = "outbox"

    def send(self, message):
        return SendResult(accepted=True, message_id=f"outbox-{message.id}")


class AfricasTalkingGateway:
    name = "africastalking"

    def __init__(self, base_url, username, api_key, sender_id=None, timeout=10.0):
        self.base_url = base_url.rstrip("/")
        self.username = username
        self.api_key = api_key
        self.sender_id = sender_id
        self.timeout = timeout

    def send(self, message):
        form = {"username": self.username, "to": message.to_phone, "message": message.body}
        if self.sender_id:
            form["from"] = self.sender_id
        try:
            response = outbound.client().post(
                f"{self.base_url}/version1/messaging", data=form, timeout=self.timeout,
                headers={"apiKey": self.api_key, "Accept": "application/json"},
            )
        except httpx.HTTPError as error:
            return SendResult(accepted=False, error=type(error).__name__, retry=True)
        if response.status_code >= 500:
            return SendResult(accepted=False, error=f"http {response.status_code}", retry=True)
        if response.status_code != 201 and response.status_code != 200:
            return SendResult(accepted=False, error=f"http {response.status_code}")
        try:
            recipients = response.json()["SMSMessageData"]["Recipients"]
            recipient = recipients[0]
        except (ValueError, KeyError, IndexError, TypeError):
            return SendResult(accepted=False, error="unreadable answer", retry=True)
        code = int(recipient.get("statusCode", 0))
        if code in ACCEPTED_CODES:
            return SendResult(accepted=True, message_id=recipient.get("messageId"))
        return SendResult(accepted=False, error=f"{code} {recipient.get('status', '')}".strip(),
                          retry=code in (500, 501, 502))


def gateway():
    config = current_app.config
    if config.get("SMS_PROVIDER") == "africastalking":
        return AfricasTalkingGateway(
            config["AT_BASE_URL"], config["AT_USERNAME"], config["AT_API_KEY"], config.get("AT_SENDER_ID")
        )
    return OutboxGateway()
