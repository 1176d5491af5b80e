"""Checks the Sightline viewer in headless Chromium, as a user would, through Selenium.

  viewer_check.py main   BASE_URL FIXTURE_JSON SCREENSHOT_DIR
  viewer_check.py apikey BASE_URL API_KEY SCREENSHOT_DIR

Every check runs even when an earlier one failed; the failures are printed and the exit
status is 1 when there was any. The last line `ADDED-LABEL <label> <trace id>` (main) names
the label added through the page, for the caller to look up with `sightline traces --label`.
"""
import json
import os
import shutil
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

failures = []


def check(condition, message):
    print(("ok   " if condition else "FAIL ") + message, flush=True)
    if not condition:
        failures.append(message)
    return condition


def guarded(what, checks, *arguments):
    """Runs a group of checks; an exception (an element that never appeared) fails the group only."""
    try:
        return checks(*arguments)
    except Exception as error:  # reported, and the other groups still run
        check(False, f"{what}: {type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}")
        return None


def browser():
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        sys.exit("chromium and chromedriver are required: Scripts/install-browser-dependencies.sh installs them")
    options = Options()
    options.binary_location = chromium
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1600,1000", "--lang=en-US"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


def wait_until(predicate, timeout=10.0):
    """The predicate's last value, once truthy or when time is up."""
    end = time.monotonic() + timeout
    value = None
    while True:
        try:
            value = predicate()
        except Exception:  # the page is between two renders
            value = None
        if value or time.monotonic() > end:
            return value
        time.sleep(0.1)


class Viewer:
    def __init__(self, driver, base, shots):
        self.driver = driver
        self.base = base.rstrip("/")
        self.shots = shots

    def open(self, fragment):
        self.driver.get(f"{self.base}/#/{fragment}")

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def frame(self):
        """Waits for the next animation frame: the waterfall renders its rows on one."""
        self.driver.execute_async_script("requestAnimationFrame(() => requestAnimationFrame(arguments[0]))")

    def fragment(self):
        return urllib.parse.unquote(self.js("return location.hash"))

    def listed(self):
        """The trace ids the list shows, in order, once it has loaded."""
        status = self.driver.find_element(By.ID, "list-status").text
        if status.startswith("Loading"):
            return None
        return [row.get_attribute("data-trace-id") for row in self.driver.find_elements(By.CSS_SELECTOR, "#trace-rows tr")]

    def expect_listed(self, expected, what):
        expected = list(expected)
        shown = wait_until(lambda: self.listed() if set(self.listed() or []) == set(expected) else None) or self.listed()
        return check(shown is not None and sorted(shown) == sorted(expected) and len(shown) == len(expected),
                     f"{what}: the list shows exactly {expected} (shown: {shown})")

    def filter_with_form(self, field, value):
        self.open("traces")
        wait_until(lambda: self.listed() is not None)
        self.driver.find_element(By.ID, "clear-filters").click()
        box = self.driver.find_element(By.ID, f"filter-{field}")
        box.clear()
        box.send_keys(value)
        self.driver.find_element(By.ID, "apply-filters").click()

    def click(self, by, selector, timeout=10.0):
        """Clicks the element once it is there; the waterfall redraws its rows, so a row found a
        moment ago may be gone: it is looked up again until the click lands."""
        def attempt():
            self.driver.find_element(by, selector).click()
            return True
        return check(wait_until(attempt, timeout), f"clicked {selector}")

    def screenshot(self, name):
        os.makedirs(self.shots, exist_ok=True)
        self.driver.save_screenshot(os.path.join(self.shots, f"{name}.png"))

    def not_pwned(self, where):
        state = self.js("return [typeof window.__pwned, document.title, document.querySelectorAll('img').length, "
                        "document.querySelectorAll('script').length]")
        check(state == ["undefined", "Sightline", 0, 1],
              f"{where}: no payload ran (window.__pwned, title, img and script elements: {state})")


def main_checks(viewer, fixture):
    traces = fixture["traces"]
    everything = list(traces.values())
    payload_script, payload_image, hostile_user, hostile_label, hostile_meta = fixture["payloads"]

    # The list: every trace, newest first.
    viewer.open("traces")
    viewer.expect_listed(everything, "no filter")
    check(viewer.listed()[0] == traces["hostile"], "newest first: the last trace recorded is on top")
    viewer.screenshot("traces")
    viewer.not_pwned("trace list")
    body = viewer.driver.find_element(By.ID, "trace-rows").text
    check(hostile_user in body and hostile_label in body, "the hostile user id and label show as text in the list")

    # Each filter through the filter bar.
    for field, value, names in [
        ("user", "ana", ["ana-1", "ana-2", "ana-3"]),
        ("thread", "thread-ben", ["ben-1", "ben-error"]),
        ("customer", "acme", ["ana-1", "ana-2", "ana-3"]),
        ("label", "beta", ["ana-2", "ben-1"]),
        ("meta", "score>0.8", ["ana-1", "ben-1"]),
        ("model", "claude-sonnet", ["ben-1", "ben-error"]),
        ("type", "rag", ["ben-1"]),
        ("text", "warranty", ["ben-1"]),
    ]:
        if field == "type":
            viewer.open("traces")
            wait_until(lambda: viewer.listed() is not None)
            viewer.driver.find_element(By.ID, "clear-filters").click()
            viewer.js("const s = document.getElementById('filter-type'); s.value = arguments[0];", value)
            viewer.driver.find_element(By.ID, "apply-filters").click()
        else:
            viewer.filter_with_form(field, value)
        wait_until(lambda: f"{field}={value}" in viewer.fragment())
        check(f"{field}={value}" in viewer.fragment(), f"the {field} filter is in the URL ({viewer.fragment()})")
        viewer.expect_listed([traces[name] for name in names], f"{field} {value}")

    viewer.open("traces?errors=true")
    viewer.expect_listed([traces["ben-error"]], "errors only")
    viewer.open("traces?meta=score%3E%3D0.5&meta=score%3C0.95")
    viewer.expect_listed([traces[n] for n in ["ana-1", "ana-2", "ana-3"]], "two numeric meta conditions")

    # A label chip adds its filter and changes the URL; back returns to the whole list.
    viewer.open("traces")
    viewer.expect_listed(everything, "no filter, again")
    chip = viewer.driver.find_element(By.CSS_SELECTOR, f"tr[data-trace-id='{traces['ana-2']}'] .chip-label[data-value='beta']")
    chip.click()
    wait_until(lambda: "label=beta" in viewer.fragment())
    check("label=beta" in viewer.fragment(), f"clicking the beta chip puts label=beta in the URL ({viewer.fragment()})")
    viewer.expect_listed([traces["ana-2"], traces["ben-1"]], "after clicking the beta chip")
    viewer.driver.find_element(By.CSS_SELECTOR, f"tr[data-trace-id='{traces['ana-2']}'] .chip-meta[data-value='score=0.5']").click()
    wait_until(lambda: "meta=score=0.5" in viewer.fragment())
    check("label=beta" in viewer.fragment() and "meta=score=0.5" in viewer.fragment(),
          f"a metadata chip adds its condition to the label filter ({viewer.fragment()})")
    viewer.expect_listed([traces["ana-2"]], "beta and score=0.5 together")
    viewer.driver.back()
    viewer.expect_listed([traces["ana-2"], traces["ben-1"]], "back: the beta filter alone")
    viewer.driver.back()
    viewer.expect_listed(everything, "back again: no filter")

    # The hostile user's chip filters by that exact value.
    viewer.driver.find_element(By.CSS_SELECTOR, f"tr[data-trace-id='{traces['hostile']}'] .chip-user").click()
    viewer.expect_listed([traces["hostile"]], "clicking the hostile user chip")
    viewer.not_pwned("list filtered by the hostile user")

    guarded("live updates", live_checks, viewer, traces)
    guarded("trace pages", trace_checks, viewer, fixture)
    guarded("thread page", thread_checks, viewer, traces)
    guarded("users page", users_checks, viewer, traces)
    guarded("overview page", overview_checks, viewer)
    guarded("hostile payloads", hostile_checks, viewer, traces, fixture["payloads"])
    added = guarded("annotations", annotate_checks, viewer, traces)
    guarded("a 20,000-span trace with a 10 MB output", huge_trace_checks, viewer)
    guarded("paging", paging_checks, viewer)
    return added


def live_checks(viewer, traces):
    """A trace that arrives while the list is open appears on top; the row read stays put."""
    viewer.driver.set_window_size(1400, 560)
    viewer.open("traces")
    wait_until(lambda: viewer.listed())
    viewer.js("window.scrollTo(0, 260)")
    time.sleep(0.3)
    probe = "const r = document.elementFromPoint(700, 300); const row = r && r.closest('tr'); return row ? row.dataset.traceId : null"
    before = viewer.js(probe)
    now = int(time.time() * 1000)
    request = json.dumps({"trace_id": "live-trace-1", "spans": [{"type": "span", "span_id": "live", "name": "arrived-live",
                          "timestamps": {"started_at": now, "finished_at": now + 5}}], "metadata": {"user_id": "dana"}}).encode()
    urllib.request.urlopen(urllib.request.Request(viewer.base + "/api/collector", data=request,
                                                  headers={"Content-Type": "application/json"}), timeout=10).read()
    arrived = wait_until(lambda: (viewer.listed() or [None])[0] == "live-trace-1", timeout=10)
    check(arrived, "a trace sent while the list is open appears on top without a reload")
    check(before is not None and viewer.js(probe) == before, f"the row under the reader stays put ({before} → {viewer.js(probe)})")
    viewer.driver.set_window_size(1600, 1000)


def collect_waterfall(viewer):
    """Every row of the (virtualised) waterfall, scrolled through as a reader would."""
    rows = {}
    scroller = viewer.driver.find_element(By.ID, "waterfall-rows")
    height = viewer.js("return arguments[0].scrollHeight", scroller)
    step = max(viewer.js("return arguments[0].clientHeight", scroller) // 2, 50)
    position = 0
    while True:
        viewer.js("arguments[0].scrollTop = arguments[1]", scroller, position)
        viewer.frame()
        for row in viewer.js("""return [...arguments[0].querySelectorAll('.wf-row')].map(r => [r.dataset.spanId, +r.dataset.depth,
            r.querySelector('.wf-name').textContent, r.querySelector('.wf-tokens').textContent, r.querySelector('.wf-cost').textContent])""", scroller):
            rows[row[0]] = row
        if position >= height:
            break
        position += step
    viewer.js("arguments[0].scrollTop = 0", scroller)
    viewer.frame()
    return list(rows.values())


def trace_checks(viewer, fixture):
    traces = fixture["traces"]
    # The 500-span trace: every span at its depth, with its tokens and cost.
    started = time.monotonic()
    viewer.open(f"trace/{traces['cleo-big']}")
    wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, "#waterfall-rows .wf-row"))
    check(bool(viewer.driver.find_elements(By.CSS_SELECTOR, "#waterfall-rows .wf-row")),
          f"the 500-span waterfall draws (in {time.monotonic() - started:.2f} s)")
    rows = collect_waterfall(viewer)
    check(len(rows) == 500, f"the waterfall has a row per span: {len(rows)} of 500")
    shown = {row[2]: row for row in rows}
    wrong = []
    for span in fixture["bigTraceSpans"]:
        row = shown.get(span["name"])
        if row is None or row[1] != span["depth"]:
            wrong.append((span["name"], "depth", row and row[1], span["depth"]))
            continue
        if span.get("inputTokens") is not None:
            if row[3] != f"{span['inputTokens']} → {span['outputTokens']}":
                wrong.append((span["name"], "tokens", row[3]))
            if abs(float(row[4].lstrip("$")) - span["cost"]) > 1e-9:
                wrong.append((span["name"], "cost", row[4]))
        elif row[3] or row[4]:
            wrong.append((span["name"], "tokens or cost where none were sent", row[3], row[4]))
    check(not wrong, f"every span at its depth with its tokens and cost (wrong: {wrong[:5]})")
    # Collapsing a group hides its 54 steps.
    viewer.click(By.XPATH, "//div[contains(@class,'wf-row')][.//span[@class='wf-name' and text()='group-0']]//button[@class='twisty']")
    viewer.frame()
    check(not viewer.driver.find_elements(By.XPATH, "//span[@class='wf-name' and text()='step-0-0']"),
          "collapsing group-0 hides its steps")
    viewer.screenshot("trace-500-spans")

    # The tool-call trace: the answer's input reads as a transcript with the tool call.
    viewer.open(f"trace/{traces['ana-2']}")
    viewer.click(By.XPATH, "//span[@class='wf-name' and text()='answer']")
    wait_until(lambda: viewer.driver.find_element(By.ID, "span-name").text == "answer")
    roles = [r.text.split(" ")[0].lower() for r in viewer.driver.find_elements(By.CSS_SELECTOR, "#span-input .message .role")]
    check(roles == ["user", "assistant", "tool"], f"the answer's input is a transcript of user, assistant, tool ({roles})")
    calls = viewer.driver.find_elements(By.CSS_SELECTOR, "#span-input .tool-call")
    check(len(calls) == 1 and "lookup_order" in calls[0].text, "the assistant's tool call shows its name")
    check("#/trace/" in viewer.fragment() and "span=" in viewer.fragment(), "the selected span is in the URL")
    check(viewer.driver.find_element(By.ID, "span-tokens").text == "30 → 7", "the selected span shows its tokens")
    viewer.driver.find_element(By.ID, "waterfall-rows").send_keys(Keys.ARROW_UP)
    check(wait_until(lambda: viewer.driver.find_element(By.ID, "span-name").text == "lookup_order"),
          "the up arrow selects the span above")
    viewer.screenshot("trace")

    # The RAG span: its documents with their scores.
    viewer.open(f"trace/{traces['ben-1']}")
    viewer.click(By.XPATH, "//span[@class='wf-name' and text()='retrieve']")
    documents = wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, ".documents .document"))
    texts = [d.text for d in documents or []]
    check(len(texts) == 2 and "doc-warranty" in texts[0] and "score 0.910" in texts[0] and "two years" in texts[0],
          f"the RAG span shows its documents with scores ({texts})")

    # The failed span is marked, with its status.
    viewer.open(f"trace/{traces['ben-error']}")
    failed = wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, ".wf-row.error"))
    check(failed and len(failed) == 1, "the failed span's row is marked")
    if failed:
        viewer.click(By.CSS_SELECTOR, ".wf-row.error")
        status = wait_until(lambda: viewer.driver.find_element(By.CSS_SELECTOR, ".status-error").text)
        check(status and "unavailable" in status, f"the failed span shows its status ({status})")


def thread_checks(viewer, traces):
    viewer.open("traces")
    wait_until(lambda: viewer.listed())
    viewer.driver.find_element(By.CSS_SELECTOR, f"tr[data-trace-id='{traces['ana-1']}'] .thread-link").click()
    turns = wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, "#turns > li"))
    order = [t.get_attribute("data-trace-id") for t in turns or []]
    check(order == [traces["ana-1"], traces["ana-2"], traces["ana-3"]], f"the thread's turns in order ({order})")
    texts = [t.text for t in turns or []]
    check(len(texts) == 3 and "How do refunds work?" in texts[0] and "Refunds take 5 days." in texts[0]
          and "Order A-17 ships tomorrow." in texts[1] and "Shipping is free." in texts[2],
          "each turn shows the user's input and the answer")
    totals = viewer.driver.find_element(By.ID, "thread-totals").text
    check(totals.startswith("TURNS\n3\n") and "85 → 29" in totals and "$0.0050" in totals,
          f"the thread's totals: 3 turns, 85 → 29 tokens, $0.0050 ({totals!r})")
    viewer.screenshot("thread")
    turns[1].find_element(By.CSS_SELECTOR, ".open-trace").click()
    wait_until(lambda: traces["ana-2"] in viewer.fragment())
    check(traces["ana-2"] in viewer.fragment(), "a turn links to its trace")


def users_checks(viewer, traces):
    viewer.open("users")
    rows = wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, "#users-table tbody tr"))
    users = [r.get_attribute("data-user-id") for r in rows or []]
    check(set(users) >= {"ana", "ben", "cleo"}, f"the users page lists every user ({users})")
    viewer.driver.find_element(By.CSS_SELECTOR, "button.sort[data-sort='traceCount']").click()
    wait_until(lambda: "sort=traceCount" in viewer.fragment())
    first = wait_until(lambda: viewer.driver.find_element(By.CSS_SELECTOR, "#users-table tbody tr").get_attribute("data-user-id"))
    check(first == "ana", f"sorted by traces, most first: ana ({first})")
    viewer.screenshot("users")
    viewer.driver.find_element(By.CSS_SELECTOR, "#users-table tr[data-user-id='ben'] .user-link").click()
    viewer.expect_listed([traces["ben-1"], traces["ben-error"]], "a user opens their traces")


def overview_checks(viewer):
    viewer.open("overview?range=24h")
    wait_until(lambda: viewer.driver.find_element(By.ID, "overview"))
    total = viewer.js("return [...document.querySelector('.chart-card svg').querySelectorAll('g.interval')].reduce((s, g) => s + +g.dataset.value, 0)")
    check(total == 8, f"the traces chart counts every trace, the live one too ({total} of 8)")
    traces_chart = viewer.driver.find_element(By.CSS_SELECTOR, ".chart-card")
    busiest = traces_chart.find_elements(By.CSS_SELECTOR, "g.interval:not([data-value='0'])")
    if check(bool(busiest), "the traces chart has a bar"):
        ActionChains(viewer.driver).move_to_element(busiest[-1]).perform()
        readout = traces_chart.find_element(By.CSS_SELECTOR, ".readout").text
        check(readout.endswith(f": {busiest[-1].get_attribute('data-value')}"), f"hovering a bar shows its value ({readout!r})")
    models = viewer.driver.find_element(By.ID, "latency").text
    check(all(m in models for m in ["gpt-4o", "gpt-4o-mini", "claude-sonnet"]), f"latency per model ({models!r})")
    viewer.screenshot("overview")


def hostile_checks(viewer, traces, payloads):
    payload_script, payload_image, hostile_user, hostile_label, hostile_meta = payloads
    viewer.open(f"trace/{traces['hostile']}")
    viewer.click(By.XPATH, "//span[@class='wf-name' and text()='chat']")
    wait_until(lambda: viewer.driver.find_element(By.ID, "span-input"))
    # The GenAI convention sends text as a one-message transcript: the payload is that message's text.
    shown_input = viewer.driver.find_element(By.CSS_SELECTOR, "#span-input .message-text").text
    shown_output = viewer.driver.find_element(By.CSS_SELECTOR, "#span-output .message-text").text
    check(shown_input == payload_script, f"the script payload shows literally as the input ({shown_input!r})")
    check(shown_output == payload_image, f"the onerror payload shows literally as the output ({shown_output!r})")
    metadata = viewer.driver.find_element(By.ID, "trace-metadata").text
    check(hostile_user in metadata and hostile_label in metadata and hostile_meta in metadata and payload_image in metadata,
          "the hostile user, label and metadata show literally")
    anchors = viewer.js("return [...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    check(all(a.startswith("#/") for a in anchors), f"every link is a viewer route, none from data ({[a for a in anchors if not a.startswith('#/')]})")
    viewer.screenshot("hostile")
    time.sleep(0.5)  # an <img onerror> would have fired by now
    viewer.not_pwned("hostile trace")


def annotate_checks(viewer, traces):
    label = "reviewed-in-viewer"
    viewer.open(f"trace/{traces['ana-1']}")
    box = wait_until(lambda: viewer.driver.find_element(By.ID, "add-label-input"))
    box.send_keys(label)
    viewer.driver.find_element(By.ID, "add-label").click()
    shown = wait_until(lambda: label in viewer.driver.find_element(By.ID, "trace-labels").text)
    check(shown, "an added label shows at once")
    viewer.driver.find_element(By.ID, "meta-key-input").send_keys("verdict")
    viewer.driver.find_element(By.ID, "meta-value-input").send_keys("good")
    viewer.driver.find_element(By.ID, "set-meta").click()
    check(wait_until(lambda: "verdict=good" in viewer.driver.find_element(By.ID, "trace-meta").text), "a metadata value set shows at once")
    # An evaluation pushed afterwards shows on the trace page, as text (the label is markup that must stay text).
    evaluation = {"name": "faithfulness", "score": 0.42, "label": "<b>fail</b>", "explanation": "cites a window the context lacks"}
    urllib.request.urlopen(urllib.request.Request(viewer.base + f"/api/traces/{traces['ana-1']}/evaluations",
                                                  data=json.dumps(evaluation).encode(),
                                                  headers={"Content-Type": "application/json"}), timeout=30).read()
    viewer.driver.find_element(By.CSS_SELECTOR, "#trace-labels button[aria-label='Remove label production']").click()
    check(wait_until(lambda: "production" not in viewer.driver.find_element(By.ID, "trace-labels").text), "a removed label goes at once")
    viewer.driver.refresh()
    labels = wait_until(lambda: viewer.driver.find_element(By.ID, "trace-labels").text)
    check(labels and label in labels and "production" not in labels, f"after a reload the labels are as edited ({labels!r})")
    check("verdict=good" in viewer.driver.find_element(By.ID, "trace-meta").text, "after a reload the metadata value is there")
    evaluations = viewer.driver.find_element(By.ID, "trace-evaluations")
    check("faithfulness 0.42 <b>fail</b>" in evaluations.text and not evaluations.find_elements(By.TAG_NAME, "b"),
          f"a pushed evaluation shows on the trace page as text ({evaluations.text!r})")
    viewer.open("traces?meta=verdict%3Dgood")
    viewer.expect_listed([traces["ana-1"]], "the list filtered by the metadata set in the page")
    # The evaluation just pushed, found through the filter bar's evaluation field.
    viewer.filter_with_form("eval", "faithfulness<0.5")
    wait_until(lambda: "eval=faithfulness" in viewer.fragment())
    check("eval=faithfulness" in viewer.fragment(), f"the eval filter is in the URL ({viewer.fragment()})")
    viewer.expect_listed([traces["ana-1"]], "eval faithfulness<0.5")
    return label, traces["ana-1"]


def post_rest_trace(viewer, body):
    request = urllib.request.Request(viewer.base + "/api/collector", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=60).read()


def huge_trace_checks(viewer):
    """20,000 spans and a 10 MB output: the page draws at once, keeps a few rows in the DOM, folds the text."""
    start = int(time.time() * 1000)
    spans = [{"type": "agent", "span_id": "root", "name": "huge", "timestamps": {"started_at": start, "finished_at": start + 30000}}]
    for group in range(199):
        spans.append({"type": "chain", "span_id": f"g{group}", "parent_id": "root", "name": f"group-{group}",
                      "timestamps": {"started_at": start + group * 100, "finished_at": start + group * 100 + 99}})
        for step in range(100):
            spans.append({"type": "tool", "span_id": f"g{group}-{step}", "parent_id": f"g{group}", "name": f"call-{group}-{step}",
                          "timestamps": {"started_at": start + group * 100 + step * 0.5, "finished_at": start + group * 100 + step * 0.5 + 0.4}})
    spans[-1]["output"] = {"type": "text", "value": "BEGIN" + "x" * (10 * 1024 * 1024) + "END"}
    for offset in range(0, len(spans), 5000):
        post_rest_trace(viewer, {"trace_id": "huge-trace", "spans": spans[offset:offset + 5000]})
    started = time.monotonic()
    viewer.open("trace/huge-trace?span=g198-99")
    drawn = wait_until(lambda: viewer.driver.find_elements(By.CSS_SELECTOR, "#waterfall-rows .wf-row"), timeout=30)
    elapsed = time.monotonic() - started
    check(bool(drawn), f"the 20,000-span waterfall draws (fetched and drawn in {elapsed:.2f} s)")
    in_dom = len(viewer.driver.find_elements(By.CSS_SELECTOR, ".wf-row"))
    check(0 < in_dom < 200, f"only the rows in view are in the page ({in_dom} of 20,000)")
    tick = time.monotonic()
    viewer.js("return 1")
    check(time.monotonic() - tick < 1, "the page answers at once")
    folded = wait_until(lambda: viewer.js("const p = document.querySelector('#span-output pre'); return p && p.textContent.length"))
    check(folded == 4096, f"the 10 MB output shows its first 4 KB ({folded} characters)")
    viewer.driver.find_element(By.CSS_SELECTOR, "#span-output .show-all").click()
    whole = viewer.js("return document.querySelector('#span-output pre').textContent")
    check(len(whole) == 10 * 1024 * 1024 + 8 and whole.endswith("END"), f"show all shows every character ({len(whole)})")
    selected = viewer.js("const r = document.querySelector('.wf-row.selected'); return r && r.dataset.spanId")
    check(selected == "g198-99", f"the last span, selected by the URL, is scrolled into view ({selected})")


def paging_checks(viewer):
    """With more traces than a page, scrolling to the end loads the older ones, each once."""
    now = int(time.time() * 1000) - 600_000
    for index in range(60):
        post_rest_trace(viewer, {"trace_id": f"paged-{index}", "spans": [{"type": "span", "span_id": "root", "name": f"paged-{index}",
                                 "timestamps": {"started_at": now + index, "finished_at": now + index + 1}}]})
    stored = json.load(urllib.request.urlopen(viewer.base + "/api/traces?limit=1000", timeout=30))
    viewer.open("traces")
    first = wait_until(lambda: viewer.listed())
    check(first is not None and len(first) == 50, f"the first page shows 50 traces ({len(first or [])})")
    viewer.js("document.getElementById('older').scrollIntoView()")
    shown = wait_until(lambda: viewer.listed() if len(viewer.listed() or []) == len(stored) else None)
    shown = shown or viewer.listed() or []
    check(shown == [trace["traceId"] for trace in stored],
          f"scrolling to the end loads the older traces, each once, in order ({len(shown)} shown of {len(stored)})")
    check(not viewer.driver.find_element(By.ID, "older").is_displayed(), "with every trace shown, no button for more")


def api_key_checks(viewer, key):
    status = None
    try:
        urllib.request.urlopen(viewer.base + "/api/traces", timeout=10)
    except urllib.error.HTTPError as error:
        status = error.code
    check(status == 401, f"the API refuses a call without the key ({status})")
    page = urllib.request.urlopen(viewer.base + "/", timeout=10)
    check(page.status == 200 and "default-src 'self'" in page.headers.get("Content-Security-Policy", ""),
          "the page itself loads without the key, with its Content-Security-Policy")
    viewer.open("traces")
    form = wait_until(lambda: viewer.driver.find_element(By.ID, "api-key-input"))
    check(form is not None, "the page asks for the key")
    viewer.screenshot("api-key")
    form.send_keys("not-the-key")
    viewer.driver.find_element(By.ID, "api-key-submit").click()
    again = wait_until(lambda: "refused" in viewer.driver.find_element(By.CSS_SELECTOR, ".key-form").text)
    check(again, "a wrong key is refused and asked again")
    viewer.driver.find_element(By.ID, "api-key-input").send_keys(key)
    viewer.driver.find_element(By.ID, "api-key-submit").click()
    rows = wait_until(lambda: viewer.listed())
    check(rows is not None and len(rows) == 1, f"with the key the list loads ({rows})")
    viewer.driver.refresh()
    rows = wait_until(lambda: viewer.listed())
    check(rows is not None and len(rows) == 1 and not viewer.driver.find_elements(By.ID, "api-key-input"),
          "the key is kept for the tab: a reload asks no more")


def run():
    mode, base, argument, shots = sys.argv[1:5]
    driver = browser()
    try:
        viewer = Viewer(driver, base, shots)
        if mode == "main":
            with open(argument) as file:
                fixture = json.load(file)
            added = guarded("trace list", main_checks, viewer, fixture)
            errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "401" not in e["message"]]
            check(not errors, f"no script errors in the console ({errors[:3]})")
            if added:
                print(f"ADDED-LABEL {added[0]} {added[1]}")
        else:
            guarded("API key", api_key_checks, viewer, argument)
    finally:
        driver.quit()
    if failures:
        print(f"{len(failures)} check(s) failed:\n  " + "\n  ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    run()
