// The packer of every protobuf message Sightline writes: ExportTraceServiceRequest (the
// exporter's request), and the two replies of the collector, ExportTraceServiceResponse and
// google.rpc.Status. Reading goes through protobuf-c's generated unpack functions.
//
// It reads the same protobuf-c structs as protobuf_c_message_pack and writes the same bytes
// (fields in number order, proto3 defaults left out, oneof members always written), but
// knows each message's layout instead of interpreting descriptors, and sizes every nested
// message once: the size pass records the sizes in pre-order, the pack pass reads them back
// to write each length prefix in place. protobuf-c's generic pack interprets every field
// through its descriptor and packs nested messages before moving them behind their length
// prefix, which costs about twice the time of building the structs.
//
// Unlike protobuf_c_message_pack it supports only what SightlineOTLP builds: no unknown
// fields, and messages of the trace schema only.
#ifndef SIGHTLINE_OTLP_TRACE_PACK_H
#define SIGHTLINE_OTLP_TRACE_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb-c.h"

/// Sets `packed_size` to the packed size of `request` and records the sizes of its nested
/// messages in pre-order into `sizes`, one entry per nested message (every struct in the
/// request except the request itself). Returns false when `capacity` entries are too few.
bool sightline_otlp_trace_request_size(
    const Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest *request,
    size_t *sizes, size_t capacity, size_t *packed_size);

/// Packs `request` into `out`, which must have room for the size returned by
/// sightline_otlp_trace_request_size, with the sizes that call recorded. Returns the
/// number of bytes written.
size_t sightline_otlp_trace_request_pack(
    const Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest *request,
    const size_t *sizes, uint8_t *out);

/// The packed size of an ExportTraceServiceResponse whose partial_success holds
/// `rejected_spans` and an error_message of `message_length` bytes (no partial_success at
/// all when both are zero, as proto3 leaves a default message out).
size_t sightline_otlp_trace_response_size(int64_t rejected_spans, size_t message_length);

/// Packs that response into `out`, which must have room for the size above. Returns the
/// number of bytes written.
size_t sightline_otlp_trace_response_pack(int64_t rejected_spans, const uint8_t *message, size_t message_length,
                                          uint8_t *out);

/// The packed size of a google.rpc.Status with `code` and a message of `message_length` bytes.
size_t sightline_rpc_status_size(int32_t code, size_t message_length);

/// Packs that status into `out`, which must have room for the size above. Returns the
/// number of bytes written.
size_t sightline_rpc_status_pack(int32_t code, const uint8_t *message, size_t message_length, uint8_t *out);

#endif
