"""Talking tus to the studio from the test client, as a phone's script would."""
import re

TUS = {"Tus-Resumable": "1.0.0"}


def csrf_of(client, film):
    page = client.get(f"/studio/films/{film.id}").get_data(as_text=True)
    return re.search(r'data-csrf="([^"]+)"', page).group(1)


def create_upload(client, film, csrf, length, name="film.mp4", kind="video"):
    response = client.post(f"/studio/films/{film.id}/televersements?kind={kind}&name={name}",
                           headers={**TUS, "Upload-Length": str(length), "X-CSRFToken": csrf})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.headers["Location"]


def send_chunk(client, url, csrf, offset, chunk):
    return client.patch(url, data=chunk, headers={**TUS, "Upload-Offset": str(offset), "X-CSRFToken": csrf,
                                                  "Content-Type": "application/offset+octet-stream"})
