"""One page load in Chromium on an emulated phone link, measured from the DevTools protocol.

Definitions (the README repeats them):
- bytes: CDP `encodedDataLength` of every response, headers included, by resource type;
- requests: every request the page and its service worker made; "on the wire" leaves out
  those answered from the HTTP cache or by the service worker (a worker's own fetch that
  reaches the network is on the wire, and its bytes are counted there);
- TTFB: from the document's `Network.requestWillBeSent` to its `Network.responseReceived`
  (Navigation Timing ignores the emulated latency);
- FCP and LCP: the browser's paint entries, from the start of the navigation;
- usable: the load event has fired and no request has been in flight for 500 ms; the figure
  is the moment that quiet began (the later of the load event and the end of the last request).
"""
import json
import time

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
QUIET_S = 0.5
TYPES = {"Document": "html", "Stylesheet": "css", "Script": "js", "Image": "img", "Font": "font"}
MIME_TYPES = {"text/html": "html", "text/css": "css", "application/javascript": "js", "text/javascript": "js",
              "image/webp": "img", "image/png": "img", "image/svg+xml": "img", "image/jpeg": "img"}

PAINTS = """() => new Promise(resolve => {
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  let lcp = null;
  new PerformanceObserver(list => { const e = list.getEntries(); lcp = e[e.length - 1].startTime; })
    .observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => resolve({fcp: fcp ? fcp.startTime : null, lcp: lcp}), 100);
})"""


class Recorder:
    """Collects the network and page events of one navigation from a CDP session."""

    def __init__(self, cdp):
        self.reset()
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.responseReceived", self._received)
        cdp.on("Network.requestServedFromCache", lambda e: self._request(e).update(cached=True))
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._finished)
        cdp.on("Page.loadEventFired", self._loaded)
        self._worker_handlers = {"Network.requestWillBeSent": self._sent, "Network.responseReceived": self._received,
                                 "Network.loadingFinished": self._finished, "Network.loadingFailed": self._finished}

    def worker_event(self, method, event):
        """A service worker's network event: its fetches reach the network for the page."""
        handler = self._worker_handlers.get(method)
        if handler is not None:
            handler(event)

    def reset(self):
        self.requests, self.load_ts, self.last_activity = {}, None, time.monotonic()

    def _request(self, event):
        return self.requests.setdefault(event["requestId"], {"bytes": 0, "cached": False, "end": None})

    def _sent(self, event):
        if event["request"]["url"].startswith("data:"):
            return
        request = self._request(event)
        request.update(start=event["timestamp"], type=TYPES.get(event.get("type"), "other"),
                       url=event["request"]["url"], end=None)
        self.last_activity = time.monotonic()

    def _received(self, event):
        response = event["response"]
        request = self._request(event)
        request["ttfb_ts"] = event["timestamp"]
        request["status"] = response.get("status")
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            request["cached"] = True
        if response.get("fromServiceWorker"):
            request["service_worker"] = True
        if request.get("type") == "other":  # a worker's fetch says only what it received
            request["type"] = MIME_TYPES.get(response.get("mimeType"), "other")

    def _finished(self, event):
        request = self._request(event)
        request["bytes"] = int(event.get("encodedDataLength", 0))
        request["end"] = event["timestamp"]
        self.last_activity = time.monotonic()

    def _loaded(self, event):
        self.load_ts = event["timestamp"]
        self.last_activity = time.monotonic()

    def in_flight(self):
        return sum(1 for r in self.requests.values() if "start" in r and r["end"] is None)

    def summary(self, paints):
        seen = [r for r in self.requests.values() if "start" in r]
        document = min((r for r in seen if r["type"] == "html"), key=lambda r: r["start"])
        start = document["start"]
        by_type = {}
        for request in seen:
            # What the worker answered was counted where it came from: the worker's own fetch or its cache.
            counted = 0 if request.get("service_worker") else request["bytes"]
            by_type[request["type"]] = by_type.get(request["type"], 0) + counted
        ends = [r["end"] for r in seen if r["end"] is not None]
        wire = [r for r in seen if not r["cached"] and not r.get("service_worker")]
        return {
            "bytes": sum(by_type.values()), "bytes_by_type": by_type, "requests": len(seen),
            "requests_on_wire": len(wire), "status": document.get("status"),
            "ttfb_ms": round((document["ttfb_ts"] - start) * 1000), "fcp_ms": _round(paints["fcp"]),
            "lcp_ms": _round(paints["lcp"]), "usable_ms": round((max([self.load_ts, *ends]) - start) * 1000),
        }


def _round(value):
    return None if value is None else round(value)


def measure(page, recorder, url, timeout_s=90):
    """Navigates and waits for the quiet that defines "usable"; returns the figures."""
    recorder.reset()
    page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets the CDP events of the page arrive
        quiet = time.monotonic() - recorder.last_activity
        if recorder.load_ts is not None and recorder.in_flight() == 0 and quiet >= QUIET_S:
            break
    return recorder.summary(page.evaluate(PAINTS))


def emulate(cdp, profile, cpu_rate):
    """Throttles the tab's CPU and network; one mechanism per target (see the README)."""
    cdp.send("Network.enable")
    cdp.send("Page.enable")
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_rate})
    cdp.send("Network.emulateNetworkConditions", network_conditions(profile))


def network_conditions(profile):
    return {"offline": False, "latency": profile["rtt_ms"], "downloadThroughput": profile["down_kbps"] * 1000 / 8,
            "uploadThroughput": profile["up_kbps"] * 1000 / 8}


class ServiceWorkerLink:
    """Puts the context's service workers on the page's link and records their requests.

    A service worker's own fetches escape the tab's throttling and its CDP events. Playwright
    opens CDP sessions on pages only, so workers are reached through the browser's session:
    `Target.attachToTarget` without flatten, commands wrapped in `Target.sendMessageToTarget`,
    events unwrapped from `Target.receivedMessageFromTarget`. Their requests are recorded
    beside the page's, under ids of their own, and count as requests on the wire.
    """

    def __init__(self, browser, page_cdp, profile, recorder):
        self.cdp = browser.new_browser_cdp_session()
        self.context_id = page_cdp.send("Target.getTargetInfo")["targetInfo"]["browserContextId"]
        self.profile, self.recorder = profile, recorder
        self.sessions, self.attached, self.failures, self.next_id = {}, [], [], 0
        self.cdp.on("Target.receivedMessageFromTarget", self._message)
        self.cdp.on("Target.targetCreated", self._created)
        self.cdp.send("Target.setDiscoverTargets", {"discover": True})

    def _created(self, event):
        info = event["targetInfo"]
        if info["type"] != "service_worker" or info.get("browserContextId") != self.context_id:
            return
        try:
            session = self.cdp.send("Target.attachToTarget", {"targetId": info["targetId"], "flatten": False})
            self.sessions[session["sessionId"]] = info["url"]
            self._send(session["sessionId"], "Network.enable")
            self._send(session["sessionId"], "Network.emulateNetworkConditions", network_conditions(self.profile))
            self.attached.append(info["url"])
        except Exception as error:  # noqa: BLE001 - reported in the results, never hidden
            self.failures.append(f"not throttled: {error}")

    def _send(self, session_id, method, params=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        self.cdp.send("Target.sendMessageToTarget", {"sessionId": session_id, "message": json.dumps(message)})

    def _message(self, event):
        if event["sessionId"] not in self.sessions:
            return
        message = json.loads(event["message"])
        method, params = message.get("method", ""), message.get("params")
        if not method.startswith("Network.") or not params or "requestId" not in params:
            return
        self.recorder.worker_event(method, dict(params, requestId="sw:" + params["requestId"]))

    def close(self):
        self.cdp.detach()
