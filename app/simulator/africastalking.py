"""Africa's Talking bulk SMS (version1/messaging) as our gateway client uses it.

The recipient's last two digits choose the answer, like the payment numbers: 03 gives
statusCode 403 (InvalidPhoneNumber), 08 an HTTP 500; any other number is accepted (101).
"""
import itertools

from flask import Blueprint, current_app, request

bp = Blueprint("sim_africastalking", __name__, url_prefix="/africastalking")
_ids = itertools.count(1)


@bp.post("/version1/messaging")
def messaging():
    if request.headers.get("apiKey") != current_app.config["CREDENTIALS"].get("AT_API_KEY"):
        return "The supplied authentication is invalid", 401
    to, message = request.form.get("to", ""), request.form.get("message", "")
    if not to or not message or not request.form.get("username"):
        return "Missing parameters", 400
    digits = "".join(c for c in to if c.isdigit())
    if digits.endswith("08"):
        return "Internal Server Error", 500
    outbox = current_app.config.setdefault("SMS_SENT", [])
    if digits.endswith("03"):
        recipient = {"statusCode": 403, "number": to, "status": "InvalidPhoneNumber", "cost": "0", "messageId": "None"}
    else:
        recipient = {"statusCode": 101, "number": to, "status": "Success", "cost": "XOF 20.0000",
                     "messageId": f"ATXid_{next(_ids):08d}"}
        outbox.append({"to": to, "message": message, "from": request.form.get("from"), "id": recipient["messageId"]})
    return {"SMSMessageData": {"Message": f"Sent to {int(recipient['statusCode'] == 101)}/1 Total Cost: XOF 20",
                               "Recipients": [recipient]}}, 201


@bp.get("/sent")
def sent():
    """For tests and demos: every message accepted so far."""
    return {"messages": current_app.config.get("SMS_SENT", [])}
