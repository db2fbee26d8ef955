"""Limits hold across gunicorn workers: they are counted in Redis, not in each worker's memory.

The app runs as the README's production block says, which does not name a limit storage."""
import re
import threading
import time
from urllib.parse import urlencode

import httpx
import pytest

from tests.gunicorn import production_app


@pytest.fixture(scope="module")
def served():
    with production_app(workers=2, CODE_ENTRY_LIMIT_PER_IP="20") as served:
        yield served


@pytest.fixture(autouse=True)
def _fresh_limits(served):
    yield
    served.reset_limits()


def _waiting_browser(served, path, data=None):
    """Cookies and form token of a browser that opened `path` (and sent `data` to it)."""
    with httpx.Client(base_url=served.url, timeout=30) as browser:
        token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get(path).text).group(1)
        if data is not None:
            assert browser.post(path, data={**data, "csrf_token": token}).status_code == 303
        return dict(browser.cookies), token


def _slowly(body):
    """A body sent as a phone on 2G would: the worker reading it cannot take the next request,
    so simultaneous requests are shared between the workers."""
    yield body[:-1]
    time.sleep(0.4)
    yield body[-1:]


def _all_at_once(served, sends):
    """Sends every (cookies, path, form) at the same moment, each on its own connection; checks
    that both workers answered some."""
    start, answers = threading.Barrier(len(sends)), []
    _, log_end = served.workers_answering()

    def send(cookies, path, form):
        body = urlencode(form).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": str(len(body))}
        with httpx.Client(base_url=served.url, cookies=cookies, timeout=60) as browser:
            start.wait()
            answers.append(browser.post(path, content=_slowly(body), headers=headers))

    threads = [threading.Thread(target=send, args=sent) for sent in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(served.workers_answering(since=log_end)[0]) == 2
    return sorted(answers, key=lambda answer: answer.status_code)


def _statuses(answers):
    return [answer.status_code for answer in answers]


def test_the_fourth_code_for_one_number_is_refused_whichever_worker_answers(served):
    cookies, token = _waiting_browser(served, "/connexion/code")
    answers = _all_at_once(served, [(cookies, "/connexion/code", {"phone": "90 88 88 01", "csrf_token": token})] * 10)
    assert _statuses(answers) == [303] * 3 + [429] * 7
    refused = answers[-1]
    assert 'value="90 88 88 01"' in refused.text and "réessayer dans" in refused.text
    assert int(refused.headers["Retry-After"]) > 3000
    assert served.limit_keys(), "the limits are counted in Redis"


def test_fifteen_code_entries_an_hour_per_number_across_workers(served):
    cookies, token = _waiting_browser(served, "/connexion/code", {"phone": "90 88 88 02"})
    answers = _all_at_once(served, [(cookies, "/connexion/code/verifier", {"code": "000000", "csrf_token": token})] * 18)
    assert _statuses(answers) == [422] * 15 + [429] * 3


def test_code_entries_per_address_hold_across_workers_and_numbers(served):
    sends = []
    for n in range(4):
        cookies, token = _waiting_browser(served, "/connexion/code", {"phone": f"90 88 88 1{n}"})
        sends += [(cookies, "/connexion/code/verifier", {"code": "000000", "csrf_token": token})] * 7
    assert _statuses(_all_at_once(served, sends)) == [422] * 20 + [429] * 8


def test_with_redis_unreachable_each_worker_still_limits_on_its_own():
    with production_app(workers=1, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0") as alone:
        cookies, token = _waiting_browser(alone, "/connexion/code")
        with httpx.Client(base_url=alone.url, cookies=cookies, timeout=30) as browser:
            answers = [browser.post("/connexion/code", data={"phone": "90 88 88 20", "csrf_token": token})
                       for _ in range(4)]
    assert _statuses(answers) == [303, 303, 303, 429]
