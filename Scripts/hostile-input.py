#!/usr/bin/env python3
"""Runs the attacks of issue 16 against a fresh `sightline serve` each (loopback) and prints,
per attack, the reply, the time it took and the server's peak resident memory (VmHWM).

    python3 Scripts/hostile-input.py [path/to/sightline]   # default .build/debug/sightline
"""
import json, os, random, signal, socket, subprocess, sys, tempfile, time, urllib.request, urllib.error

BINARY = sys.argv[1] if len(sys.argv) > 1 else ".build/debug/sightline"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def memory(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) // 1024  # MB
    return 0


class Collector:
    def __init__(self, extra=(), file_limit=None):
        self.directory = tempfile.mkdtemp()
        self.port = free_port()
        command = [BINARY, "serve", "--port", str(self.port), "--db", os.path.join(self.directory, "c.db"), *extra]
        if file_limit:
            command = ["/bin/sh", "-c", f'ulimit -n {file_limit} && exec "$0" "$@"', *command]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                self.request("GET", "/api/users")
                break
            except Exception:
                time.sleep(0.05)
        self.start_rss = memory(self.process.pid, "VmRSS")

    def request(self, method, path, body=None, content_type="application/json", timeout=120):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, method=method,
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def peak(self):
        return memory(self.process.pid, "VmHWM")

    def reset_peak(self):
        """Starts the peak (VmHWM) again from the resident size now, so it measures what follows."""
        with open(f"/proc/{self.process.pid}/clear_refs", "w") as refs:
            refs.write("5")
        self.start_rss = memory(self.process.pid, "VmRSS")

    def stop(self):
        self.process.kill()
        self.process.wait()


def field(number, payload):
    """A length-delimited protobuf field."""
    length, header = len(payload), bytes([number << 3 | 2])
    varint = bytearray()
    while length >= 0x80:
        varint.append(length & 0x7F | 0x80)
        length >>= 7
    varint.append(length)
    return header + bytes(varint) + payload


def partial_success_message(reply):
    """The error_message of an ExportTraceServiceResponse's partial_success (protobuf)."""
    def fields(data):
        position, found = 0, {}
        while position < len(data):
            key, position = data[position], position + 1
            value = 0
            shift = 0
            while True:
                byte, position = data[position], position + 1
                value |= (byte & 0x7F) << shift
                shift += 7
                if byte < 0x80:
                    break
            if key & 7 == 2:
                found[key >> 3], position = data[position:position + value], position + value
            else:
                found[key >> 3] = value
        return found
    partial = fields(reply).get(1, b"")
    return fields(partial).get(2, b"").decode()


def otlp(spans):
    return field(1, field(2, b"".join(field(2, span) for span in spans)))


def span(trace_id, span_id, name=b"s", attributes=b""):
    return field(1, trace_id) + field(2, span_id) + field(5, name) + attributes


def rest_trace(trace_id, metadata):
    return json.dumps({"trace_id": trace_id, "spans": [{"type": "span", "span_id": "s", "name": "n",
                       "timestamps": {"started_at": 1699900000000, "finished_at": 1699900001000}}],
                       "metadata": metadata}).encode()


def attack(name, run, extra=(), file_limit=None):
    collector = Collector(extra, file_limit)
    start = time.monotonic()
    try:
        outcome = run(collector)
    except Exception as error:  # the attack's failure is its outcome
        outcome = f"{type(error).__name__}: {error}"
    elapsed = time.monotonic() - start
    alive = collector.process.poll() is None
    print(f"| {name} | {str(outcome)[:150]} | {elapsed:.2f} s | {collector.start_rss} → {collector.peak() if alive else '-'} MB |"
          f" {'running' if alive else 'exited ' + str(collector.process.returncode)} |", flush=True)
    collector.stop()


def since_2600(c):
    status, body = c.request("GET", "/api/traces?since=2600-01-01T00:00:00Z")
    return f"{status} {body.decode()}"


def thousand_meta(c):
    status, body = c.request("GET", "/api/traces?" + "&".join(f"meta=k{i}%3D{i}" for i in range(1000)))
    return f"{status} {body.decode()}"


def bad_ids(c):
    trace = os.urandom(16)
    spans = [span(trace, os.urandom(8)), span(b"abc", os.urandom(8)), span(os.urandom(64), os.urandom(8)),
             span(trace, b"abc"), span(trace, os.urandom(8))]
    status, body = c.request("POST", "/v1/traces", otlp(spans), "application/x-protobuf")
    return f"{status}, {partial_success_message(body)}"


def nul_user(c):
    status, body = c.request("POST", "/api/collector", rest_trace("nul", {"user_id": "nul\u0000user"}))
    return f"{status} {body.decode()}"


def million_labels(c):
    status, body = c.request("POST", "/api/collector", rest_trace("flood", {"labels": [f"l{i}" for i in range(1_000_000)]}))
    return f"{status} {body.decode()}"


def labels_on_a_span(c):
    values = b"".join(field(1, field(1, f"t{i}".encode())) for i in range(300_000))  # ArrayValue.values: AnyValue.string_value
    attribute = field(9, field(1, b"langwatch.labels") + field(2, field(5, values)))
    status, body = c.request("POST", "/v1/traces", otlp([span(os.urandom(16), os.urandom(8), b"flood", attribute)]),
                             "application/x-protobuf")
    return f"{status}, {partial_success_message(body)}"


def idle_connections(c):
    flood = []
    for _ in range(1100):
        try:
            flood.append(socket.create_connection(("127.0.0.1", c.port), timeout=2))
        except OSError:
            break
    cpu = lambda: sum(int(x) for x in open(f"/proc/{c.process.pid}/stat").read().rsplit(")", 1)[1].split()[11:13])
    before, start = cpu(), time.monotonic()
    status, _ = c.request("GET", "/api/users", timeout=30)
    answered = time.monotonic() - start
    time.sleep(1)
    used = (cpu() - before) / os.sysconf("SC_CLK_TCK") / (time.monotonic() - start)
    for connection in flood:
        connection.close()
    return f"{len(flood)} connections open; GET /api/users {status} after {answered:.1f} s; server CPU {used:.0%} of a core"


def tiny_objects(c):
    status, body = c.request("POST", "/api/collector", b'{"trace_id":"t","spans":[' + b",".join([b'{"a":0}'] * 2_000_000) + b"]}")
    return f"{status} {body.decode()[:160]}"


def tiny_otlp_spans(c):
    status, body = c.request("POST", "/v1/traces",
                             b'{"resourceSpans":[{"scopeSpans":[{"spans":[' + b",".join([b"{}"] * 5_000_000) + b"]}]}]}")
    return f"{status} {body.decode()[:160]}"


def list_of_large_inputs(c):
    value = "x" * 12_000_000
    for index in range(8):
        body = json.dumps({"trace_id": f"large-{index}", "spans": [{"type": "span", "span_id": "s", "name": "n",
                           "input": {"type": "text", "value": value}, "output": {"type": "text", "value": value[:100]},
                           "timestamps": {"started_at": 1699900000000, "finished_at": 1699900001000}}],
                           "metadata": {"user_id": "large"}}).encode()
        c.request("POST", "/api/collector", body)
    c.reset_peak()
    start = time.monotonic()
    status, body = c.request("GET", "/api/traces?user=large")
    return f"{status}, a reply of {len(body):,} bytes listing {len(json.loads(body))} traces, in {time.monotonic() - start:.2f} s"


def huge_trace(c):
    trace, root = os.urandom(16), os.urandom(8)
    for batch in range(10):
        spans = [span(trace, root if batch == index == 0 else os.urandom(8), b"step") + (field(4, root) if batch or index else b"")
                 for index in range(10_000)]
        c.request("POST", "/v1/traces", otlp(spans), "application/x-protobuf")
    c.reset_peak()
    start = time.monotonic()
    status, body = c.request("GET", f"/api/traces/{trace.hex()}")
    elapsed = time.monotonic() - start
    detail = json.loads(body)
    return (f"{status}, a reply of {len(body):,} bytes: {len(detail['spans'])} spans, "
            f"nextSpanOffset {detail.get('nextSpanOffset')}, in {elapsed:.2f} s")


def sigterm_under_load(c):
    stalled = []
    for _ in range(20):
        connection = socket.create_connection(("127.0.0.1", c.port))
        connection.send(b"POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n0123")
        stalled.append(connection)
    start = time.monotonic()
    c.process.send_signal(signal.SIGTERM)
    c.process.wait(timeout=60)
    return f"stopped {time.monotonic() - start:.1f} s after SIGTERM (exit {c.process.returncode}) with 20 half-sent requests open"


attack("`GET /api/traces?since=2600-01-01T00:00:00Z`", since_2600)
attack("1,000 `meta=` conditions", thousand_meta)
attack("OTLP protobuf, 5 spans: 3-byte and 64-byte trace ids, a 3-byte span id, 2 valid", bad_ids)
attack("REST trace with `user_id` `nul\\u0000user`", nul_user)
attack("REST trace with 1,000,000 labels (11 MB)", million_labels)
attack("OTLP span with 300,000 labels in `langwatch.labels`", labels_on_a_span)
attack("1,100 idle connections, open-file limit 1,024, `--idle-timeout 2`", idle_connections, ("--idle-timeout", "2"), 1024)
attack("REST body of 2,000,000 `{\"a\":0}` (16 MB)", tiny_objects)
attack("OTLP/JSON body of 5,000,000 `{}` spans (15 MB)", tiny_otlp_spans)
attack("`GET /api/traces?user=` over 8 traces with a 12 MB input each (time and peak: storing them, then the GET alone)",
       list_of_large_inputs)
attack("`GET /api/traces/{id}` of a 100,000-span trace (time and peak: storing it, then the GET alone)", huge_trace)
attack("SIGTERM with 20 half-sent requests (default grace period 10 s)", sigterm_under_load)
