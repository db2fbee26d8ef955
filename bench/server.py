"""Server throughput and latency per page, the production way, on a catalogue of planned size.

    .venv/bin/python bench/server.py [--pages home,search] [--duration 10] [--connections 16] [--member]

Builds a throw-away PostgreSQL database with `flask demo scale` (5,000 films, 500 projects,
100,000 contributions, 1,000,000 viewings), serves it with gunicorn (JOBS_INLINE=false,
Redis), and hits each page with wrk on loopback for a fixed time at fixed concurrency, asking
for brotli as a phone does. Prints a Markdown table, writes bench/results/server-*.json and
drops the database. wrk runs on the same machine as the server and takes part of its CPU.

`--member`: every request carries the cookies of one signed-in member (signed in once through
the real form), who has films to continue, a rating and a film in their list: the pages a
member sees, with their personal parts.
"""
import argparse
import json
import shutil
import subprocess
import sys
import re
import tempfile

import httpx

import harness

SCALE = {"films": 5000, "projects": 500, "contributions": 100_000, "viewings": 1_000_000}
WORKERS = 4  # the README's production command: two per core on a 2-core machine

# name -> path; {film} and {project} are filled from the scaled data. Add new pages here.
PAGES = {
    "home": "/",
    "browse": "/films?genre=drame&country=TG&page=2",
    "search": "/recherche?q=harmattan",
    "film": "/films/{film}",
    "player": "/films/{film}/regarder",  # scaled films have no video: skipped until they do
    "project": "/projets/{project}",
    "discover": "/projets",
    "short-link": "/p/{project}",
    "contribute": "/projets/{project}/contribuer",
}

WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"errors": %d}\\n', summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("Installing wrk (Debian)...", flush=True)
    sudo = [] if harness.os.geteuid() == 0 else ["sudo"]
    env = dict(harness.os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env, stdout=subprocess.DEVNULL)


MEMBER_PHONE, MEMBER_PASSWORD = "+22890000042", "banc-d-essai-2026"
# The same on sign-in and under wrk: Flask-Login ties a session to its address and browser
# (session protection), and wrk never sends back the cookie it would refresh otherwise.
USER_AGENT = "karangou-bench"


def member_cookie(env, base, film):
    """Signs a member in through the form, once; the Cookie header every request then sends."""
    created = harness.flask(env, "accounts", "create-admin", MEMBER_PHONE, "--password", MEMBER_PASSWORD)
    print(created, flush=True)
    with harness.psycopg.connect(env["DATABASE_URL"]) as conn:
        (user_id,), = conn.execute("UPDATE users SET role = 'viewer' WHERE phone = %s RETURNING id",
                                   (MEMBER_PHONE,)).fetchall()
        conn.execute("INSERT INTO viewings (viewer_key, user_id, film_id, position_s, completed, started_at, updated_at)"
                     " SELECT %s, %s, id, 600, false, now(), now() FROM films WHERE status = 'published'"
                     " ORDER BY views_count DESC, id LIMIT 8", (f"u{user_id}", user_id))
        conn.execute("INSERT INTO favourites (user_id, film_id, created_at) SELECT %s, id, now() FROM films"
                     " WHERE slug = %s", (user_id, film))
    with httpx.Client(base_url=base, timeout=10, headers={"User-Agent": USER_AGENT}) as client:
        form = client.get("/connexion").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        signed_in = client.post("/connexion", data={"phone": MEMBER_PHONE, "password": MEMBER_PASSWORD,
                                                    "csrf_token": token})
        assert signed_in.status_code == 303, signed_in.status_code
        assert "/compte" in client.get("/").text  # the session is complete once a page was seen
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def wrk(url, duration, connections, script, cookie=None):
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", script,
               "-H", "Accept-Encoding: br", "-H", f"User-Agent: {USER_AGENT}",
               *(["-H", f"Cookie: {cookie}"] if cookie else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    figures = json.loads(output.strip().splitlines()[-1])
    seconds = figures["duration_us"] / 1e6
    return {"rps": round(figures["requests"] / seconds, 1), "p50_ms": round(figures["p50_us"] / 1000, 1),
            "p99_ms": round(figures["p99_us"] / 1000, 1), "max_ms": round(figures["max_us"] / 1000, 1),
            "requests": figures["requests"], "errors": figures["errors"]}


def load_pages(env, names, connections, duration, script, member=False):
    """Serves the scaled data with gunicorn and puts each page under load in turn."""
    (film,), = harness.query(env, "SELECT slug FROM films ORDER BY views_count DESC, id LIMIT 1")
    (project,), = harness.query(env, "SELECT short_code FROM projects WHERE status = 'live' ORDER BY id LIMIT 1")
    results = {}
    with harness.gunicorn(env, workers=WORKERS) as base:
        cookie = member_cookie(env, base, film) if member else None
        for name in names:
            path = PAGES[name].format(film=film, project=project)
            status = harness.status_of(base + path)
            if status != 200:
                print(f"{name}: {path} answers {status}, skipped", flush=True)
                continue
            wrk(base + path, 2, connections, script, cookie)  # warm-up: connections, caches, plans
            results[name] = {"path": path, **wrk(base + path, duration, connections, script, cookie)}
            print(f"{name}: {results[name]}", flush=True)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated: " + ", ".join(PAGES))
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--films", type=int, default=SCALE["films"])
    parser.add_argument("--member", action="store_true", help="as a signed-in member (cookies), not anonymously")
    args = parser.parse_args()
    names = [n for n in args.pages.split(",") if n]
    unknown = set(names) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    ensure_wrk()
    scale = dict(SCALE, films=args.films, projects=min(SCALE["projects"], args.films))
    with harness.bench_environment() as env, tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_REPORT)
        script.flush()
        harness.flask(env, "db", "upgrade")
        print("Building the data set:", harness.flask(env, "demo", "scale", *[f"--{k}={v}" for k, v in scale.items()]),
              flush=True)
        results = load_pages(env, names, args.connections, args.duration, script.name, args.member)
    table = harness.markdown_table(
        ["page", "req/s", "median ms", "p99 ms", "errors"],
        [[n, r["rps"], r["p50_ms"], r["p99_ms"], r["errors"]] for n, r in results.items()],
    )
    path = harness.save("server", {"scale": scale, "workers": WORKERS, "connections": args.connections,
                                   "visitor": "member" if args.member else "anonymous",
                                   "duration_s": args.duration, "pages": results})
    print(f"\nServer: gunicorn {WORKERS} workers, wrk {args.connections} connections, {args.duration} s per page, "
          f"{scale['films']} films, {'a signed-in member' if args.member else 'anonymous'}\n\n{table}\n\nJSON: {path.relative_to(harness.ROOT)}")
    return 0 if all(r["errors"] == 0 for r in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
