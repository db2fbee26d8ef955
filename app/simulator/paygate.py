"""PayGate Global's API as our client uses it: /api/v1/pay, /api/v1|v2/status, /v1/page."""
import time
from datetime import datetime, timezone

from flask import Blueprint, current_app, redirect, request

from app import simulator

bp = Blueprint("sim_paygate", __name__, url_prefix="/paygate")
STATUS_CODES = {"paid": 0, "pending": 2, "expired": 4, "failed": 6}
NETWORK_NAMES = {"FLOOZ": "FLOOZ", "TMONEY": "T-Money", "MOOV": "FLOOZ", "TOGOCEL": "T-Money"}


def _body():
    return request.get_json(silent=True) or request.form.to_dict()


def _token_ok(body):
    return body.get("auth_token") == current_app.config["CREDENTIALS"]["PAYGATE_AUTH_TOKEN"]


@bp.post("/api/v1/pay")
def pay():
    body = _body()
    if not _token_ok(body):
        return {"tx_reference": None, "status": 2}
    phone, identifier = str(body.get("phone_number", "")), str(body.get("identifier", ""))
    network = body.get("network")
    try:
        amount = int(body.get("amount"))
    except (TypeError, ValueError):
        amount = 0
    if not (len(phone) == 8 and phone.isdigit() and identifier and amount > 0 and network in ("FLOOZ", "TMONEY")):
        return {"tx_reference": None, "status": 4}
    app = current_app._get_current_object()
    behaviour = simulator.behaviour_for(phone)
    if behaviour == "server_error":
        return {"error": "Internal Server Error"}, 500
    tx, new = simulator.store(app).add(simulator.Transaction(
        "paygate", identifier, amount, phone, behaviour, app.config["PAYGATE_CALLBACK_URL"]))
    if not new:
        return {"tx_reference": tx.tx_reference, "status": 6}
    tx.network = NETWORK_NAMES[network]
    if behaviour == "slow":
        time.sleep(app.config["SLOW_SECONDS"])
    simulator.after_start(app, tx)
    return {"tx_reference": tx.tx_reference, "status": 0}


@bp.post("/api/v1/disburse")
def disburse():
    """Payouts, used to refund; each reference pays once, as a careful provider would."""
    body = _body()
    if not _token_ok(body):
        return {"tx_reference": None, "status": 2}
    phone, reference = str(body.get("phone_number", "")), str(body.get("reference", ""))
    try:
        amount = int(body.get("amount"))
    except (TypeError, ValueError):
        amount = 0
    if not (len(phone) == 8 and phone.isdigit() and reference and amount > 0):
        return {"tx_reference": None, "status": 4}
    payouts = current_app.config.setdefault("PAYOUTS", {})
    behaviour = simulator.behaviour_for(phone)
    if behaviour == "server_error":
        return {"error": "Internal Server Error"}, 500
    payout = payouts.setdefault(reference, {"tx_reference": f"PO{len(payouts) + 1:06d}", "phone": phone,
                                            "amount": amount, "count": 0, "behaviour": behaviour,
                                            "network": str(body.get("network", "")), "created": time.time()})
    payout["count"] += 1
    return {"tx_reference": payout["tx_reference"], "status": 200}


@bp.post("/api/v1/check-balance")
def check_balance():
    """What PayGate holds for us per network: payments received less payouts made."""
    if not _token_ok(_body()):
        return {"error_code": 401, "error_message": "Token invalide."}
    app = current_app._get_current_object()
    held = {"flooz": 0, "tmoney": 0}
    for tx in simulator.store(app).all():
        if tx.provider == "paygate" and tx.status == "paid":
            held["tmoney" if tx.network == "T-Money" else "flooz"] += tx.amount
    for payout in app.config.get("PAYOUTS", {}).values():
        if simulator.payout_state(payout, app) == "paid":
            held["tmoney" if payout["network"] == "TMONEY" else "flooz"] -= payout["amount"]
    return held


def _payout_status_body(reference, payout):
    state = simulator.payout_state(payout, current_app)
    return {"tx_reference": payout["tx_reference"], "payment_reference": f"OP{payout['tx_reference']}",
            "status": STATUS_CODES[state], "datetime": datetime.fromtimestamp(payout["created"], timezone.utc).isoformat(),
            "payment_method": NETWORK_NAMES.get(payout["network"], "FLOOZ"), "amount": payout["amount"]}


@bp.get("/payouts")
def payouts():
    """For tests and demos: every payout asked for, and how many times."""
    return current_app.config.get("PAYOUTS", {})


def _status_body(tx, with_identifier):
    body = {
        "tx_reference": tx.tx_reference,
        "payment_reference": f"OP{tx.tx_reference}" if tx.status == "paid" else "",
        "status": STATUS_CODES[tx.status],
        "datetime": datetime.fromtimestamp(tx.created, timezone.utc).isoformat(),
        "payment_method": tx.network,
    }
    body.update({"identifier": tx.reference} if with_identifier else {"amount": tx.amount})
    return body


@bp.post("/api/v1/status")
def status_v1():
    body = _body()
    if not _token_ok(body):
        return {"error_code": 401, "error_message": "Token invalide."}
    tx = simulator.store(current_app).find(lambda t: t.provider == "paygate" and t.tx_reference == str(body.get("tx_reference")))
    if tx:
        tx.status_queries += 1
    return _status_body(tx, True) if tx else {"error_code": 403, "error_message": "Transaction non trouvée."}


@bp.post("/api/v2/status")
def status_v2():
    body = _body()
    if not _token_ok(body):
        return {"error_code": 401, "error_message": "Token invalide."}
    tx = simulator.store(current_app).get("paygate", str(body.get("identifier")))
    if tx:
        tx.status_queries += 1
    payout = current_app.config.get("PAYOUTS", {}).get(str(body.get("identifier")))
    if tx is None and payout is not None:
        return _payout_status_body(str(body.get("identifier")), payout)
    return _status_body(tx, False) if tx else {"error_code": 403, "error_message": "Transaction non trouvée."}


@bp.get("/v1/page")
def page():
    """The hosted page: registers the payment and hands the payer to the phone page."""
    args = request.args
    if args.get("token") != current_app.config["CREDENTIALS"]["PAYGATE_AUTH_TOKEN"]:
        return "Token invalide.", 401
    app = current_app._get_current_object()
    tx, _ = simulator.store(app).add(simulator.Transaction(
        "paygate", args.get("identifier", ""), int(args.get("amount", 0) or 0), args.get("phone"), "manual",
        app.config["PAYGATE_CALLBACK_URL"]))
    tx.return_url = args.get("url")
    return redirect(f"{app.config['PUBLIC_URL']}/payer/paygate/{tx.reference}", 303)


def callback(app, tx, bad_hash):
    if tx.status != "paid" or not tx.callback_url:
        return None  # PayGate is only known to call back after a payment
    body = {"tx_reference": tx.tx_reference, "identifier": tx.reference, "payment_reference": f"OP{tx.tx_reference}",
            "amount": tx.amount, "datetime": datetime.now(timezone.utc).isoformat(),
            "phone_number": tx.phone, "payment_method": tx.network}
    return tx.callback_url, {"json": body}
