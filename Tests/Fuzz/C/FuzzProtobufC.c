// libFuzzer target over the C side of OTLP: libprotobuf-c's unpack of an
// ExportTraceServiceRequest with the generated descriptors of Sources/COTLP (what
// OTLPProtobufDecoder runs), then Sightline's own packer (otlp_trace_pack.c) on what unpack
// produced. Built by Scripts/fuzz.sh with clang -fsanitize=fuzzer,address.
//
// Oracle: the packer's output unpacks again, and protobuf-c's generic pack of that second
// message writes the very same bytes (the packer's header promises protobuf-c's bytes; the
// second message has no unknown fields, which only protobuf-c would keep).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "otlp_trace_pack.h"

typedef Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest Request;

// Packs with otlp_trace_pack.c, growing the size log until it fits. Returns a malloc'd buffer.
static uint8_t *sightline_pack(const Request *request, size_t *length) {
    size_t capacity = 64;
    for (;;) {
        size_t *sizes = malloc(capacity * sizeof *sizes);
        size_t size = 0;
        if (sightline_otlp_trace_request_size(request, sizes, capacity, &size)) {
            uint8_t *out = malloc(size ? size : 1);
            size_t written = sightline_otlp_trace_request_pack(request, sizes, out);
            free(sizes);
            if (written != size) {
                fprintf(stderr, "packer wrote %zu bytes after sizing %zu\n", written, size);
                abort();
            }
            *length = size;
            return out;
        }
        free(sizes);
        capacity *= 4;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    Request *request = opentelemetry__proto__collector__trace__v1__export_trace_service_request__unpack(NULL, size, data);
    if (!request) return 0;

    size_t packed_length = 0;
    uint8_t *packed = sightline_pack(request, &packed_length);
    opentelemetry__proto__collector__trace__v1__export_trace_service_request__free_unpacked(request, NULL);

    Request *again = opentelemetry__proto__collector__trace__v1__export_trace_service_request__unpack(NULL, packed_length, packed);
    if (!again) {
        fprintf(stderr, "protobuf-c cannot unpack the %zu bytes the packer wrote\n", packed_length);
        abort();
    }
    size_t expected_length = opentelemetry__proto__collector__trace__v1__export_trace_service_request__get_packed_size(again);
    uint8_t *expected = malloc(expected_length ? expected_length : 1);
    size_t written = opentelemetry__proto__collector__trace__v1__export_trace_service_request__pack(again, expected);
    if (written != expected_length || expected_length != packed_length || memcmp(expected, packed, packed_length) != 0) {
        fprintf(stderr, "the packer wrote %zu bytes, protobuf-c %zu (sized %zu) for the same message\n",
                packed_length, written, expected_length);
        abort();
    }
    opentelemetry__proto__collector__trace__v1__export_trace_service_request__free_unpacked(again, NULL);
    free(expected);
    free(packed);
    return 0;
}
