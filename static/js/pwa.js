// Registers the service worker and offers a new version when one is waiting.
"use strict";
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").then((registration) => {
    const offer = (worker) => {
      const bar = document.getElementById("update");
      if (!bar || !worker) return;
      bar.hidden = false;
      bar.querySelector("button").onclick = () => worker.postMessage("update");
    };
    if (registration.waiting && navigator.serviceWorker.controller) offer(registration.waiting);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) offer(worker);
      });
    });
  });
  const flush = () => navigator.onLine && navigator.serviceWorker.controller?.postMessage("online");
  addEventListener("online", flush);
  flush();  // a page opened after the network came back sends what waited
  const row = document.documentElement.dataset.saver === "off" && document.querySelector(".row .films");
  if (row) addEventListener("load", () => navigator.serviceWorker.ready.then((r) => r.active.postMessage({
    warm: [...row.querySelectorAll("a[href], img[src]")].map((e) => e.href || e.currentSrc || e.src) })));
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (!reloading && document.getElementById("update")?.dataset.asked) location.reload();
    reloading = true;
  });
  document.addEventListener("click", (e) => {
    if (e.target.closest("#update button")) document.getElementById("update").dataset.asked = "1";
  });
}
const kept = document.getElementById("kept");
if (kept && "caches" in window) {
  caches.open("pages").then(async (cache) => {
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const a = Object.assign(document.createElement("a"), { href: request.url,
        textContent: decodeURIComponent(response.headers.get("X-Title") || request.url) });
      kept.appendChild(document.createElement("li")).appendChild(a);
    }
  });
}
// Films kept for offline viewing: size first, room checked, progress, cancel, delete.
document.querySelectorAll("[data-download]").forEach((box) => {
  const [bar, out, get, stop, drop] = ["progress", "output", ".get", ".stop", ".drop"].map((s) => box.querySelector(s));
  const key = box.dataset.key, size = +box.dataset.size;
  let abort;
  const show = (kept) => { get.hidden = kept; drop.hidden = !kept; stop.hidden = true; };
  caches.open("videos").then((c) => c.match(key)).then((hit) => show(!!hit));
  get.onclick = async () => {
    const { quota = Infinity, usage = 0 } = (await navigator.storage?.estimate?.()) || {};
    if (quota - usage < size * 1.1) { out.textContent = box.dataset.full; return; }
    navigator.storage?.persist?.();
    abort = new AbortController();
    get.hidden = true; stop.hidden = false; bar.hidden = false;
    try {
      const response = await fetch(box.dataset.src, { signal: abort.signal });
      const reader = response.body.getReader(), parts = [];
      let done = 0;
      for (let r; !(r = await reader.read()).done;) { parts.push(r.value); done += r.value.length; bar.value = done / size; }
      await (await caches.open("videos")).put(key, new Response(new Blob(parts, { type: "video/mp4" }),
        { headers: { "Content-Type": "video/mp4", "X-Title": encodeURIComponent(box.dataset.title) } }));
      const list = box.querySelector("a").href;  // "My downloads" opens offline from now on
      try { await (await caches.open("downloads-page")).put(list, await fetch(list)); } catch (e) { /* next time */ }
      out.textContent = box.dataset.done; show(true);
    } catch (e) { out.textContent = box.dataset.stopped; show(false); }
    bar.hidden = true;
  };
  stop.onclick = () => abort?.abort();
  drop.onclick = async () => { await (await caches.open("videos")).delete(key); out.textContent = ""; show(false); };
});
const mine = document.getElementById("downloads");
if (mine && "caches" in window) {
  caches.open("videos").then(async (cache) => {
    for (const request of await cache.keys()) {
      const blob = await (await cache.match(request)).blob();
      const li = mine.appendChild(document.createElement("li"));
      li.append(decodeURIComponent((await cache.match(request)).headers.get("X-Title") || ""),
        ` · ${(blob.size / 1e6).toFixed(1)} Mo `);
      Object.assign(li.appendChild(document.createElement("video")), { src: request.url, controls: true, preload: "metadata" });
    }
  });
}
// Offered once, politely: a dismissed offer is not made again on this phone.
addEventListener("beforeinstallprompt", (event) => {
  const offer = document.getElementById("install");
  if (!offer || localStorage.getItem("install-offered")) return;
  event.preventDefault();
  offer.hidden = false;
  offer.querySelector("button").onclick = () => { offer.hidden = true; event.prompt(); };
  localStorage.setItem("install-offered", "1");
});
// Offline, links to pages the phone does not keep are marked instead of failing.
if (!navigator.onLine && "caches" in window) {
  caches.open("pages").then(async (cache) => {
    for (const a of document.querySelectorAll("main a[href^='/']")) {
      if (!(await cache.match(new URL(a.href, location).href))) a.classList.add("unavailable");
    }
  });
}
