"""PayDunya's checkout invoices as our client uses them: create, confirm, the hosted page, IPN."""
import hashlib

from flask import Blueprint, current_app, redirect, render_template_string, request

from app import simulator

bp = Blueprint("sim_paydunya", __name__, url_prefix="/paydunya")
API = "/sandbox-api/v1"
CONFIRM_NAMES = {"paid": "completed", "pending": "pending", "failed": "cancelled"}

CHECKOUT_PAGE = """<!doctype html><meta name="viewport" content="width=device-width">
<title>PayDunya (simulator)</title><h1>PayDunya — simulator</h1>
<p>{{ tx.amount }} FCFA</p>
{% if tx.status == 'pending' %}
<form method="post"><button name="answer" value="pay">Pay by card</button>
<button name="answer" value="cancel">Cancel</button></form>
{% else %}<p>{{ tx.status }}</p><p><a href="{{ tx.return_url }}">Back to the shop</a></p>{% endif %}"""


def _keys_ok():
    creds = current_app.config["CREDENTIALS"]
    return (request.headers.get("PAYDUNYA-MASTER-KEY") == creds["PAYDUNYA_MASTER_KEY"]
            and request.headers.get("PAYDUNYA-PRIVATE-KEY") == creds["PAYDUNYA_PRIVATE_KEY"]
            and request.headers.get("PAYDUNYA-TOKEN") == creds["PAYDUNYA_TOKEN"])


@bp.post(f"{API}/checkout-invoice/create")
def create():
    if not _keys_ok():
        return {"response_code": "1001", "response_text": "Invalid keys"}
    body = request.get_json(silent=True) or {}
    invoice, actions = body.get("invoice") or {}, body.get("actions") or {}
    try:
        amount = int(invoice.get("total_amount"))
    except (TypeError, ValueError):
        return {"response_code": "1002", "response_text": "Invalid amount"}
    reference = (body.get("custom_data") or {}).get("reference") or ""
    app = current_app._get_current_object()
    tx = simulator.Transaction("paydunya", reference, amount, None, "manual", actions.get("callback_url"))
    tx.custom_data, tx.return_url = body.get("custom_data") or {}, actions.get("return_url")
    simulator.store(app).by_key[("paydunya", tx.token)] = tx  # one invoice per create, keyed by its token
    url = f"{app.config['PUBLIC_URL']}/paydunya/checkout/invoice/{tx.token}"
    return {"response_code": "00", "response_text": url, "description": "Checkout Invoice Created", "token": tx.token}


@bp.get(f"{API}/checkout-invoice/confirm/<token>")
def confirm(token):
    if not _keys_ok():
        return {"response_code": "1001", "response_text": "Invalid keys"}
    tx = simulator.store(current_app).get("paydunya", token)
    if tx is None:
        return {"response_code": "1004", "response_text": "Invoice Not Found"}
    tx.status_queries += 1
    return {"response_code": "00", "response_text": "Transaction Found", "status": CONFIRM_NAMES[tx.status],
            "invoice": {"token": token, "total_amount": tx.amount}, "custom_data": tx.custom_data,
            "customer": {"name": "", "phone": "", "email": ""}, "receipt_url": ""}


@bp.route("/checkout/invoice/<token>", methods=["GET", "POST"])
def checkout(token):
    app = current_app._get_current_object()
    tx = simulator.store(app).get("paydunya", token)
    if tx is None:
        return "Invoice not found", 404
    if request.method == "POST" and tx.status == "pending":
        paid = request.form.get("answer") == "pay"
        simulator.settle(app, tx, "paid" if paid else "failed", None if paid else "cancelled")
        if tx.return_url:
            return redirect(tx.return_url, 303)
    return render_template_string(CHECKOUT_PAGE, tx=tx)


def callback(app, tx, bad_hash):
    if not tx.callback_url:
        return None
    key = app.config["CREDENTIALS"]["PAYDUNYA_MASTER_KEY"] + ("-forged" if bad_hash else "")
    form = {"data[hash]": hashlib.sha512(key.encode()).hexdigest(), "data[status]": CONFIRM_NAMES[tx.status],
            "data[invoice][token]": tx.token, "data[invoice][total_amount]": str(tx.amount)}
    form.update({f"data[custom_data][{k}]": str(v) for k, v in tx.custom_data.items()})
    return tx.callback_url, {"data": form}
