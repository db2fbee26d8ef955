// Karangou's service worker. `self.KARANGOU` (version, shell files, texts) is written above
// this file by app/pwa when it is served, so a new asset means a new worker.
"use strict";
const { version, shell, offline, stored, queued, unpaid, retry, chunk } = self.KARANGOU;
const SHELL = "shell-" + version;
const PAGES = "pages";
const POSTERS = "posters";
const MAX_POSTERS = 120;
const MAX_POSTER_BYTES = 3 * 1024 * 1024;
const KEPT_PAGE = /^\/(|films|films\/[^/]+|recherche|projets|projets\/[^/]+|p\/[^/]+|telechargements)$/;
const PERSONAL = /^\/(compte|studio|admin|paiements|connexion|inscription|mot-de-passe|ma-liste|historique|dev|v|economie-de-donnees|deconnexion)(\/|$)/;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(shell)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if ((name.startsWith("shell-") && name !== SHELL) || name === "downloads-page") await caches.delete(name);
    }
    await self.clients.claim();
    // The page that installed the worker came before it: kept now, from the browser's cache.
    for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
      if (KEPT_PAGE.test(new URL(client.url).pathname)) {
        try { await keepPage(new Request(client.url), await fetch(client.url)); } catch (error) { /* offline */ }
      }
    }
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "update") self.skipWaiting();
  if (event.data === "online") event.waitUntil(replay());
  if (event.data?.warm) event.waitUntil(warm(event.data.warm));
  if (event.data?.ask) event.waitUntil(answer(event.data.ask).then((reply) => event.ports[0].postMessage(reply)));
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

// A contribution is never kept to send later: the payer would be charged on a page they no
// longer see. Offline, it ends on our page, in the language of the project page it came from.
const PAYING = /^\/projets\/[^/]+\/contribuer$/;

async function pay(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const from = request.referrer ? await (await caches.open(PAGES)).match(pageKey(request.referrer)) : null;
    const lang = from && /<html lang="en"/.test(await from.text()) ? "en" : "fr";
    const back = request.referrer || "/projets";
    return new Response(`<!doctype html><html lang="${lang}"><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>Karangou</title>` +
      `<p role="alert">${unpaid[lang]}</p><p>${retry[lang]}</p><p><a href="${back}">←</a></p>`,
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
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
      else if (!(await (await caches.open(PAGES)).match(pageKey(url)))) await keepPage(request, await fetch(request));
    } catch (error) {
      return;
    }
  }
}

self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(replay());
  if (event.tag === "downloads") event.waitUntil(run());
});
self.addEventListener("periodicsync", (event) => {
  if (event.tag === "downloads") event.waitUntil(run());
});

const personal = (response) => /no-store/.test(response.headers.get("Cache-Control") || "");

// "/?source=app" (the installed app's start) is the home page: one copy, opened offline as well.
function pageKey(url) {
  const u = new URL(url, location.origin);
  if (u.searchParams.has("source")) u.searchParams.delete("source");
  return u.href;
}

async function keepPage(request, response) {
  if (!response.ok || personal(response) || response.redirected) return;
  const body = await response.clone().text();
  const headers = new Headers(response.headers);
  headers.set("X-Stored-At", String(Date.now()));
  const title = (body.match(/<title>([^<]*)<\/title>/) || [])[1] || request.url;
  headers.set("X-Title", encodeURIComponent(title));
  await (await caches.open(PAGES)).put(pageKey(request.url), new Response(body, { status: 200, headers }));
}

// A page rewritten here keeps its headers (its CSP first), less those of the bytes it came in.
function html(body, from) {
  const headers = new Headers(from);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(body, { headers });
}
const LISTS = /^\/(telechargements|hors-ligne)$/;

async function page(event) {
  const { request } = event;
  const path = new URL(request.url).pathname;
  if (PERSONAL.test(path)) return fetch(request);
  try {
    const response = await fetch(request);
    if (KEPT_PAGE.test(path)) event.waitUntil(keepPage(request, response.clone()));
    return LISTS.test(path) && response.ok ? html(await fill(await response.text()), response.headers) : response;
  } catch (error) {
    const saved = await (await caches.open(PAGES)).match(pageKey(request.url));
    const shown = saved || (await caches.match(offline, { cacheName: SHELL }));
    if (!shown) return Response.error();
    let body = await shown.text();
    const lang = /<html lang="en"/.test(body) ? "en" : "fr";
    if (saved) {
      const when = new Date(+saved.headers.get("X-Stored-At")).toLocaleString(lang);
      body = body.replace('<main id="main">', `<main id="main"><p class="note stale" role="status">${stored[lang].replace("%s", when)}</p>`);
    }
    return html(await mark(await fill(body)), shown.headers);
  }
}

// Offline, a link to a page the phone does not keep is dimmed (the note above says why), not a dead end.
async function mark(body) {
  const kept = new Set([pageKey("/telechargements"), pageKey(offline)]);
  for (const request of await (await caches.open(PAGES)).keys()) kept.add(request.url);
  return body.replace(/<a ([^>]*?)href="(\/[^"]*)"/g, (link, attributes, href) =>
    kept.has(pageKey(href.replace(/&amp;/g, "&").split("#")[0])) ? link : `<a aria-disabled="true" ${attributes}href="${href}"`);
}

const esc = (text) => String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A downloaded film's subtitles, kept with it: the page's language on by default, as on the film
// page; the player's own menu turns them off. Jobs from before kept links alone, and show none.
const trackTags = (j, lang) => (j.tracks || []).filter((t) => t.srclang).map((t) =>
  `<track kind="subtitles" src="${esc(t.src)}" srclang="${esc(t.srclang)}" label="${esc(t.label)}"${t.srclang === lang ? " default" : ""}>`).join("");

// "My downloads" and the offline page list what the phone keeps: the page brings the items'
// markup (<template>s, in its language), filled here from the caches.
async function fill(body) {
  const lang = /<html lang="en"/.test(body) ? "en" : "fr";
  const mb = (bytes) => (bytes / 1e6).toLocaleString(lang, { maximumFractionDigits: 1 });
  const films = await jobs();
  body = body.replace(/<template>([^]*?)<\/template><template>([^]*?)<\/template>/, (all, done, part) => all + films.map((j) =>
    (j.got >= j.size ? done : part).replace(/{(\w+)}/g, (m, name) => name === "tracks" ? trackTags(j, lang)
      : esc({ ...j, size: mb(j.size), got: mb(j.got), poster: j.poster || shell[3] }[name]))).join(""));
  if (body.includes('<ul id="kept">')) {
    const cache = await caches.open(PAGES);
    let items = "";
    for (const request of await cache.keys()) {  // titles as the page wrote them: already escaped
      const title = decodeURIComponent((await cache.match(request)).headers.get("X-Title") || "");
      items += `<li><a href="${esc(request.url)}">${title.replace(/ · Karangou$/, "")}</a></li>`;
    }
    body = body.replace('<ul id="kept">', '<ul id="kept">' + items);
  }
  if (!body.includes('<p class="m room" hidden>')) return body;
  const { quota = 0, usage = 0 } = (await navigator.storage?.estimate?.()) || {};
  return body.replace(/<p class="m room" hidden>([^<]*)/, (m, text) =>
    '<p class="m room">' + text.replace("{used}", mb(usage)).replace("{free}", mb(quota - usage)));
}

async function poster(request) {
  const cache = await caches.open(POSTERS);
  const hit = await caches.match(request.url);  // a downloaded film's poster is kept with the film
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

// A shared phone: signing out forgets the pages saved while signed in and the actions still
// waiting to be sent. Downloaded films stay (they are the phone's); their pages are saved
// again, signed out.
async function signOut(event) {
  const films = (await jobs()).filter((j) => j.page);
  await caches.delete(PAGES);
  await caches.delete("outbox");
  const response = await fetch(event.request);
  event.waitUntil((async () => {
    for (const j of films) {
      try { await keepPage(new Request(j.page), await fetch(j.page)); } catch (error) { return; }
    }
  })());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== location.origin) return;
  if (request.method === "POST" && QUEUED.test(url.pathname)) return event.respondWith(queue(request));
  if (request.method === "POST" && PAYING.test(url.pathname) && request.mode === "navigate") return event.respondWith(pay(request));
  if (request.method === "POST" && url.pathname === "/deconnexion") return event.respondWith(signOut(event));
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/hors-ligne/video/")) return event.respondWith(storedVideo(request));
  if (request.mode === "navigate") return event.respondWith(page(event));
  if (url.pathname.startsWith("/static/")) {
    return event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
  if (url.pathname.startsWith("/media/posters/")) return event.respondWith(poster(request));
  if (/^\/films\/[^/]+\/sous-titres\//.test(url.pathname)) {  // a downloaded film's, kept with it
    return event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
