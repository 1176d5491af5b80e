// A packer for ExportTraceServiceRequest specialised to the OTLP trace schema.
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

#endif
