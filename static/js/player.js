// The player: saves the position every 15 s and when the viewer leaves, changes quality in
// place, and plays through Media Source Extensions where it can. The loader fetches 4-second
// fragments by Range (their places come from the file's sidx box), keeps at most `ahead`
// seconds in advance (30 in data-saver, 60 otherwise), measures the link and drops a rung when
// it carries less than 1.3 times the rung's rate, and hands the film back to the plain
// <video> and its <source> elements on any error.
"use strict";
{
  const video = document.querySelector("video[data-ladder]");
  if (video) {
    const cfg = JSON.parse(video.dataset.ladder);
    const links = document.querySelectorAll("a[data-q]");
    let last = -1, loader = null;
    const save = () => {
      const t = Math.floor(video.currentTime);
      if (t > 0 && t !== last) {
        last = t;
        const form = new FormData();
        form.append("csrf_token", video.dataset.csrf);
        form.append("position", t);
        navigator.sendBeacon(video.dataset.positionUrl, form);
      }
    };
    setInterval(() => video.paused || save(), 15000);
    video.addEventListener("pause", save);
    addEventListener("pagehide", save);
    document.addEventListener("visibilitychange", () => document.hidden && save());

    const mark = (q) => links.forEach((a) => (a.dataset.q === q ? a.setAttribute("aria-current", "true") : a.removeAttribute("aria-current")));
    const native = (q) => {  // the first source this browser can play, at the same moment
      const at = video.currentTime, playing = !video.paused;
      const source = cfg.qualities[q].find((s) => video.canPlayType(s.type));
      if (!source) return;
      video.src = source.src;
      video.addEventListener("loadedmetadata", () => { video.currentTime = at; if (playing) video.play(); }, { once: true });
      video.load();
    };
    links.forEach((a) => a.addEventListener("click", (e) => {
      e.preventDefault();
      if (a.dataset.warn && !confirm(a.dataset.warn)) return;
      if (!loader?.choose(a.dataset.q)) { loader?.stop(); loader = null; native(a.dataset.q); }
      history.replaceState(null, "", a.href);
      mark(a.dataset.q);
    }));
    if (window.MediaSource && !/\bmse=0\b/.test(location.search)) start().catch(() => {});

    async function start() {
      const codec = await pick(cfg.q === "son" ? ["opus"] : ["av1", "h264"]);
      if (!codec) return;
      if (codec === "h264") document.querySelectorAll("a[data-q] span[data-h264]").forEach((s) => { s.textContent = s.dataset.h264; });
      loader = new Loader(codec);
    }

    async function pick(codecs) {
      for (const codec of codecs) {
        const rungs = ladderOf(codec);  // a ladder that holds the quality asked for, all of it fragmented
        if (!rungs.some((r) => r.q === cfg.q) || !rungs.every((r) => r.frag) || !MediaSource.isTypeSupported(rungs[0].type)) continue;
        if (!navigator.mediaCapabilities) return codec;
        const [v, a] = rungs[0].type.match(/codecs="([^"]+)"/)[1].split(", ");
        const query = { type: "media-source" };
        if (a) query.video = { contentType: `video/mp4; codecs="${v}"`, width: 640, height: rungs[0].height, bitrate: rungs[0].bps, framerate: 25 };
        query.audio = { contentType: `audio/mp4; codecs="${a || v}"` };
        const late = new Promise((done) => setTimeout(() => done({}), 3000));  // an answer that never comes: no
        try { if ((await Promise.race([navigator.mediaCapabilities.decodingInfo(query), late])).supported) return codec; } catch (e) { /* next codec */ }
      }
      return null;
    }

    function ladderOf(codec) {  // that codec's renditions, from the smallest
      return Object.entries(cfg.qualities).flatMap(([q, list]) => list.filter((s) => s.codec === codec).map((s) => ({ ...s, q })))
        .filter((s, i, all) => all.findIndex((o) => o.q === s.q) === i).sort((x, y) => x.height - y.height);
    }

    function Loader(codec) {
      const rungs = ladderOf(codec), ms = new MediaSource(), indexes = {};
      let rung = rungs.findIndex((r) => r.q === cfg.q), buffer = null, next = 0, busy = false, stopped = false;
      let rate = 0, samples = 0, appendedInit = -1, failures = 0, abort = null, started = false;
      const up = document.getElementById("upswitch"), allowUp = up && up.querySelector("input");
      if (up) {
        up.hidden = false;
        allowUp.checked = localStorage.getItem("k-up") === "1";
        allowUp.addEventListener("change", () => localStorage.setItem("k-up", allowUp.checked ? "1" : "0"));
      }
      const show = () => { video.dataset.rung = `${codec}-${rungs[rung].height}`; mark(rungs[rung].q); };
      const get = async (url, from, to) => {  // a fragment that never comes is a failure, not a stall
        const mine = (abort = new AbortController()), late = setTimeout(() => { mine.late = true; mine.abort(); }, 60000);
        try {
          const response = await fetch(url, { headers: { Range: `bytes=${from}-${to}` }, signal: mine.signal });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return new Uint8Array(await response.arrayBuffer());
        } catch (error) {
          throw mine.late ? new Error("timeout") : error;
        } finally { clearTimeout(late); }
      };
      const append = (bytes) => new Promise((done, fail) => {
        buffer.addEventListener("updateend", done, { once: true });
        buffer.addEventListener("error", fail, { once: true });
        buffer.appendBuffer(bytes);
      });
      const index = async (r) => {  // init segment and fragments of a rendition, read once
        if (indexes[r]) return indexes[r];
        let head = await get(rungs[r].src, 0, 8191);
        const found = boxes(head);
        if (found.sidxEnd > head.length) head = join(head, await get(rungs[r].src, head.length, found.sidxEnd - 1));
        return (indexes[r] = { head, init: head.subarray(0, found.moovEnd), fragments: sidx(head, found.sidx) });
      };
      const fragmentBytes = async ({ head }, f) => {  // the first bytes of the film came with its index
        if (f.start >= head.length) return get(rungs[rung].src, f.start, f.end - 1);
        const kept = head.subarray(f.start, Math.min(f.end, head.length));
        return f.end > head.length ? join(kept, await get(rungs[rung].src, head.length, f.end - 1)) : kept;
      };
      const ahead = () => {
        const b = video.buffered, t = video.currentTime;
        for (let i = 0; i < b.length; i++) if (b.start(i) <= t + 0.5 && b.end(i) > t) return b.end(i) - t;
        return 0;
      };
      const at = (fragments, t) => Math.max(0, fragments.findIndex((f) => f.t + f.d > t));
      const feed = async () => {
        if (busy || stopped || !buffer || video.paused && !video.seeking && !started) return;
        busy = true;
        try {
          for (;;) {
            const found = await index(rung), { init, fragments } = found;
            if (next >= fragments.length) { if (ms.readyState === "open" && !buffer.updating) ms.endOfStream(); break; }
            const fragment = fragments[next];
            if (fragment.t + fragment.d - video.currentTime > cfg.ahead && next !== at(fragments, video.currentTime)) break;
            if (appendedInit !== rung) { await append(init); appendedInit = rung; }
            const began = performance.now();
            const bytes = await fragmentBytes(found, fragment);
            measure(bytes.length * 8000 / Math.max(1, performance.now() - began));
            await append(bytes);
            failures = 0;
            next++;
            adapt();
          }
        } catch (error) {
          if (error.name === "AbortError") { /* a seek started elsewhere */ }
          else if (!navigator.onLine) addEventListener("online", () => feed(), { once: true });
          else if (++failures < 3) setTimeout(feed, 1000 * 2 ** failures);
          else fallback();
        } finally { busy = false; }
      };
      const measure = (bps) => { rate = samples++ ? 0.6 * rate + 0.4 * bps : bps; };
      const adapt = () => {  // a change of rung applies from the next fragment, at the same instants
        if (samples < 2) return;
        const down = rung > 0 && rate < 1.3 * rungs[rung].bps;
        const upward = !cfg.saver && allowUp && allowUp.checked && rung + 1 < rungs.length && rate > 1.3 * 1.5 * rungs[rung + 1].bps;
        if (down || upward) { rung += down ? -1 : 1; samples = 0; show(); }
      };
      const fallback = () => {
        if (stopped) return;
        stopped = true;
        if (abort) abort.abort();
        const t = video.currentTime, playing = !video.paused;
        video.removeAttribute("src");
        video.dataset.loader = "native";
        video.load();  // back to the <source> elements
        video.addEventListener("loadedmetadata", () => { video.currentTime = t; if (playing) video.play(); }, { once: true });
      };
      this.stop = () => { stopped = true; if (abort) abort.abort(); };
      this.choose = (q) => {
        const r = rungs.findIndex((o) => o.q === q);
        if (r < 0 || stopped) return false;
        rung = r; samples = 0; show(); feed();
        return true;
      };
      let opened = false;
      ms.addEventListener("sourceopen", () => {
        opened = true;
        try {
          buffer = ms.addSourceBuffer(rungs[rung].type);
          ms.duration = cfg.duration;
          if (cfg.start) video.currentTime = cfg.start;
        } catch (e) { fallback(); return; }
        feed();  // play may have come first, on a phone that opens the source slowly
      }, { once: true });
      video.addEventListener("play", () => {
        started = true; feed();
        if (!opened) setTimeout(() => opened || fallback(), 8000);  // a media stack that never opens it: <source>
      });
      video.addEventListener("timeupdate", feed);
      video.addEventListener("seeking", () => {
        if (!indexes[rung] || ahead() > 0) return;
        if (abort) abort.abort();
        next = at(indexes[rung].fragments, video.currentTime);
        setTimeout(feed);
      });
      video.addEventListener("error", () => loader === this && fallback());
      video.dataset.loader = "mse";
      show();
      video.src = URL.createObjectURL(ms);
    }

    function join(a, b) {
      const both = new Uint8Array(a.length + b.length);
      both.set(a);
      both.set(b, a.length);
      return both;
    }

    function boxes(bytes) {  // where moov ends and the first sidx lies, from the top-level boxes
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      let at = 0, moovEnd = 0, sidxAt = -1, sidxEnd = 0;
      while (at + 8 <= bytes.length && sidxAt < 0) {
        const size = view.getUint32(at), type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
        if (type === "moov") moovEnd = at + size;
        if (type === "sidx") { sidxAt = at; sidxEnd = at + size; }
        if (size < 8) break;
        at += size;
      }
      if (sidxAt < 0) throw new Error("no sidx");
      return { moovEnd, sidx: sidxAt, sidxEnd };
    }

    function sidx(bytes, at) {  // ISO 14496-12 §8.16.3: each reference is one fragment
      const view = new DataView(bytes.buffer, bytes.byteOffset), size = view.getUint32(at), v1 = bytes[at + 8] === 1;
      const scale = view.getUint32(at + 16);
      let p = at + 20, t = v1 ? Number(view.getBigUint64(p)) : view.getUint32(p);
      let offset = at + size + (v1 ? Number(view.getBigUint64(p + 8)) : view.getUint32(p + 4));
      p += v1 ? 16 : 8;
      const count = view.getUint16(p + 2), fragments = [];
      p += 4;
      for (let i = 0; i < count; i++, p += 12) {
        const length = view.getUint32(p) & 0x7fffffff, d = view.getUint32(p + 4);
        fragments.push({ start: offset, end: offset + length, t: t / scale, d: d / scale });
        offset += length; t += d;
      }
      return fragments;
    }
  }
}
