// The project form saves itself: what is typed goes to localStorage at once (kept offline, and
// across a reload), and to the server as a draft a moment later; the first save of a new
// project makes the draft and the address becomes its edit page. Without JavaScript the
// form's own buttons save as before.
"use strict";
{  // a block of its own: pwa.js shares the page's global scope
const form = document.querySelector("form[data-autosave]");
if (form) {
  const out = form.querySelector("output[data-saved]");
  const named = () => [...form.elements].filter((e) => e.name && e.name !== "csrf_token" && e.name !== "action" && e.type !== "file");
  let key = "draft:" + form.dataset.draftKey, timer = null, sending = false, again = false;
  const snapshot = () => {
    const data = {};
    for (const e of named()) if (e.type !== "radio" || e.checked) data[e.name] = e.value;
    return data;
  };
  const say = (text) => { if (out) out.textContent = text; };
  const restore = () => {
    let kept = null;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    if (!kept) return false;
    for (const e of named()) {
      if (!(e.name in kept)) continue;
      if (e.type === "radio") e.checked = e.value === kept[e.name]; else e.value = kept[e.name];
    }
    return true;
  };
  const save = async () => {
    if (sending) { again = true; return; }
    sending = true;
    const typed = JSON.stringify(snapshot());
    try {
      const body = new FormData(form);
      body.delete("action");
      const r = await fetch(form.dataset.autosave, { method: "POST", body, headers: { "X-CSRFToken": form.dataset.csrf } });
      if (r.status === 204) {
        const edit = r.headers.get("X-Draft-Edit"), next = r.headers.get("X-Draft-Save");
        if (edit && next) {  // the new project is a draft now: its own address and key from here on
          localStorage.removeItem(key);
          key = "draft:" + r.headers.get("X-Draft-Key");
          form.action = edit; form.dataset.autosave = next;
          history.replaceState(null, "", edit);
        }
        if (localStorage.getItem(key) === typed) localStorage.removeItem(key);
        say(out.dataset.saved);
      } else {
        say(r.status === 422 ? await r.text() : out.dataset.offline);
      }
    } catch (e) {
      say(out.dataset.offline);
    }
    sending = false;
    if (again) { again = false; save(); }
  };
  const changed = () => {
    localStorage.setItem(key, JSON.stringify(snapshot()));
    clearTimeout(timer);
    timer = setTimeout(save, 800);
  };
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", () => localStorage.removeItem(key));
  addEventListener("online", () => { if (localStorage.getItem(key)) save(); });
  if (restore()) save();  // typed here before a reload or offline, not saved yet
}
}
