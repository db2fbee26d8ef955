"""`python -m app.simulator --port 8765 --paygate-callback http://127.0.0.1:5000/paiements/rappel/paygate`"""
import argparse
import logging

from werkzeug.serving import make_server

from app.payments.providers import SIMULATOR_CREDENTIALS
from app.simulator import create_simulator


def main():
    parser = argparse.ArgumentParser(description="Payment provider simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--paygate-callback", default=None, help="the URL set in PayGate's dashboard")
    parser.add_argument("--slow-seconds", type=float, default=3.0)
    parser.add_argument("--approve-delay", type=float, default=0.2)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    app = create_simulator(SIMULATOR_CREDENTIALS, paygate_callback_url=args.paygate_callback,
                           public_url=f"http://{args.host}:{args.port}", approve_delay=args.approve_delay,
                           slow_seconds=args.slow_seconds)
    server = make_server(args.host, args.port, app, threaded=True)
    print(f"simulator listening on http://{args.host}:{args.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
