"""The printable QR code poster of a project's short link."""
import re
import xml.etree.ElementTree as ET

import segno

from app.extensions import db
from tests.factories import log_in, make_project, make_user

SVG = "{http://www.w3.org/2000/svg}"


def _modules(svg_root):
    """The dark modules the poster's QR path draws, as a set of (x, y), read back from the SVG."""
    qr = svg_root.find(f"{SVG}svg")
    path = qr.find(f"{SVG}path").get("d")
    dark, x, y = set(), 0.0, 0.0
    for command, number in re.findall(r"([Mmhv])(-?[\d.]+(?: -?[\d.]+)?)", path):
        values = [float(v) for v in number.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            dark.update((int(x + i), int(y)) for i in range(int(values[0])))
            x += values[0]
    return dark


def test_the_poster_is_a_small_a4_svg_whose_code_holds_the_short_link(app, client):
    project = make_project(code="FATOU2", title="Fatou capitaine & l’équipe <de> Rufisque, saison des pluies")
    db.session.commit()
    response = client.get("/p/fatou2/affiche.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    body = response.get_data()
    assert len(body) < 8_000
    root = ET.fromstring(body)  # well-formed: the title's & and < are escaped
    assert (root.get("width"), root.get("height")) == ("210mm", "297mm")
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Soutenez ce film sur Karangou" in texts and "Fatou capitaine &" in texts and "/p/FATOU2" in texts
    link = [t.text for t in root.iter(f"{SVG}text")][-1]
    expected = segno.make("http://" + link, error="m")
    matrix = expected.matrix
    size = len(matrix)
    wanted = {(x + 4, y + 4) for y in range(size) for x in range(size) if matrix[y][x]}
    assert _modules(root) == wanted
    assert project.short_code in link


def test_the_poster_speaks_english_and_only_for_public_projects(app, client):
    make_project(code="LIVE1")
    make_project(code="DRAFT1", status="draft")
    db.session.commit()
    client.set_cookie("lang", "en")
    english = client.get("/p/LIVE1/affiche.svg", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Support this film on Karangou" in english
    assert client.get("/p/DRAFT1/affiche.svg").status_code == 404
    assert client.get("/p/NOPE/affiche.svg").status_code == 404


def test_the_public_and_studio_project_pages_link_to_the_poster(app, client):
    owner = make_user("filmmaker")
    project = make_project(code="LIVE2", owner_id=owner.id)
    db.session.commit()
    assert "/p/LIVE2/affiche.svg" in client.get("/projets/LIVE2").get_data(as_text=True)
    log_in(client, owner)
    assert "/p/LIVE2/affiche.svg" in client.get(f"/studio/projets/{project.id}").get_data(as_text=True)
