// Films kept for offline viewing; served as one script with sw.js (app/pwa/views.py), after it.
// A film kept for offline viewing is a job in the "downloads" cache, under its key
// /hors-ligne/video/<film>/<height>.mp4 (JSON: where from, size, bytes got, parts), and its
// parts, the byte ranges fetched so far, under <key>?from=<offset>, each stored as it ends or
// as the link drops. Whatever stops it (a drop, a reload, a reboot), it resumes at `got`.
// Open pages ask for the next range one at a time ({next}); background sync and periodic sync
// run it too when the browser allows. A job with `night` waits for those hours or for Wi-Fi.
const DOWNLOADS = "downloads";
const VIDEOS = "videos";  // films kept whole by earlier versions
const filmOf = (key) => key.split("/")[3];
let stepping = null, current = null;
const cancelled = new Set();  // no range of these is fetched or kept any more

async function job(key) {
  const hit = await (await caches.open(DOWNLOADS)).match(key);
  return hit ? hit.json() : null;
}

const save = async (j) => (await caches.open(DOWNLOADS)).put(j.key, Response.json(j));

async function jobs() {
  const found = [];
  const cache = await caches.open(DOWNLOADS), old = await caches.open(VIDEOS);
  for (const r of await cache.keys()) {
    const url = new URL(r.url);
    if (url.pathname.startsWith("/hors-ligne/video/") && !url.search) found.push(await (await cache.match(r)).json());
  }
  for (const r of await old.keys()) {
    const hit = await old.match(r), key = new URL(r.url).pathname, size = (await hit.blob()).size;
    found.push({ key, film: filmOf(key), title: decodeURIComponent(hit.headers.get("X-Title") || ""), size, got: size });
  }
  return found;
}

function cheap(j) {
  const [from, to] = j.night.split("-").map(Number), hour = new Date().getHours();
  return navigator.connection?.type === "wifi" || (from > to ? hour >= from || hour < to : hour >= from && hour < to);
}

const described = (j) => ({ ...j, waiting: !!j.night && !cheap(j) });

async function answer(ask) {
  if (ask.state) return described((await jobs()).find((j) => j.film == ask.state) || { film: ask.state });
  if (ask.drop) return drop(ask.drop);
  if (ask.next) return (stepping ||= step().finally(() => { stepping = null; }));
  const { quota = Infinity, usage = 0 } = (await navigator.storage?.estimate?.()) || {};
  if (quota - usage < ask.start.size * 1.1) return { film: ask.start.film, full: true };
  const j = { ...ask.start, got: 0, parts: [] };
  cancelled.delete(j.key);
  await save(j);
  if (j.night) self.registration.periodicSync?.register("downloads", { minInterval: 3600e3 }).catch(() => {});
  return described(j);
}

async function step() {
  const j = (await jobs()).find((j) => j.got < j.size && !described(j).waiting && !cancelled.has(j.key));
  if (!j) return null;
  current = { key: j.key, stop: new AbortController() };
  const options = { headers: { Range: `bytes=${j.got}-${Math.min(j.got + chunk, j.size) - 1}` }, cache: "no-store",
    signal: current.stop.signal };  // no-store: the phone keeps the film once, here
  const pieces = [];
  let stopped = false;
  try {
    let response = await fetch(j.link || j.src, options);
    if (response.status !== 206 && j.link) response = await fetch(j.src, options);  // the signed link expired
    if (!(response.headers.get("Content-Range") || "").startsWith(`bytes ${j.got}-`)) throw new Error(response.status);
    j.link = response.url;
    const reader = response.body.getReader();
    for (let r; !(r = await reader.read()).done;) pieces.push(r.value);
  } catch (error) {
    stopped = true;
    self.registration.sync?.register("downloads").catch(() => {});
  }
  if (cancelled.has(j.key)) return { film: j.film };
  const part = new Blob(pieces);
  if (part.size) {
    await (await caches.open(DOWNLOADS)).put(`${j.key}?from=${j.got}`, new Response(part));
    j.parts.push([j.got, part.size]);
    j.got += part.size;
  }
  await save(j);
  if (j.got >= j.size) await keepAround(j);
  const told = { ...j, stopped };
  for (const client of await self.clients.matchAll()) client.postMessage({ download: told });  // every page shows it
  return told;
}

// The film's poster and page, and "My downloads", so the film is found offline.
async function keepAround(j) {
  try {
    if (j.poster) await (await caches.open(DOWNLOADS)).add(j.poster);
    for (const track of j.tracks || []) await (await caches.open(DOWNLOADS)).add(track.src || track);  // its subtitles
    for (const url of [j.page, "/telechargements"]) await keepPage(new Request(url), await fetch(url));
  } catch (error) { /* kept when next seen online */ }
}

async function drop(key) {
  cancelled.add(key);
  if (current?.key === key) {
    current.stop.abort();
    await stepping?.catch(() => {});  // a range of it in flight ends at once, and keeps nothing
  }
  const j = await job(key), cache = await caches.open(DOWNLOADS);
  for (const r of await cache.keys()) if (r.url.startsWith(new URL(key, location.origin).href)) await cache.delete(r);
  if (j?.poster) await cache.delete(j.poster);
  for (const track of j?.tracks || []) await cache.delete(track.src || track);  // a link alone in older jobs
  await (await caches.open(VIDEOS)).delete(key);
  return { film: filmOf(key) };
}

async function run() {
  const until = Date.now() + 4 * 60e3;  // Chrome stops a worker whose event lasts 5 minutes
  for (let s; Date.now() < until && (s = await answer({ next: 1 })) && !s.stopped;);
}

async function videoFile(key) {
  const old = await (await caches.open(VIDEOS)).match(key);
  if (old) return old.blob();
  const j = await job(key), cache = await caches.open(DOWNLOADS);
  if (!j || j.got < j.size) return null;
  return new Blob(await Promise.all(j.parts.map(async ([from]) => (await cache.match(`${key}?from=${from}`)).blob())));
}

// The <video> element asks for byte ranges, answered here from the stored parts.
async function storedVideo(request) {
  const blob = await videoFile(new URL(request.url).pathname);
  if (!blob) return new Response("", { status: 404 });
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
