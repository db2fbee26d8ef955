"""The pretend payer's phone (demo page) and a few controls the tests drive over HTTP."""
from flask import Blueprint, abort, current_app, redirect, render_template_string, request

from app import simulator

bp = Blueprint("sim_payer", __name__)

PHONE_PAGE = """<!doctype html><meta name="viewport" content="width=device-width">
<title>Phone (simulator)</title><h1>Your phone — simulator</h1>
<p>Numbers ending in 01 approve, 02 decline, 03 never answer, 04 answer slowly, 05 call back twice,
06 lose the callback, 07 send a bad hash, 08 get a server error. Any other number waits here.</p>
{% for tx in transactions %}
<form method="post" action="{{ prefix }}/payer/{{ tx.provider }}/{{ key(tx) }}">
<p>{{ tx.provider }} · {{ tx.amount }} FCFA · {{ tx.status }}</p>
{% if tx.status == 'pending' %}<button name="answer" value="approve">Approve on your phone</button>
<button name="answer" value="decline">Decline</button>{% endif %}
</form>
{% else %}<p>No payment request.</p>{% endfor %}"""


def _key(tx):
    return tx.token if tx.provider == "paydunya" else tx.reference


def _find(provider, key):
    tx = simulator.store(current_app).get(provider, key)
    if tx is None:
        abort(404)
    return tx


@bp.get("/payer")
def phone():
    app = current_app._get_current_object()
    transactions = sorted(simulator.store(app).all(), key=lambda t: -t.created)[:20]
    return render_template_string(PHONE_PAGE, transactions=transactions, key=_key, prefix=request.script_root)


@bp.get("/payer/<provider>/<key>")
def phone_for(provider, key):
    return render_template_string(PHONE_PAGE, transactions=[_find(provider, key)], key=_key,
                                  prefix=request.script_root)


@bp.post("/payer/<provider>/<key>")
def answer(provider, key):
    """The payer taps approve or decline on the prompt; the tests may ask for the callback to be lost."""
    app = current_app._get_current_object()
    tx = _find(provider, key)
    approved = request.form.get("answer") == "approve"
    callbacks = 0 if request.form.get("callback") == "lost" else 1
    simulator.settle(app, tx, "paid" if approved else "failed", None if approved else "APPROVAL_REJECTED",
                     callbacks=callbacks)
    return redirect(tx.return_url or f"{request.script_root}/payer", 303)


@bp.post("/control/<provider>/<key>/callbacks")
def resend_callbacks(provider, key):
    """Delivers the provider's callback again, `times` times, with a bad hash if asked."""
    app = current_app._get_current_object()
    tx = _find(provider, key)
    times = min(int(request.args.get("times", 1)), 50)
    simulator.send_callbacks(app, tx, times, bad_hash=request.args.get("bad_hash") == "1")
    return {"queued": times}


@bp.post("/control/<provider>/<key>/records")
def change_records(provider, key):
    """What the provider's records say was asked (amount, currency), as a faulty or tampered provider would."""
    tx = _find(provider, key)
    if request.form.get("amount"):
        tx.amount = int(request.form["amount"])
    if request.form.get("currency"):
        tx.currency = request.form["currency"]
    return {"amount": tx.amount, "currency": tx.currency}


@bp.post("/control/reset")
def reset():
    """An empty provider again: no payment, payout or refund (the tests' books start empty)."""
    simulator.reset(current_app._get_current_object())
    return {"reset": True}


@bp.get("/control/transactions")
def transactions():
    app = current_app._get_current_object()
    return {"transactions": [
        {"provider": tx.provider, "reference": tx.reference, "key": _key(tx), "status": tx.status,
         "behaviour": tx.behaviour, "amount": tx.amount, "callbacks_sent": tx.callbacks_sent,
         "status_queries": tx.status_queries, "created": tx.created}
        for tx in simulator.store(app).all()]}
