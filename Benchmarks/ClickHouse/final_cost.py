"""What FINAL on `patches` costs the ClickHouse store's queries (issue 20).

The store reads `patches` (a ReplacingMergeTree) in the read before each insert
(ClickHouseTraceState), the read before each patch (appendPatch), statistics(), and every
trace read (ClickHouseTraceView.applicablePatches); it read them with FINAL until issue 20's
measurement. This script times the store's own SQL:

  patches  adds generated patch rows to a database that holds the benchmark's spans
  record   a proxy in front of the chdb front (or any ClickHouse HTTP interface) that records
           every SELECT that reads `patches`, while `CollectorBenchmarks --final-probe` runs
  time     replays each recorded query with FINAL on every read of `patches`, without it, and
           with the patches deduplicated by LIMIT 1 BY their sorting key instead, alternating,
           and prints the median of each; checks the three variants return the same rows

Usage:
  python final_cost.py patches --front PORT --database DB --count N [--offset K] [--blocks B]
  python final_cost.py record --front PORT --port-file FILE --out QUERIES.jsonl
  python final_cost.py time --front PORT --queries QUERIES.jsonl [--rounds R]
"""
import argparse
import hashlib
import http.client
import json
import os
import re
import statistics
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def post(port, path, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("POST", path, body=body)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError("%d: %s" % (response.status, data.decode(errors="replace")[:2000]))
    return data


def run(port, sql, database="default"):
    return post(port, "/?" + urllib.parse.urlencode({"database": database}), sql.encode())


def add_patches(arguments):
    """`count` patch rows, numbered from `offset`: a third metadata patches, a third label
    patches, a third pushed evaluations; 90% for stored traces (60% as many traces as patches,
    so many traces have several), 10% for traces that never arrive (pending)."""
    db = arguments.database
    per_block = (arguments.count + arguments.blocks - 1) // arguments.blocks
    traces = max(1, arguments.count * 6 // 10)
    for block in range(arguments.blocks):
        first = arguments.offset + block * per_block
        last = min(arguments.offset + arguments.count, first + per_block)
        if first >= last:
            break
        run(arguments.front, """
            INSERT INTO {db}.patches (trace_id, received_ns, patch_id, expires_ns, is_evaluation, user_id, thread_id,
                customer_id, has_labels, replaces_labels, labels, metadata, metadata_numbers, evaluation_name,
                evaluation_score, evaluation_label, evaluation_explanation)
            WITH (SELECT groupArray(trace_id) FROM (SELECT trace_id FROM {db}.traces GROUP BY trace_id
                  ORDER BY cityHash64(trace_id) LIMIT {traces})) AS ids
            SELECT
                if(number % 10 = 9, lower(hex(cityHash64(number, 'pending'))) || lower(hex(cityHash64(number, 'id'))),
                   ids[1 + cityHash64(number, 'trace') % length(ids)]) AS trace_id,
                toUInt64(toUnixTimestamp64Nano(now64(9))) + number AS received_ns,
                'bench-' || toString(number) AS patch_id,
                received_ns + 3600000000000 AS expires_ns,
                toUInt8(number % 3 = 2) AS is_evaluation,
                CAST(NULL AS Nullable(String)), CAST(NULL AS Nullable(String)),
                if(number % 3 = 0 AND number % 7 = 0, 'customer-' || toString(number % 200), NULL),
                toUInt8(number % 3 = 1), 0, if(number % 3 = 1, ['reviewed'], []),
                if(number % 3 = 0, map('feedback', if(number % 2 = 0, '"thumbs_up"', '"thumbs_down"')), map()),
                map(),
                if(number % 3 = 2, 'helpfulness', ''),
                if(number % 3 = 2, (cityHash64(number, 'score') % 101) / 100, NULL),
                CAST(NULL AS Nullable(String)), CAST(NULL AS Nullable(String))
            FROM numbers({first}, {count})
            """.format(db=db, traces=traces, first=first, count=last - first))
    print(run(arguments.front, "SELECT count(), uniqExact(trace_id), countIf(is_evaluation) FROM %s.patches FORMAT TSV" % db)
          .decode().strip(), "(patch rows, their traces, evaluations)")
    print(run(arguments.front, "SELECT count() FROM system.parts WHERE database = '%s' AND table = 'patches' AND active FORMAT TSV"
              % db).decode().strip(), "active parts")


def record(arguments):
    front = arguments.front
    out = open(arguments.out, "a")

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def forward(self, body):
            connection = http.client.HTTPConnection("127.0.0.1", front, timeout=600)
            connection.request(self.command, self.path, body=body or None,
                               headers={k: v for k, v in self.headers.items() if k.lower().startswith("x-clickhouse")})
            response = connection.getresponse()
            data = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            connection.close()
            text = body.decode(errors="replace")
            if text.lstrip().upper().startswith("SELECT") and PATCHES.search(text) and response.status == 200:
                out.write(json.dumps({"path": self.path, "sql": text}) + "\n")
                out.flush()

        def do_GET(self):
            self.forward(b"")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.forward(self.rfile.read(length) if length else b"")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    with open(arguments.port_file + ".tmp", "w") as handle:
        handle.write(str(server.server_address[1]))
    os.replace(arguments.port_file + ".tmp", arguments.port_file)
    server.serve_forever()


# Every read of `patches` but the filters' narrowing to candidate traces by user, thread or
# customer (`SELECT trace_id FROM patches WHERE user_id = ...`), which never used FINAL.
PATCHES = re.compile(r"(?<!SELECT trace_id FROM )\b(\w+)\.patches\b( AS pt)?( FINAL)?")


def variants(sql):
    """The recorded SQL with FINAL on each read of `patches`, without it, and with each read as
    `(SELECT * FROM patches LIMIT 1 BY trace_id, received_ns, patch_id)`: ReplacingMergeTree's
    deduplication by sorting key, done by the query instead."""
    def rewrite(form):
        return PATCHES.sub(lambda m: form % (m.group(1), m.group(2) or ""), sql)
    return {"FINAL": rewrite("%s.patches%s FINAL"), "no FINAL": rewrite("%s.patches%s"),
            "LIMIT 1 BY": rewrite("(SELECT * FROM %s.patches LIMIT 1 BY trace_id, received_ns, patch_id)%s")}


def checksum(port, path, sql):
    """The rows' checksum, independent of their order."""
    inner = re.sub(r"\s*FORMAT RowBinary\s*$", "", sql.strip())
    wrapped = "SELECT count(), sum(cityHash64(formatRow('RowBinary', *))) FROM (%s) FORMAT TSV" % inner
    return post(port, path, wrapped.encode()).decode().strip()


def time_queries(arguments):
    entries = [json.loads(line) for line in open(arguments.queries)]
    names = ["FINAL", "no FINAL", "LIMIT 1 BY"]
    print("load average: %s" % open("/proc/loadavg").read().strip())
    for number, entry in enumerate(entries):
        sqls = variants(entry["sql"])
        label = " ".join(entry["sql"].split())[:110]
        sums = {name: checksum(arguments.front, entry["path"], sqls[name]) for name in names}
        times = {name: [] for name in names}
        for round in range(arguments.rounds):
            order = names if round % 2 == 0 else list(reversed(names))
            for name in order:
                start = time.perf_counter()
                post(arguments.front, entry["path"], sqls[name].encode())
                times[name].append((time.perf_counter() - start) * 1000)
        same = "same rows" if len(set(sums.values())) == 1 else "ROWS DIFFER: %s" % sums
        print("query %d: %s ..." % (number + 1, label))
        print("  " + "   ".join("%s %.1f ms" % (name, statistics.median(times[name])) for name in names)
              + "   (median of %d; %s; rows/checksum %s)" % (arguments.rounds, same, sums["FINAL"]))
        sys.stdout.flush()
    print("load average: %s" % open("/proc/loadavg").read().strip())


def main():
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    patches = commands.add_parser("patches")
    patches.add_argument("--front", type=int, required=True)
    patches.add_argument("--database", required=True)
    patches.add_argument("--count", type=int, required=True)
    patches.add_argument("--offset", type=int, default=0)
    patches.add_argument("--blocks", type=int, default=10)
    recorder = commands.add_parser("record")
    recorder.add_argument("--front", type=int, required=True)
    recorder.add_argument("--port-file", required=True)
    recorder.add_argument("--out", required=True)
    timer = commands.add_parser("time")
    timer.add_argument("--front", type=int, required=True)
    timer.add_argument("--queries", required=True)
    timer.add_argument("--rounds", type=int, default=7)
    arguments = parser.parse_args()
    {"patches": add_patches, "record": record, "time": time_queries}[arguments.command](arguments)


if __name__ == "__main__":
    sys.exit(main())
