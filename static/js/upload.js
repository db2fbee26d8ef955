// tus 1.0 uploads; picking a pending file again (same name, size) resumes it.
"use strict";
{  // a block of its own: pwa.js shares the page's global scope
const CHUNK = 256 * 1024, RATE = 6250;  // 2G uplink, bytes/s
const n1 = new Intl.NumberFormat(document.documentElement.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;
const mb = (b) => n1(b / 1e6), fill = (text, v) => text.replace(/\{(\w+)\}/g, (_, k) => v[k]);
const time = (s, m = Math.ceil(s / 60)) => (m < 60 ? "" : ((m / 60) | 0) + " h ") + (m % 60) + " min";
const pause = (ms) => new Promise((go) => {  // or until back online
  const t = setTimeout(go, ms);
  addEventListener("online", () => { clearTimeout(t); go(); }, { once: true });
});
const tus = (url, method, csrf, headers, body, progress) => new Promise((resolve, reject) => {
  const x = new XMLHttpRequest();
  x.open(method, url);
  headers = { "Tus-Resumable": "1.0.0", "X-CSRFToken": csrf, ...headers };
  for (const k in headers) x.setRequestHeader(k, headers[k]);
  if (progress) x.upload.onprogress = (e) => progress(e.loaded);
  x.onload = () => resolve(x);
  x.onerror = x.onabort = reject;
  x.send(body);
});
const pendingFor = (form, file) => [...form.querySelectorAll("[data-size]")]
  .find((p) => p.dataset.name === file.name.slice(0, 200) && +p.dataset.size === file.size);
function meter(form, size, out) {  // speed over 30 s, shown every 2 s
  const bar = form.querySelector("progress"), seen = [];
  let shown = 0;
  bar.max = size; bar.hidden = false;
  return (sent) => {
    const now = Date.now();
    bar.value = sent;
    seen.push([now, sent]);
    while (now - seen[0][0] > 30000) seen.shift();
    if (now - shown < 2000 || seen.length < 2) return;
    shown = now;
    const speed = ((sent - seen[0][1]) * 1000) / (now - seen[0][0]);
    out.textContent = fill(form.dataset.progress, { sent: mb(sent), total: mb(size), speed: n1(speed / 1e3),
      left: speed > 0 ? time((size - sent) / speed) : "…" });
  };
}
async function send(form, file, out) {
  const d = form.dataset, show = meter(form, file.size, out), pending = pendingFor(form, file);
  let url = pending && pending.dataset.url, offset = 0;
  for (let tries = 0; tries < 1000; tries++) {
    try {
      if (url) {
        const head = await tus(url, "HEAD", d.csrf, {});
        if (head.status === 200) offset = +head.getResponseHeader("Upload-Offset"); else url = null;
      }
      if (!url) {
        const made = await tus(d.url + "&name=" + encodeURIComponent(file.name), "POST", d.csrf,
          { "Upload-Length": file.size });
        if (made.status !== 201) return out.textContent = made.responseText;
        url = made.getResponseHeader("Location"); offset = 0;
      }
      while (offset < file.size) {
        const start = offset, res = await tus(url, "PATCH", d.csrf, { "Upload-Offset": offset,
          "Content-Type": "application/offset+octet-stream" }, file.slice(offset, offset + CHUNK), (n) => show(start + n));
        if (res.status === 409) break;  // ask the offset again
        if (res.status !== 204) return out.textContent = res.responseText || d.rejected;
        offset = +res.getResponseHeader("Upload-Offset");
        tries = 0;
      }
      if (offset >= file.size) {
        out.textContent = d.done;
        return document.body.dispatchEvent(new Event("uploaded"));  // refreshes #transcode
      }
    } catch (e) {
      out.textContent = d.offline;
      await pause(Math.min(30000, 1000 * 2 ** Math.min(tries, 5)));
    }
  }
}
document.querySelectorAll("form.up").forEach((form) => {
  const input = form.querySelector("input[type=file]"), out = form.querySelector("output"), d = form.dataset;
  input.addEventListener("change", () => {
    const file = input.files[0], pending = file && pendingFor(form, file), from = pending ? +pending.dataset.received : 0;
    if (file) out.textContent = (pending ? fill(d.same, { sent: mb(from) }) + " " : form.querySelector("[data-size]")
      ? d.other + " " : "") + fill(d.estimate, { size: mb(file.size - from), time: time((file.size - from) / RATE) });
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.files[0]) send(form, input.files[0], out);
  });
});
}
