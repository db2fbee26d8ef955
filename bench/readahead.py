"""What a viewer pays for while watching: bytes fetched after 20 s and 60 s of play, in Chromium.

Usage: .venv/bin/python bench/readahead.py [--seconds 180]

The real film's first N seconds (Big Buck Bunny, scripts/fetch-film) go the production way:
studio upload, `flask jobs worker --queue transcode`, gunicorn on PostgreSQL. Then Debian's
Chromium plays the data-saver quality twice: through the page's loader, and as a plain
`<video>` (`?mse=0`, what a browser does on its own). Bytes are every video response's body
and headers (Playwright's request sizes). The target for the loader:

    bytes after t seconds of play ≤ (t + 30 s ahead) × the rendition's rate + one fragment

with the rate its size over its length, and the fragment the largest one in its sidx.
Figures go to bench/results/readahead-*.json.
"""
import argparse
import html
import json
import os
import re
import struct
import sys

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import harness  # noqa: E402
from app.demo import real_film  # noqa: E402
from bench.browser import CHROMIUM_ARGS  # noqa: E402
from bench.filmmaker import Filmmaker, follow_transcode  # noqa: E402
from bench.transcode import PHONE, PASSWORD, transcode_worker  # noqa: E402

AHEAD_S = 30
MOMENTS = (20, 60)
VIDEO = "document.querySelector('video')"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=180, help="the film's first N seconds (at least 120)")
    args = parser.parse_args()
    source = real_film.cut(max(args.seconds, 120))
    with harness.bench_environment() as env:
        harness.flask(env, "db", "upgrade")
        harness.flask(env, "accounts", "create-admin", PHONE, "--password", PASSWORD)
        with harness.gunicorn(env, workers=2) as url:
            with transcode_worker(env):
                slug = publish(env, url, source)
            result = measure(url, slug)
    print_table(result)
    print(f"\nSaved {harness.save('readahead', result)}")
    return 0 if all(m["within"] for m in result["loader"]) else 1


def publish(env, url, source):
    maker = Filmmaker(url, PHONE, PASSWORD)
    try:
        maker.sign_in()
        film_id = maker.create_film(real_film.TITLE)
        maker.upload(film_id, source)
        follow_transcode(env["DATABASE_URL"], film_id, timeout=3600)
    finally:
        maker.close()
    harness.query(env, f"UPDATE films SET status = 'published', published_at = now() WHERE id = {film_id} RETURNING id")
    return harness.query(env, f"SELECT slug FROM films WHERE id = {film_id}")[0][0]


def rendition_figures(url, slug):
    """The data-saver rendition's link, rate (bytes a second) and largest fragment, as a phone sees them."""
    with httpx.Client(base_url=url, timeout=60) as http:
        page = http.get(f"/films/{slug}/regarder").text
        ladder = json.loads(html.unescape(re.search(r"data-ladder='([^']+)'", page).group(1)))
        first = ladder["qualities"][ladder["q"]][0]
        head = http.get(first["src"], headers={"Range": "bytes=0-131071"}).content
    return first, first["bps"] / 8, max(fragment_sizes(head))


def fragment_sizes(head):
    """The sizes of the fragments the first sidx box lists (ISO 14496-12 §8.16.3)."""
    at = 0
    while at + 8 <= len(head):
        size, kind = struct.unpack(">I4s", head[at:at + 8])
        if kind == b"sidx":
            version, p = head[at + 8], at + 20
            p += 16 if version else 8
            count = struct.unpack(">H", head[p + 2:p + 4])[0]
            return [struct.unpack(">I", head[p + 4 + 12 * i:p + 8 + 12 * i])[0] & 0x7FFFFFFF for i in range(count)]
        at += size
    raise ValueError("no sidx")


def measure(url, slug):
    from playwright.sync_api import sync_playwright

    rendition, rate, fragment = rendition_figures(url, slug)
    result = {"rendition": f"{rendition['codec']}-{rendition['height']}", "bytes_per_second": round(rate),
              "largest_fragment": fragment, "ahead_s": AHEAD_S}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, suffix in (("loader", ""), ("native", "?mse=0")):
            result[name] = play(browser, f"{url}/films/{slug}/regarder{suffix}", rate, fragment)
        browser.close()
    return result


def play(browser, address, rate, fragment):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page, finished = context.new_page(), []
    # sizes are asked for afterwards: a blocking call inside an event handler deadlocks
    page.on("requestfinished", lambda request: "/v/" in request.url and finished.append(request))
    page.goto(address)
    page.evaluate(f"{VIDEO}.muted = true; void {VIDEO}.play().catch(() => {{}})")
    rows = []
    for moment in MOMENTS:
        page.wait_for_function(f"() => {VIDEO}.currentTime >= {moment}", timeout=(moment + 60) * 1000)
        played = page.evaluate(f"{VIDEO}.currentTime")
        limit = (played + AHEAD_S) * rate + fragment
        got = sum(sum(request.sizes()[part] for part in ("responseBodySize", "responseHeadersSize"))
                  for request in list(finished))
        rows.append({"played_s": round(played, 1), "bytes": got, "limit": round(limit), "within": got <= limit,
                     "seconds_of_film_fetched": round(got / rate, 1)})
    context.close()
    return rows


def print_table(result):
    print(f"Rendition {result['rendition']}: {result['bytes_per_second'] * 8 / 1000:.0f} kbit/s, largest fragment "
          f"{result['largest_fragment'] / 1e3:.0f} KB; target {result['ahead_s']} s ahead\n")
    rows = []
    for name in ("loader", "native"):
        for row in result[name]:
            rows.append([name, row["played_s"], f"{row['bytes'] / 1e6:.2f}", f"{row['limit'] / 1e6:.2f}",
                         row["seconds_of_film_fetched"], "yes" if row["within"] else "no"])
    print(harness.markdown_table(["Player", "Played s", "MB fetched", "Target MB", "Seconds of film fetched",
                                  "Within target"], rows))


if __name__ == "__main__":
    sys.exit(main())
