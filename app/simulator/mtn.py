"""MTN MoMo as our client uses it: Collection (token, request to pay, its status) and
Disbursement's refund (its own token and keys, the refund and its status)."""
import base64
import secrets
import time

from flask import Blueprint, current_app, request

from app import simulator

bp = Blueprint("sim_mtn", __name__, url_prefix="/mtn")
_issued = set()
STATUS_NAMES = {"paid": "SUCCESSFUL", "pending": "PENDING", "failed": "FAILED"}


def _error(status, code, message):
    return {"code": code, "message": message}, status


# Each product has its own subscription key, API user and key, and its tokens.
PRODUCTS = {"collection": "MTN_MOMO_", "disbursement": "MTN_MOMO_DISBURSEMENT_"}


def _authorised(product="collection"):
    creds = current_app.config["CREDENTIALS"]
    if request.headers.get("Ocp-Apim-Subscription-Key") != creds[PRODUCTS[product] + "SUBSCRIPTION_KEY"]:
        return False
    auth = request.headers.get("Authorization", "")
    return auth.startswith("Bearer ") and (product, auth[7:]) in _issued


@bp.post("/<any(collection, disbursement):product>/token/")
def token(product):
    creds, prefix = current_app.config["CREDENTIALS"], PRODUCTS[product]
    if request.content_length is None:
        return "Length Required", 411
    expected = base64.b64encode(f"{creds[prefix + 'API_USER']}:{creds[prefix + 'API_KEY']}".encode()).decode()
    if (request.headers.get("Authorization") != f"Basic {expected}"
            or request.headers.get("Ocp-Apim-Subscription-Key") != creds[prefix + "SUBSCRIPTION_KEY"]):
        return _error(401, "UNAUTHORIZED", "Access denied")
    access = secrets.token_urlsafe(24)
    _issued.add((product, access))
    return {"access_token": access, "token_type": "access_token", "expires_in": 3600}


@bp.post("/collection/v1_0/requesttopay")
def request_to_pay():
    if not _authorised():
        return _error(401, "UNAUTHORIZED", "Access denied")
    reference = request.headers.get("X-Reference-Id", "")
    body = request.get_json(silent=True) or {}
    payer = body.get("payer") or {}
    try:
        amount = int(body.get("amount"))
    except (TypeError, ValueError):
        amount = 0
    if len(reference) != 36 or amount <= 0 or payer.get("partyIdType") != "MSISDN" or not body.get("currency"):
        return _error(400, "INVALID_PARAMETERS", "Bad request")
    app = current_app._get_current_object()
    behaviour = simulator.behaviour_for(payer.get("partyId"))
    if behaviour == "server_error":
        return _error(500, "INTERNAL_PROCESSING_ERROR", "Internal error")
    tx, new = simulator.store(app).add(simulator.Transaction(
        "mtn_momo", reference, amount, payer.get("partyId"), behaviour, request.headers.get("X-Callback-Url")))
    if not new:
        return _error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id")
    tx.currency, tx.external_id = body["currency"], body.get("externalId")
    if behaviour == "slow":
        time.sleep(app.config["SLOW_SECONDS"])
    simulator.after_start(app, tx)
    return "", 202


def _status_body(tx):
    body = {"amount": str(tx.amount), "currency": tx.currency,
            "externalId": tx.external_id,
            "payer": {"partyIdType": "MSISDN", "partyId": tx.phone}, "payerMessage": "", "payeeNote": "",
            "status": STATUS_NAMES[tx.status]}
    if tx.status == "paid":
        body["financialTransactionId"] = tx.tx_reference
    if tx.status == "failed":
        body["reason"] = tx.reason or "APPROVAL_REJECTED"
    return body


@bp.get("/collection/v1_0/requesttopay/<reference>")
def status(reference):
    if not _authorised():
        return _error(401, "UNAUTHORIZED", "Access denied")
    tx = simulator.store(current_app).get("mtn_momo", reference)
    if tx is None:
        return _error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.")
    tx.status_queries += 1
    return _status_body(tx)


def callback(app, tx, bad_hash):
    if not tx.callback_url:
        return None
    return tx.callback_url, {"json": _status_body(tx)}


@bp.post("/disbursement/v1_0/refund")
def refund():
    """Gives back (part of) a successful request to pay, once per X-Reference-Id."""
    if not _authorised("disbursement"):
        return _error(401, "UNAUTHORIZED", "Access denied")
    reference = request.headers.get("X-Reference-Id", "")
    body = request.get_json(silent=True) or {}
    try:
        amount = int(body.get("amount"))
    except (TypeError, ValueError):
        amount = 0
    if len(reference) != 36 or amount <= 0 or not body.get("currency"):
        return _error(400, "INVALID_PARAMETERS", "Bad request")
    refunds = current_app.config.setdefault("MTN_REFUNDS", {})
    if reference in refunds:
        return _error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id")
    paid = simulator.store(current_app).get("mtn_momo", str(body.get("referenceIdToRefund", "")))
    if paid is None:
        return _error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.")
    done = paid.status == "paid" and amount <= paid.amount
    refunds[reference] = {"amount": amount, "currency": body["currency"], "externalId": body.get("externalId"),
                          "referenceIdToRefund": paid.reference, "payee": paid.phone,
                          "status": "SUCCESSFUL" if done else "FAILED",
                          "financialTransactionId": f"RF{len(refunds) + 1:06d}" if done else None,
                          "reason": None if done else "NOT_ALLOWED"}
    return "", 202


@bp.get("/disbursement/v1_0/refund/<reference>")
def refund_status(reference):
    if not _authorised("disbursement"):
        return _error(401, "UNAUTHORIZED", "Access denied")
    found = current_app.config.get("MTN_REFUNDS", {}).get(reference)
    if found is None:
        return _error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.")
    return {key: value for key, value in found.items() if value is not None}


@bp.get("/refunds")
def refunds():
    """For tests and demos: every refund asked for."""
    return current_app.config.get("MTN_REFUNDS", {})


@bp.post("/disbursement/v1_0/transfer")
def transfer():
    """Pays a payee once per X-Reference-Id; the payee's phone suffix decides as for payments."""
    if not _authorised("disbursement"):
        return _error(401, "UNAUTHORIZED", "Access denied")
    reference = request.headers.get("X-Reference-Id", "")
    body = request.get_json(silent=True) or {}
    payee = body.get("payee") or {}
    try:
        amount = int(body.get("amount"))
    except (TypeError, ValueError):
        amount = 0
    if len(reference) != 36 or amount <= 0 or payee.get("partyIdType") != "MSISDN" or not body.get("currency"):
        return _error(400, "INVALID_PARAMETERS", "Bad request")
    behaviour = simulator.behaviour_for(payee.get("partyId"))
    if behaviour == "server_error":
        return _error(500, "INTERNAL_PROCESSING_ERROR", "Internal error")
    transfers = current_app.config.setdefault("MTN_TRANSFERS", {})
    if reference in transfers:
        transfers[reference]["count"] += 1
        return _error(409, "RESOURCE_ALREADY_EXIST", "Duplicated reference id")
    transfers[reference] = {"amount": amount, "currency": body["currency"], "externalId": body.get("externalId"),
                            "payee": payee.get("partyId"), "behaviour": behaviour, "created": time.time(),
                            "count": 1, "financialTransactionId": f"TR{len(transfers) + 1:06d}"}
    return "", 202


def _transfer_body(found):
    state = simulator.payout_state(found, current_app)
    body = {"amount": str(found["amount"]), "currency": found["currency"], "externalId": found["externalId"],
            "payee": {"partyIdType": "MSISDN", "partyId": found["payee"]}, "status": STATUS_NAMES[state]}
    if state == "paid":
        body["financialTransactionId"] = found["financialTransactionId"]
    if state == "failed":
        body["reason"] = "PAYEE_NOT_FOUND"
    return body


@bp.get("/disbursement/v1_0/transfer/<reference>")
def transfer_status(reference):
    if not _authorised("disbursement"):
        return _error(401, "UNAUTHORIZED", "Access denied")
    found = current_app.config.get("MTN_TRANSFERS", {}).get(reference)
    if found is None:
        return _error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.")
    return _transfer_body(found)


@bp.get("/transfers")
def transfers():
    """For tests and demos: every transfer asked for, and how many times."""
    return {ref: {**found, "status": _transfer_body(found)["status"]}
            for ref, found in current_app.config.get("MTN_TRANSFERS", {}).items()}


GIVEN_NAMES = ("Afi", "Kossi", "Ama", "Yao", "Akossiwa", "Komlan", "Abla", "Kodjo", "Adjoa", "Koffi")
FAMILY_NAMES = ("Mensah", "Agbeko", "Lawson", "Amouzou", "Dossou")


@bp.get("/<any(collection, disbursement):product>/v1_0/accountholder/msisdn/<msisdn>/basicuserinfo")
def basic_user_info(product, msisdn):
    """A name made from the number; numbers ending in 02 have no account."""
    if not _authorised(product):
        return _error(401, "UNAUTHORIZED", "Access denied")
    digits = "".join(c for c in msisdn if c.isdigit())
    if len(digits) < 8 or simulator.behaviour_for(digits) == "decline":
        return _error(404, "RESOURCE_NOT_FOUND", "Requested resource was not found.")
    return {"given_name": GIVEN_NAMES[int(digits[-1])], "family_name": FAMILY_NAMES[int(digits[-2]) % 5],
            "locale": "fr", "status": "ACTIVE"}


@bp.get("/<any(collection, disbursement):product>/v1_0/account/balance")
def balance(product):
    """Collection holds what payers paid; Disbursement pays refunds and transfers (it may go below
    zero here: a real account is topped up from Collection in MTN's partner portal)."""
    if not _authorised(product):
        return _error(401, "UNAUTHORIZED", "Access denied")
    app = current_app._get_current_object()
    if product == "collection":
        total = sum(tx.amount for tx in simulator.store(app).all() if tx.provider == "mtn_momo" and tx.status == "paid")
    else:
        total = -sum(r["amount"] for r in app.config.get("MTN_REFUNDS", {}).values() if r["status"] == "SUCCESSFUL")
        total -= sum(t["amount"] for t in app.config.get("MTN_TRANSFERS", {}).values()
                     if simulator.payout_state(t, app) == "paid")
    return {"availableBalance": str(total), "currency": "XOF"}
