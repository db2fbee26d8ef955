"""Key pages in headless Chromium on an emulated 2G, EDGE and 3G phone, against their physical floor.

    .venv/bin/python bench/pages.py [--pages home,film] [--profiles 2g] [--save-data]

Starts the app the production way (gunicorn, PostgreSQL, Redis) on a throw-away database
filled by `flask demo seed --no-video` (one film, the one measured, gets a transcoded clip
so that its player page exists), then loads each page in a fresh browser context
(360×740 phone, CPU slowed 4×, link emulated by CDP) twice: cold, then again in the same
context (HTTP cache and service worker warm). Prints a Markdown table, writes
bench/results/pages-*.json and drops the database. Definitions are in bench/browser.py.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import browser as chromium
import harness

# name -> path; {film}, {project}, {genre}, {browse_page} are filled from the demo data.
# Pages that answer 404 here (not built yet) are reported and skipped. Add new pages here.
PAGES = {
    "home": "/",
    "browse": "/films?genre={genre}&page={browse_page}",
    "search": "/recherche?q=village",
    "film": "/films/{film}",
    "player": "/films/{film}/regarder",
    "project": "/projets/{project}",
    "discover": "/projets",
    "short-link": "/p/{project}",
    "contribute": "/projets/{project}/contribuer",
    "conversation": "/films/{film}/discussion",
    "talents": "/talents",
    "contest": "/concours/lome-en-60-secondes",
}
CATALOGUE = ("home", "browse", "search")  # first visit with posters must stay under 60 KB
CATALOGUE_BUDGET = 60 * 1024

PROFILES = {
    "2g": {"down_kbps": 250, "up_kbps": 50, "rtt_ms": 300, "ect": "2G"},
    "edge": {"down_kbps": 150, "up_kbps": 50, "rtt_ms": 450, "ect": "2G"},  # upload not specified: as 2g
    "3g": {"down_kbps": 750, "up_kbps": 250, "rtt_ms": 100, "ect": "3G"},
}
CPU_SLOWDOWN = 4
VIEWPORT = {"width": 360, "height": 740}
INITIAL_WINDOW = 10 * 1460  # bytes: TCP initial congestion window of 10 segments (RFC 6928)


def floor_ms(total_bytes, profile, tls=False):
    """The fastest this many bytes can arrive on the link, whatever the page does.

    One round trip to connect (+1 for TLS 1.3), one for the request, the bytes at link rate,
    and the waits of TCP slow start: the window starts at 10 segments and doubles each round
    trip; the sender stalls whenever a window drains before its acknowledgement is back.
    """
    rtt, rate = profile["rtt_ms"] / 1000, profile["down_kbps"] * 1000 / 8
    seconds = rtt * (3 if tls else 2) + total_bytes / rate
    sent, window = 0, INITIAL_WINDOW
    while sent + window < total_bytes:
        seconds += max(0.0, rtt - window / rate)
        sent, window = sent + window, window * 2
    return round(seconds * 1000)


def resolve_paths(env):
    (film, project), = harness.query(env, """SELECT f.slug, p.short_code FROM projects p JOIN films f ON f.id = p.film_id
        WHERE p.status = 'live' ORDER BY p.id LIMIT 1""")
    (genre, count), = harness.query(env, """SELECT g.slug, count(*) FROM film_genres fg JOIN genres g ON g.id = fg.genre_id
        JOIN films f ON f.id = fg.film_id AND f.status = 'published' GROUP BY g.slug ORDER BY count(*) DESC, g.slug
        LIMIT 1""")
    values = {"film": film, "project": project, "genre": genre, "browse_page": 2 if count > 12 else 1}
    return {name: path.format(**values) for name, path in PAGES.items()}


def give_a_video(env, slug):
    """The player page needs a transcoded film: a 12 s clip, added and transcoded as an upload is."""
    with tempfile.TemporaryDirectory() as folder:
        clip = os.path.join(folder, "source.mp4")
        make = f"from app.media.video import make_test_film; make_test_film({clip!r}, 'Karangou', seconds=12)"
        subprocess.run([sys.executable, "-c", make], cwd=harness.ROOT, env=env, check=True)
        harness.flask(env, "watch", "add-source", slug, clip)
        harness.flask(env, "watch", "transcode", slug)


def run_page(browser, base, path, profile, save_data, dpr):
    headers = {"Save-Data": "on"} if save_data else {}
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=dpr, extra_http_headers=headers,
                                  is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        recorder = chromium.Recorder(cdp)
        workers = chromium.ServiceWorkerLink(browser, cdp, profile, recorder)
        chromium.emulate(cdp, profile, CPU_SLOWDOWN)
        cold = chromium.measure(page, recorder, base + path)
        page.goto("about:blank")
        repeat = chromium.measure(page, recorder, base + path)
        workers.close()
    finally:
        context.close()
    cold["floor_ms"] = floor_ms(cold["bytes"], profile)
    cold["floor_tls_ms"] = floor_ms(cold["bytes"], profile, tls=True)
    cold["ratio"] = round(cold["usable_ms"] / cold["floor_ms"], 2)
    return {"path": path, "cold": cold, "repeat": repeat, "service_workers": workers.attached + workers.failures}


def table(results):
    rows = []
    for key, r in results.items():
        cold, repeat = r["cold"], r["repeat"]
        kinds = "/".join(f"{cold['bytes_by_type'].get(t, 0) / 1024:.1f}" for t in ("html", "css", "js", "img"))
        rows.append([*key.split(" @ "), f"{cold['bytes'] / 1024:.1f} ({kinds})", cold["requests"], cold["ttfb_ms"],
                     cold["fcp_ms"], cold["lcp_ms"], cold["usable_ms"], cold["floor_ms"], cold["ratio"],
                     f"{repeat['bytes'] / 1024:.1f}", repeat["requests_on_wire"], repeat["usable_ms"]])
    return harness.markdown_table(
        ["page", "link", "cold KB (html/css/js/img)", "req", "TTFB ms", "FCP ms", "LCP ms", "usable ms",
         "floor ms", "usable/floor", "repeat KB", "repeat req on wire", "repeat usable ms"], rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--profiles", default=",".join(PROFILES), help="comma-separated: " + ", ".join(PROFILES))
    parser.add_argument("--save-data", action="store_true", help="send Save-Data: on, as Android's Data Saver does")
    parser.add_argument("--dpr", type=float, default=1.5, help="device pixel ratio (a cheap phone: 1.5)")
    args = parser.parse_args()
    names, profiles = args.pages.split(","), args.profiles.split(",")
    for chosen, known, what in ((names, PAGES, "pages"), (profiles, PROFILES, "profiles")):
        if set(chosen) - set(known):
            parser.error(f"unknown {what}: {', '.join(sorted(set(chosen) - set(known)))}")

    results, skipped = measure_all(names, profiles, args.save_data, args.dpr)
    report(results, skipped, profiles, args)
    return 0


def measure_all(names, profiles, save_data, dpr):
    """Serves the demo data and loads every page under every profile; drops the data after."""
    from playwright.sync_api import sync_playwright

    results, skipped = {}, {}
    with harness.bench_environment() as env:
        harness.flask(env, "db", "upgrade")
        harness.flask(env, "demo", "seed", "--no-video")
        paths = resolve_paths(env)
        give_a_video(env, paths["player"].split("/")[2])
        with harness.gunicorn(env, workers=2) as base, sync_playwright() as playwright:
            for name in list(names):
                status = harness.status_of(base + paths[name])
                if status != 200:
                    skipped[name] = status
                    names.remove(name)
                    print(f"{name}: {paths[name]} answers {status}, skipped", flush=True)
            for profile_name in profiles:
                profile = PROFILES[profile_name]
                args = chromium.CHROMIUM_ARGS + [f"--force-effective-connection-type={profile['ect']}"]
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
                try:
                    for name in names:
                        key = f"{name} @ {profile_name}"
                        results[key] = run_page(browser, base, paths[name], profile, save_data, dpr)
                        print(f"{key}: cold {results[key]['cold']}", flush=True)
                finally:
                    browser.close()
    return results, skipped


def report(results, skipped, profiles, args):
    over = [k for k, r in results.items() if k.split(" @ ")[0] in CATALOGUE and r["cold"]["bytes"] > CATALOGUE_BUDGET]
    path = harness.save("pages", {
        "profiles": {p: PROFILES[p] for p in profiles}, "cpu_slowdown": CPU_SLOWDOWN, "viewport": VIEWPORT,
        "dpr": args.dpr, "save_data": args.save_data, "skipped": skipped, "pages": results,
        "catalogue_over_60kb": over,
    })
    mode = "Save-Data: on" if args.save_data else "no hints (data-saver by default)"
    print(f"\nPages: Chromium, 360x740 at DPR {args.dpr}, CPU {CPU_SLOWDOWN}x slower, {mode}; "
          f"floor = connect + request + bytes at link rate + slow start, plain HTTP (TLS adds one round trip)\n")
    print(table(results))
    print(f"\nCatalogue first visits over 60 KB with posters: {', '.join(over) or 'none'}")
    unthrottled = sorted({w for r in results.values() for w in r["service_workers"] if w.startswith("not throttled")})
    if unthrottled:
        print(f"WARNING: service worker requests escaped the emulated link, repeat figures too good: {unthrottled}")
    if skipped:
        print(f"Not measured (no such page yet): {', '.join(f'{n} ({s})' for n, s in skipped.items())}")
    print(f"JSON: {path.relative_to(harness.ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
