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
// A film kept on the phone: the worker fetches it in byte ranges, stored as they arrive, and
// any open page asks for the next one, so a download goes on after a drop or a reload.
const box = document.querySelector("[data-download]");
const ask = (m) => navigator.serviceWorker.ready.then((r) => new Promise((ok) => {
  const c = new MessageChannel();
  c.port1.onmessage = (e) => ok(e.data);
  r.active.postMessage({ ask: m }, [c.port2]);
}));
const mb = (n) => (n / 1e6).toLocaleString(document.documentElement.lang, { maximumFractionDigits: 1 });
let last, pumping;
function show(s) {
  if (!box || s?.film != box.dataset.film) return;
  const d = box.dataset;
  box.hidden = false;
  d.state = s.got >= s.size ? "kept" : s.size ? "busy" : "idle";
  d.key = s.key || "";
  box.querySelector("progress").value = s.got / s.size || 0;
  const now = Date.now(), left = last && Math.ceil((s.size - s.got) * (now - last[0]) / (s.got - last[1]) / 6e4);
  last = s.stopped || d.state != "busy" ? 0 : [now, s.got];  // the time left from the last range's speed
  box.querySelector("output").textContent = s.full ? d.full : d.state != "busy" ? "" : s.waiting ? d.waiting
    : s.stopped || !navigator.onLine ? d.paused
    : d.progress.replace("{got}", mb(s.got)).replace("{size}", mb(s.size)) + (left > 0 && left < 1e4 ? d.left.replace("{min}", left) : "");
}
async function pump() {
  if (pumping || !navigator.onLine) return;
  pumping = 1;
  let s;
  while ((s = await ask({ next: 1 })) && !s.stopped);
  pumping = 0;
  if (s) setTimeout(pump, 5e3);  // the link may come back without the browser saying so
}
if (box) {  // per quality, the first rendition (AV1 before H.264) this phone can play
  const probe = document.createElement("video"), seen = new Set(), chosen = box.querySelector("option[selected]")?.dataset.q;
  box.querySelectorAll("option").forEach((o) => {
    if (seen.has(o.dataset.q) || !probe.canPlayType(o.dataset.type)) o.remove();
    else { seen.add(o.dataset.q); o.selected = o.dataset.q == chosen; }
  });
}
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.addEventListener("message", (e) => show(e.data.download));
  box && ask({ state: box.dataset.film }).then(show);
  addEventListener("online", pump);
  pump();
  setInterval(pump, 3e5);  // a download planned for the night starts on time on a page left open
}
box?.addEventListener("click", async (e) => {
  const b = e.target.closest("button"), d = box.dataset, o = box.querySelector("select").selectedOptions[0];
  const video = box.querySelector("video");
  if (b?.value == "play") { video.src = d.key; video.hidden = false; video.play(); }
  if (b?.value == "drop") { video.pause(); video.hidden = true; show(await ask({ drop: d.key })); }
  if (b?.value != "get" && b?.value != "night") return;
  navigator.storage?.persist?.();
  show(await ask({ start: { film: d.film, title: d.title, poster: d.poster, tracks: [...box.querySelectorAll("track")].map((t) => ({ src: t.getAttribute("src"), srclang: t.srclang, label: t.label })), page: location.pathname, key: o.value,
    src: o.dataset.src, size: +o.dataset.size, label: o.textContent, night: b.value == "night" && d.night } }));
  pump();
});
addEventListener("click", (e) => {
  const b = e.target.closest("[data-drop]");
  if (b) ask({ drop: b.dataset.drop }).then(() => b.closest("li").remove());
});
// Offered once, politely: a dismissed offer is not made again on this phone.
addEventListener("beforeinstallprompt", (event) => {
  const offer = document.getElementById("install");
  if (!offer || localStorage.getItem("install-offered")) return;
  event.preventDefault();
  offer.hidden = false;
  offer.onclick = (e) => {
    const b = e.target.closest("button");
    if (!b) return;
    offer.hidden = true;
    if (b.value === "install") event.prompt();
  };
  localStorage.setItem("install-offered", "1");
});

// The phone's own share sheet (Web Share API) where there is one; the WhatsApp and SMS links
// beside it work without this.
if (navigator.share) {
  document.querySelectorAll(".share-native").forEach((button) => {
    button.classList.add("ready");  // its room was kept: showing it moves nothing
    button.addEventListener("click", () => {
      navigator.share({ title: button.dataset.title, text: button.dataset.text }).catch(() => {});
    });
  });
}
