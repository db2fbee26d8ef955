"""One page load in Chromium on an emulated phone link, measured from the DevTools protocol.

Definitions (the README repeats them):
- bytes: CDP `encodedDataLength` of every response, headers included, by resource type;
- requests: every request the page made; "on the wire" leaves out those answered from the
  HTTP cache or by the service worker;
- TTFB: from the document's `Network.requestWillBeSent` to its `Network.responseReceived`
  (Navigation Timing ignores the emulated latency);
- FCP and LCP: the browser's paint entries, from the start of the navigation;
- usable: the load event has fired and no request has been in flight for 500 ms; the figure
  is the moment that quiet began (the later of the load event and the end of the last request).
"""
import time

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
QUIET_S = 0.5
TYPES = {"Document": "html", "Stylesheet": "css", "Script": "js", "Image": "img", "Font": "font"}

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
            by_type[request["type"]] = by_type.get(request["type"], 0) + request["bytes"]
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


def throttle_service_workers(context, profile, attached):
    """Requests a service worker makes escape the tab's throttling: give each worker the same link."""
    def attach(worker):
        try:
            session = context.new_cdp_session(worker)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", network_conditions(profile))
            attached.append(worker.url)
        except Exception as error:  # noqa: BLE001 - reported in the results, never hidden
            attached.append(f"not throttled: {error}")
    context.on("serviceworker", attach)
