#!/usr/bin/env python3
"""Decodes an OTLP ExportTraceServiceRequest with the reference Python classes
(opentelemetry-proto, on Google's protobuf runtime) and prints every field as canonical
JSON, for the Swift interop tests to compare with what was recorded.

    otlp_dump.py protobuf FILE   binary protobuf, parsed with ParseFromString
    otlp_dump.py json FILE       OTLP/JSON, parsed with google.protobuf.json_format

OTLP/JSON writes trace and span ids as hex where proto3 JSON expects base64, so the ids are
checked (32 or 16 lowercase hex digits) and converted before json_format parses the rest.

The output mirrors the request: ids, bytes and doubles (as their IEEE-754 bits) in hex,
64-bit integers as decimal strings, every field present even when it holds its default.
"""
import base64
import json
import re
import struct
import sys

from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest


def fail(message):
    sys.stderr.write("otlp_dump: " + message + "\n")
    sys.exit(2)


def hex_id_to_base64(container, key, digits):
    if key not in container:
        return
    text = container[key]
    if not isinstance(text, str) or not re.fullmatch("[0-9a-f]{%d}" % digits, text):
        fail("%s must be %d lowercase hex digits, got %r" % (key, digits, text))
    container[key] = base64.b64encode(bytes.fromhex(text)).decode("ascii")


def convert_ids(document):
    for resource_spans in document.get("resourceSpans", []):
        for scope_spans in resource_spans.get("scopeSpans", []):
            for span in scope_spans.get("spans", []):
                hex_id_to_base64(span, "traceId", 32)
                hex_id_to_base64(span, "spanId", 16)
                hex_id_to_base64(span, "parentSpanId", 16)
                for link in span.get("links", []):
                    hex_id_to_base64(link, "traceId", 32)
                    hex_id_to_base64(link, "spanId", 16)


def load(mode, path):
    with open(path, "rb") as file:
        data = file.read()
    request = ExportTraceServiceRequest()
    if mode == "protobuf":
        request.ParseFromString(data)
    elif mode == "json":
        document = json.loads(data.decode("utf-8"))
        convert_ids(document)
        json_format.ParseDict(document, request)
    else:
        fail("unknown mode " + mode)
    return request


def value(any_value):
    kind = any_value.WhichOneof("value")
    if kind is None:
        return {"empty": True}
    if kind == "string_value":
        return {"string": any_value.string_value}
    if kind == "bool_value":
        return {"bool": any_value.bool_value}
    if kind == "int_value":
        return {"int": str(any_value.int_value)}
    if kind == "double_value":
        return {"double": struct.pack(">d", any_value.double_value).hex()}
    if kind == "bytes_value":
        return {"bytes": any_value.bytes_value.hex()}
    if kind == "array_value":
        return {"array": [value(element) for element in any_value.array_value.values]}
    if kind == "kvlist_value":
        return {"kvlist": attributes(any_value.kvlist_value.values)}
    fail("unexpected value kind " + kind)


def attributes(key_values):
    return [{"key": pair.key, "value": value(pair.value)} for pair in key_values]


def span(s):
    return {
        "traceId": s.trace_id.hex(),
        "spanId": s.span_id.hex(),
        "parentSpanId": s.parent_span_id.hex(),
        "traceState": s.trace_state,
        "flags": s.flags,
        "name": s.name,
        "kind": s.kind,
        "startTimeUnixNano": str(s.start_time_unix_nano),
        "endTimeUnixNano": str(s.end_time_unix_nano),
        "attributes": attributes(s.attributes),
        "droppedAttributesCount": s.dropped_attributes_count,
        "events": [
            {
                "timeUnixNano": str(event.time_unix_nano),
                "name": event.name,
                "attributes": attributes(event.attributes),
                "droppedAttributesCount": event.dropped_attributes_count,
            }
            for event in s.events
        ],
        "droppedEventsCount": s.dropped_events_count,
        "links": [
            {
                "traceId": link.trace_id.hex(),
                "spanId": link.span_id.hex(),
                "traceState": link.trace_state,
                "attributes": attributes(link.attributes),
                "droppedAttributesCount": link.dropped_attributes_count,
                "flags": link.flags,
            }
            for link in s.links
        ],
        "droppedLinksCount": s.dropped_links_count,
        "status": {"code": s.status.code, "message": s.status.message},
    }


def request(r):
    return {
        "resourceSpans": [
            {
                "resource": {
                    "attributes": attributes(rs.resource.attributes),
                    "droppedAttributesCount": rs.resource.dropped_attributes_count,
                },
                "schemaUrl": rs.schema_url,
                "scopeSpans": [
                    {
                        "scope": {
                            "name": ss.scope.name,
                            "version": ss.scope.version,
                            "attributes": attributes(ss.scope.attributes),
                            "droppedAttributesCount": ss.scope.dropped_attributes_count,
                        },
                        "schemaUrl": ss.schema_url,
                        "spans": [span(s) for s in ss.spans],
                    }
                    for ss in rs.scope_spans
                ],
            }
            for rs in r.resource_spans
        ]
    }


def main():
    if len(sys.argv) != 3:
        fail("usage: otlp_dump.py protobuf|json FILE")
    output = json.dumps(request(load(sys.argv[1], sys.argv[2])), ensure_ascii=False)
    sys.stdout.buffer.write(output.encode("utf-8"))


if __name__ == "__main__":
    main()
