"""Times the web viewer in headless Chromium against a running `sightline serve`.

  .venv-interop/bin/python Benchmarks/Viewer/viewer_timing.py http://127.0.0.1:4318 [rounds]

Prints, as medians over the rounds: the trace list's API answer (`GET /api/traces?limit=50`),
the time from opening the page until the list shows its first 50 traces, and the time from
opening a 2,000-span trace (sent here once, over LangWatch's REST route) until its waterfall
is drawn. Each round loads the page afresh.
"""
import json
import shutil
import statistics
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def wait_for(driver, script, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script(script):
            return True
        time.sleep(0.005)
    raise TimeoutError(script)


def send_trace(base, spans):
    request = urllib.request.Request(base + "/api/collector", data=json.dumps({"trace_id": "viewer-bench-2000", "spans": spans}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=60).read()


def main():
    base = sys.argv[1].rstrip("/")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    start = int(time.time() * 1000) - 3_600_000
    spans = [{"type": "agent", "span_id": "root", "name": "bench", "timestamps": {"started_at": start, "finished_at": start + 4000}}]
    for index in range(1999):
        parent = "root" if index < 40 else f"s{index % 40}"
        spans.append({"type": "llm" if index % 3 == 0 else "tool", "span_id": f"s{index}", "parent_id": parent, "name": f"step-{index}",
                      "model": "gpt-4o", "metrics": {"prompt_tokens": 10, "completion_tokens": 5, "cost": 0.0001},
                      "timestamps": {"started_at": start + index, "finished_at": start + index + 2}})
    send_trace(base, spans)

    options = Options()
    options.binary_location = shutil.which("chromium")
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1600,1000"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    api, usable, waterfall = [], [], []
    try:
        for _ in range(rounds):
            tick = time.monotonic()
            urllib.request.urlopen(base + "/api/traces?limit=50", timeout=30).read()
            api.append(time.monotonic() - tick)

            driver.get("about:blank")
            tick = time.monotonic()
            driver.get(base + "/#/traces")
            wait_for(driver, "return document.querySelectorAll('#trace-rows tr').length >= 50")
            usable.append(time.monotonic() - tick)

            driver.get("about:blank")
            tick = time.monotonic()
            driver.get(base + "/#/trace/viewer-bench-2000")
            wait_for(driver, "return document.querySelectorAll('#waterfall-rows .wf-row').length > 0")
            waterfall.append(time.monotonic() - tick)
        rows = driver.execute_script("return document.querySelectorAll('#waterfall-rows .wf-row').length")
    finally:
        driver.quit()
    ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    print(f"GET /api/traces?limit=50: {ms(api)}")
    print(f"trace list usable (50 rows shown) after opening the page: {ms(usable)}")
    print(f"2,000-span trace: waterfall drawn after opening the page: {ms(waterfall)} ({rows} rows in the DOM)")


if __name__ == "__main__":
    main()
