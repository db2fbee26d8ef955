// Karangou's service worker. `self.KARANGOU` (version, shell files, texts) is written above
// this file by app/pwa when it is served, so a new asset means a new worker.
"use strict";
const { version, shell, offline, stored, queued } = self.KARANGOU;
const SHELL = "shell-" + version;
const PAGES = "pages";
const POSTERS = "posters";
const MAX_POSTERS = 120;
const MAX_POSTER_BYTES = 3 * 1024 * 1024;
const KEPT_PAGE = /^\/(|films|films\/[^/]+|recherche|projets|projets\/[^/]+|p\/[^/]+)$/;
const PERSONAL = /^\/(compte|studio|admin|paiements|connexion|inscription|mot-de-passe|ma-liste|historique|dev|v|economie-de-donnees|deconnexion)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(shell)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("shell-") && name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "update") self.skipWaiting();
  if (event.data === "online") event.waitUntil(replay());
  if (event.data?.warm) event.waitUntil(warm(event.data.warm));
});

// Favourites, ratings and watch positions made offline wait in the "outbox" cache (keyed by
// a made-up GET URL, as the Cache API keeps no POST) and are sent when the network is back.
const QUEUED = /^\/films\/[^/]+\/(favori|note|position)$/;
let sending = null;

async function queue(request) {
  try {
    return await fetch(request.clone());
  } catch (error) {
    const body = await request.text();
    const key = `/hors-ligne/envoi/${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await (await caches.open("outbox")).put(key, new Response(body, { headers: {
      "X-Url": request.url, "Content-Type": request.headers.get("Content-Type") || "" } }));
    self.registration.sync?.register("outbox").catch(() => {});
    const lang = /lang=en/.test(request.headers.get("Cookie") || "") ? "en" : "fr";
    return request.mode === "navigate"
      ? new Response(`<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
          `<p>${queued[lang]}</p><p><a href="${request.referrer || "/"}">←</a></p>`,
          { status: 202, headers: { "Content-Type": "text/html; charset=utf-8" } })
      : new Response("", { status: 202 });
  }
}

function replay() {
  sending = sending || (async () => {
    const outbox = await caches.open("outbox");
    for (const key of await outbox.keys()) {
      const saved = await outbox.match(key);
      try {
        const response = await fetch(saved.headers.get("X-Url"), { method: "POST", credentials: "same-origin",
          headers: { "Content-Type": saved.headers.get("Content-Type") }, body: await saved.clone().text() });
        if (response.status < 500) await outbox.delete(key);  // sent, or refused for good
      } catch (error) {
        break;  // still offline: the next "online" or sync event tries again
      }
    }
  })().finally(() => { sending = null; });
  return sending;
}

// On a good connection only (the page decides, from the data-saver mode): the first row of
// the home page is fetched ahead, so those films open at once, and offline.
async function warm(urls) {
  for (const url of urls.slice(0, 12)) {
    try {
      const request = new Request(url, { credentials: "same-origin" });
      if (new URL(url).pathname.startsWith("/media/posters/")) await poster(request);
      else if (!(await (await caches.open(PAGES)).match(url))) await keepPage(request, await fetch(request));
    } catch (error) {
      return;
    }
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(replay());
});

const personal = (response) => /no-store/.test(response.headers.get("Cache-Control") || "");

async function keepPage(request, response) {
  if (!response.ok || personal(response) || response.redirected) return;
  const body = await response.clone().text();
  const headers = new Headers(response.headers);
  headers.set("X-Stored-At", String(Date.now()));
  const title = (body.match(/<title>([^<]*)<\/title>/) || [])[1] || request.url;
  headers.set("X-Title", encodeURIComponent(title));
  await (await caches.open(PAGES)).put(request.url, new Response(body, { status: 200, headers }));
}

async function fromPages(request) {
  const cached = await (await caches.open(PAGES)).match(request.url);
  if (!cached) return null;
  const html = await cached.text();
  const lang = /<html lang="en"/.test(html) ? "en" : "fr";
  const when = new Date(+cached.headers.get("X-Stored-At")).toLocaleString(lang);
  const note = `<p class="note stale" role="status">${stored[lang].replace("%s", when)}</p>`;
  return new Response(html.replace('<main id="main">', '<main id="main">' + note), { headers: cached.headers });
}

async function page(event) {
  const { request } = event;
  const path = new URL(request.url).pathname;
  if (PERSONAL.test(path)) return fetch(request);
  try {
    const response = await fetch(request);
    if (KEPT_PAGE.test(path)) event.waitUntil(keepPage(request, response.clone()));
    return response;
  } catch (error) {
    return (await fromPages(request)) || (await caches.match(request.url, { cacheName: SHELL }))
      || (await caches.match(request.url, { cacheName: "downloads-page" })) || (await caches.match(offline))
      || Response.error();
  }
}

async function poster(request) {
  const cache = await caches.open(POSTERS);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
    const keys = await cache.keys();
    let bytes = 0;
    for (const key of keys) bytes += +((await cache.match(key)).headers.get("Content-Length") || 0);
    for (let i = 0; keys.length - i > MAX_POSTERS || (bytes > MAX_POSTER_BYTES && i < keys.length - 1); i++) {
      bytes -= +((await cache.match(keys[i])).headers.get("Content-Length") || 0);
      await cache.delete(keys[i]);  // oldest first: keys come back in insertion order
    }
  }
  return response;
}

// Downloaded films live in the "videos" cache under /hors-ligne/video/<film>/<height>.mp4;
// the <video> element asks for byte ranges, answered here from the stored file.
async function storedVideo(request) {
  const hit = await (await caches.open("videos")).match(request.url);
  if (!hit) return new Response("", { status: 404 });
  const blob = await hit.blob();
  const range = /bytes=(\d*)-(\d*)/.exec(request.headers.get("Range") || "");
  if (!range) return new Response(blob, { headers: { "Content-Type": "video/mp4", "Accept-Ranges": "bytes" } });
  let start = range[1] === "" ? blob.size - +range[2] : +range[1];
  let end = range[1] !== "" && range[2] !== "" ? Math.min(+range[2], blob.size - 1) : blob.size - 1;
  if (start >= blob.size || start > end) {
    return new Response("", { status: 416, headers: { "Content-Range": `bytes */${blob.size}` } });
  }
  return new Response(blob.slice(start, end + 1), { status: 206, headers: {
    "Content-Type": "video/mp4", "Accept-Ranges": "bytes", "Content-Length": String(end - start + 1),
    "Content-Range": `bytes ${start}-${end}/${blob.size}` } });
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === "POST" && QUEUED.test(url.pathname)) return event.respondWith(queue(request));
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/hors-ligne/video/")) return event.respondWith(storedVideo(request));
  if (request.mode === "navigate") return event.respondWith(page(event));
  if (url.pathname.startsWith("/static/")) {
    return event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
  if (url.pathname.startsWith("/media/posters/")) return event.respondWith(poster(request));
});
