"""A burst of payers, the production way: how long from "Contribuer" to the prompt, and to the end.

    .venv/bin/python bench/payments.py [--payers 200] [--workers 2] [--gunicorn-workers 4]

Serves Karangou with gunicorn on a throw-away database, runs real `flask jobs worker`
processes and the provider simulator as its own process (PayGate, numbers ending in 01:
the payer approves at once). Every payer opens the pay form (its CSRF token and one-time
key), all of them press "Contribuer" at the same moment, then each follows its payment
page every 3 s as the page itself does. The prompt time is when the simulator received the
pay request (the phone rings); the final time is when the payment was committed
`succeeded`. Prints p50/p95/max of both, runs `flask payments check-ledger` (which must
pass) and writes bench/results/payments-*.json.
"""
import argparse
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import httpx

import harness

sys.path.insert(0, str(harness.ROOT))
from app.payments.providers import SIMULATOR_CREDENTIALS  # noqa: E402

PROJECT = "BENCH1"
FOLLOW_SECONDS = 3  # the payment page refreshes itself every 3 s (templates/payments/_status.html)
MAKE_PROJECT = f"""
from app import create_app
from app.extensions import db
from app.funding.models import Project
from app.timeutil import utcnow
from datetime import timedelta
app = create_app()
with app.app_context():
    db.session.add(Project(short_code="{PROJECT}", title="Le film du banc d'essai", goal_fcfa=10_000_000,
                           status="live", ends_at=utcnow() + timedelta(days=30)))
    db.session.commit()
"""


def provider_env(env, simulator_url, public_url, payers):
    env.update(SIMULATOR_CREDENTIALS)
    env.update({"KARANGOU_DEMO": "1", "PUBLIC_BASE_URL": public_url, "PAYGATE_BASE_URL": f"{simulator_url}/paygate",
                "MTN_MOMO_BASE_URL": f"{simulator_url}/mtn",
                "PAYDUNYA_BASE_URL": f"{simulator_url}/paydunya/sandbox-api/v1",
                "PAYMENT_LIMIT_PER_IP": str(payers + 10), "LOG_LEVEL": "WARNING"})
    return env


@contextmanager
def processes(commands, env):
    running = [subprocess.Popen(command, cwd=harness.ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL) for command in commands]
    try:
        yield running
    finally:
        for process in running:
            process.terminate()
        for process in running:
            process.wait(timeout=30)


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout} s")


class Payer:
    """One phone: opens the form, waits for the others, pays, follows its payment page."""

    def __init__(self, base, number, start_line):
        self.base, self.start_line = base, start_line
        self.phone = f"90{number:04d}01"  # distinct numbers (3 requests per number and hour), 01: approves
        self.submitted = self.answered = self.code = self.error = None

    def __call__(self):
        try:
            return self.pay_and_follow()
        except Exception as error:  # noqa: BLE001  (a failed payer is counted, not fatal to the run)
            self.error = repr(error)
            return self

    def pay_and_follow(self):
        with httpx.Client(base_url=self.base, timeout=60) as http:
            form = http.get(f"/projets/{PROJECT}/contribuer").text
            fields = {name: re.search(rf'name="{name}" value="([^"]+)"', form).group(1)
                      for name in ("csrf_token", "key")}
            self.start_line.wait()
            self.submitted = time.time()
            answer = http.post(f"/projets/{PROJECT}/contribuer", data={
                **fields, "amount": "1000", "phone": self.phone, "pay_by": "mobile", "operator": "auto"})
            self.answered = time.time()
            if answer.status_code != 303:
                self.error = f"HTTP {answer.status_code}"
                return self
            self.code = answer.headers["Location"].rstrip("/").rsplit("/", 1)[1]
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                page = http.get(f"/paiements/{self.code}").text
                if 'id="payment-status" hx-get' not in page:  # final: the page stops refreshing
                    return self
                time.sleep(FOLLOW_SECONDS)
            self.error = "not final after 180 s"
        return self


def run_burst(base, payers):
    start_line = threading.Barrier(payers, timeout=300)
    crowd = [Payer(base, n, start_line) for n in range(payers)]
    with ThreadPoolExecutor(max_workers=payers) as pool:
        list(pool.map(lambda payer: payer(), crowd))
    return crowd


def figures(env, crowd, simulator_url):
    sent = httpx.get(f"{simulator_url}/control/transactions").json()["transactions"]
    prompted = {t["reference"]: t["created"] for t in sent}
    rows = harness.query(env, "SELECT short_code, reference, status, extract(epoch FROM finished_at) FROM payments")
    by_code = {code: (reference, status, finished) for code, reference, status, finished in rows}
    to_answer, to_prompt, to_final, statuses = [], [], [], {}
    for payer in crowd:
        if payer.code is None:
            continue
        reference, status, finished = by_code[payer.code]
        to_answer.append(payer.answered - payer.submitted)
        statuses[status] = statuses.get(status, 0) + 1
        if reference in prompted:
            to_prompt.append(prompted[reference] - payer.submitted)
        if status == "succeeded":
            to_final.append(float(finished) - payer.submitted)
    return to_answer, to_prompt, to_final, statuses


def summary(values):
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "p50": round(statistics.median(ordered), 2), "p95": round(p95, 2),
            "max": round(ordered[-1], 2)}


def report(result, path):
    rows = [(name, figure["n"], figure.get("p50"), figure.get("p95"), figure.get("max"))
            for name, figure in (("submit → page answered", result["to_answer_s"]),
                                 ("submit → prompt", result["to_prompt_s"]),
                                 ("submit → succeeded", result["to_final_s"]))]
    print(harness.markdown_table(["seconds", "payments", "p50", "p95", "max"], rows))
    print(f"\n{result['payers']} payers, {result['workers']} workers, gunicorn {result['gunicorn_workers']}; "
          f"statuses {result['statuses']}; {result['error_count']} errors; "
          f"load average before {result['load_average_before'][0]:.1f}")
    print(f"check-ledger: {result['ledger']}\nJSON: {path.relative_to(harness.ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--payers", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2, help="`flask jobs worker` processes")
    parser.add_argument("--gunicorn-workers", type=int, default=4)
    args = parser.parse_args()
    load_before = harness.os.getloadavg()
    with harness.bench_environment() as env:
        simulator_port, web_port = harness.free_port(), harness.free_port()
        simulator_url, base = f"http://127.0.0.1:{simulator_port}", f"http://127.0.0.1:{web_port}"
        provider_env(env, simulator_url, base, args.payers)
        harness.flask(env, "db", "upgrade")
        subprocess.run([sys.executable, "-c", MAKE_PROJECT], cwd=harness.ROOT, env=env, check=True)
        simulator = [sys.executable, "-m", "app.simulator", "--port", str(simulator_port),
                     "--paygate-callback", f"{base}/paiements/rappel/paygate"]
        worker = [sys.executable, "-m", "flask", "jobs", "worker"]
        with processes([simulator] + [worker] * args.workers, env), \
                harness.gunicorn(env, workers=args.gunicorn_workers, port=web_port):
            wait_for(f"{simulator_url}/control/transactions")
            started = time.monotonic()
            crowd = run_burst(base, args.payers)
            elapsed = time.monotonic() - started
            to_answer, to_prompt, to_final, statuses = figures(env, crowd, simulator_url)
        ledger = subprocess.run([sys.executable, "-m", "flask", "payments", "check-ledger"], cwd=harness.ROOT,
                                env=env, capture_output=True, text=True)
    errors = [payer.error for payer in crowd if payer.error]
    result = {"payers": args.payers, "workers": args.workers, "gunicorn_workers": args.gunicorn_workers,
              "to_answer_s": summary(to_answer), "to_prompt_s": summary(to_prompt),
              "to_final_s": summary(to_final), "statuses": statuses,
              "errors": errors[:10], "error_count": len(errors), "burst_seconds": round(elapsed, 1),
              "ledger": (ledger.stdout + ledger.stderr).strip(), "load_average_before": load_before}
    report(result, harness.save("payments", result))
    if ledger.returncode != 0 or errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
