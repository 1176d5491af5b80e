"""A ClickHouse HTTP interface over chdb (the ClickHouse engine as a Python module), for tests.

No current ClickHouse server package installs on the test machines; chdb-core runs the real
engine (SQL, DDL, MergeTree merges, skip indexes, insert deduplication) in process. This front
serves the subset of ClickHouse's HTTP interface that Sightline's ClickHouse store uses:

- GET /ping and GET / answer "Ok.\n".
- POST / (or GET /) with the query in the `query` URL parameter, in the body, or the start of
  the query in the parameter and the rest in the body, as ClickHouse takes it. An INSERT that
  ends in `FORMAT <name>` takes its rows from the body (RowBinary, JSONEachRow, ...).
- Every other URL parameter but `query_id`, `database`, `user` and `password` is a setting for
  that query (`insert_deduplication_token=...`, `deduplicate_blocks_in_dependent_materialized_views=1`).
  `database` is the default database of the query.
- A failed query is HTTP 500 with ClickHouse's message as the body and its code in
  X-ClickHouse-Exception-Code.

chdb's session is one connection: queries run one at a time under a lock.

Usage: python chdb_http.py --path DIR [--port 0] [--port-file FILE]
The chosen port is printed as "listening on PORT" and, with --port-file, written to FILE.
"""
import argparse
import os
import re
import sys
import tempfile
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from chdb import session as chdb_session

NOT_SETTINGS = {"query", "query_id", "database", "user", "password", "default_format"}
INSERT_WITH_DATA = re.compile(r"^\s*INSERT\s+INTO\s+(?P<target>.+?)\s+FORMAT\s+(?P<format>\w+)\s*$",
                              re.IGNORECASE | re.DOTALL)
SETTING_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
ERROR_CODE = re.compile(r"Code: (\d+)")


def quoted(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class Engine:
    def __init__(self, path):
        self.session = chdb_session.Session(path)
        self.lock = threading.Lock()
        self.staging = tempfile.mkdtemp(prefix="chdb-http-")
        self.sequence = 0

    def run(self, query, body, settings, database):
        """Runs one query; returns its output bytes or raises with ClickHouse's message."""
        with self.lock:
            match = INSERT_WITH_DATA.match(query)
            staged = None
            if match:
                # chdb takes no request body: the rows are staged in a file the INSERT reads.
                self.sequence += 1
                staged = os.path.join(self.staging, "rows-%d" % self.sequence)
                with open(staged, "wb") as handle:
                    handle.write(body)
                query = "INSERT INTO %s SELECT * FROM file(%s, %s)" % (
                    match.group("target"), quoted(staged), quoted(match.group("format")))
            applied = []
            try:
                if database:
                    self.session.query("USE " + database)
                for name, value in settings.items():
                    self.session.query("SET %s = %s" % (name, quoted(value)))
                    applied.append(name)
                result = self.session.query(query, "TabSeparated")
                return result.bytes() if result is not None else b""
            finally:
                for name in applied:
                    self.session.query("SET %s = DEFAULT" % name)
                if database:
                    self.session.query("USE default")
                if staged:
                    os.unlink(staged)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    engine = None

    def log_message(self, format, *args):
        pass

    def reply(self, status, body, headers=()):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "text/plain; charset=UTF-8")
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/ping", "/") and "query" not in urllib.parse.parse_qs(url.query):
            self.reply(200, b"Ok.\n")
            return
        self.execute(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.execute(self.rfile.read(length) if length else b"")

    def execute(self, body):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/":
            self.reply(404, b"There is no handle " + url.path.encode() + b"\n")
            return
        parameters = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        query = parameters.get("query", "")
        if INSERT_WITH_DATA.match(query) is None and body:
            # The query, or its end, is in the body.
            query = (query + " " if query else "") + body.decode("utf-8")
            body = b""
        settings = {name: value for name, value in parameters.items() if name not in NOT_SETTINGS}
        for name in settings:
            if not SETTING_NAME.match(name):
                self.reply(400, b"Code: 115. DB::Exception: Unknown setting " + name.encode() + b". (UNKNOWN_SETTING)\n")
                return
        try:
            output = self.engine.run(query, body, settings, parameters.get("database"))
        except Exception as error:  # chdb raises its own error type with ClickHouse's message
            message = str(error)
            code = ERROR_CODE.search(message)
            self.reply(500, message.encode() + b"\n",
                       [("X-ClickHouse-Exception-Code", code.group(1) if code else "1")])
            return
        self.reply(200, output, [("X-ClickHouse-Format", "TabSeparated")])


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up on its request (a timeout) closed the connection: not an error here.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", required=True, help="the directory chdb keeps its databases in")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    arguments = parser.parse_args()
    Handler.engine = Engine(arguments.path)
    server = Server((arguments.host, arguments.port), Handler)
    port = server.server_address[1]
    if arguments.port_file:
        with open(arguments.port_file + ".tmp", "w") as handle:
            handle.write(str(port))
        os.replace(arguments.port_file + ".tmp", arguments.port_file)
    print("listening on %d" % port, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
