// Resumable uploads (tus 1.0): asks how much arrived, sends the rest in small chunks.
// The upload URL is kept in localStorage, so a reload or a lost connection resumes.
"use strict";
const CHUNK = 256 * 1024;
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function tus(url, method, csrf, headers, body) {
  return fetch(url, { method, body, credentials: "same-origin",
    headers: { "Tus-Resumable": "1.0.0", "X-CSRFToken": csrf, ...headers } });
}
async function send(form, file) {
  const bar = form.querySelector("progress"), out = form.querySelector("output");
  const key = "tus:" + form.dataset.url + ":" + file.name + ":" + file.size + ":" + file.lastModified;
  const csrf = form.dataset.csrf;
  let url = localStorage.getItem(key), offset = 0;
  bar.hidden = false;
  for (let tries = 0; tries < 1000; tries++) {
    try {
      if (url) {
        const head = await tus(url, "HEAD", csrf, {});
        if (head.ok) offset = +head.headers.get("Upload-Offset"); else url = null;
      }
      if (!url) {
        const made = await tus(form.dataset.url + "&name=" + encodeURIComponent(file.name), "POST", csrf,
          { "Upload-Length": String(file.size) });
        if (!made.ok) { out.textContent = await made.text(); return; }
        url = made.headers.get("Location"); offset = 0; localStorage.setItem(key, url);
      }
      while (offset < file.size) {
        const res = await tus(url, "PATCH", csrf, { "Upload-Offset": String(offset),
          "Content-Type": "application/offset+octet-stream" }, file.slice(offset, offset + CHUNK));
        if (res.status === 409) break;  // the server has another offset: ask again
        if (!res.ok) {  // refused (the server says why) or gone: the next try starts afresh
          if ([404, 410, 413, 422].includes(res.status)) localStorage.removeItem(key);
          out.textContent = (await res.text()) || form.dataset.rejected; return;
        }
        offset = +res.headers.get("Upload-Offset");
        bar.value = Math.floor((offset * 100) / file.size);
        out.textContent = bar.value + " %";
      }
      if (offset >= file.size) { localStorage.removeItem(key); out.textContent = form.dataset.done; return; }
    } catch (e) {
      out.textContent = form.dataset.offline;
      await wait(Math.min(30000, 1000 * 2 ** Math.min(tries, 5)));  // offline: try again later
    }
  }
}
document.querySelectorAll("form.up").forEach((form) => form.addEventListener("submit", (e) => {
  e.preventDefault();
  const file = form.querySelector("input[type=file]").files[0];
  if (file) send(form, file);
}));
