// See include/otlp_trace_pack.h.
#include "otlp_trace_pack.h"

#include <string.h>

typedef Opentelemetry__Proto__Collector__Trace__V1__ExportTraceServiceRequest Request;
typedef Opentelemetry__Proto__Trace__V1__ResourceSpans ResourceSpans;
typedef Opentelemetry__Proto__Resource__V1__Resource Resource;
typedef Opentelemetry__Proto__Trace__V1__ScopeSpans ScopeSpans;
typedef Opentelemetry__Proto__Common__V1__InstrumentationScope Scope;
typedef Opentelemetry__Proto__Trace__V1__Span Span;
typedef Opentelemetry__Proto__Trace__V1__Span__Event Event;
typedef Opentelemetry__Proto__Trace__V1__Span__Link Link;
typedef Opentelemetry__Proto__Trace__V1__Status Status;
typedef Opentelemetry__Proto__Common__V1__KeyValue KeyValue;
typedef Opentelemetry__Proto__Common__V1__AnyValue AnyValue;
typedef Opentelemetry__Proto__Common__V1__ArrayValue ArrayValue;
typedef Opentelemetry__Proto__Common__V1__KeyValueList KeyValueList;

enum { VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5 };

// MARK: Sizes

// Nested message sizes in pre-order: a message takes its slot before its children do.
typedef struct {
    size_t *sizes;
    size_t count;
    size_t capacity;
} SizeLog;

static inline size_t varint_size(uint64_t value) {
    // Lengths and counts are nearly always below 128: test for that before counting bits.
    if (value < 0x80) return 1;
    return ((size_t)(64 - __builtin_clzll(value)) + 6) / 7;
}

// protobuf-c writes int32 and enum values as sign-extended 64-bit varints.
static inline size_t int32_size(int32_t value) {
    return varint_size((uint64_t)(int64_t)value);
}

// Every field of the trace schema has a number below 16, so a one-byte tag, except
// Span.flags (16), which SIZE_SPAN handles itself.
static inline size_t length_delimited_size(size_t length) {
    return 1 + varint_size(length) + length;
}

static inline size_t bytes_size(const ProtobufCBinaryData *data) {
    return data->len ? length_delimited_size(data->len) : 0;
}

static inline size_t reserve(SizeLog *log) {
    return log->count++;
}

static inline size_t nested_size(SizeLog *log, size_t slot, size_t size) {
    if (slot < log->capacity) log->sizes[slot] = size;
    return length_delimited_size(size);
}

static size_t key_value_size(const KeyValue *pair, SizeLog *log);

static size_t any_value_size(const AnyValue *value, SizeLog *log) {
    switch (value->value_case) {
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE:
        return length_delimited_size(value->string_value.len);
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BOOL_VALUE:
        return 2;
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE:
        return 1 + varint_size((uint64_t)value->int_value);
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_DOUBLE_VALUE:
        return 9;
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_ARRAY_VALUE: {
        const ArrayValue *array = value->array_value;
        if (!array) return 0;
        size_t slot = reserve(log), size = 0;
        for (size_t i = 0; i < array->n_values; i++) {
            size_t element = reserve(log);
            size += nested_size(log, element, any_value_size(array->values[i], log));
        }
        return nested_size(log, slot, size);
    }
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_KVLIST_VALUE: {
        const KeyValueList *list = value->kvlist_value;
        if (!list) return 0;
        size_t slot = reserve(log), size = 0;
        for (size_t i = 0; i < list->n_values; i++) {
            size_t pair = reserve(log);
            size += nested_size(log, pair, key_value_size(list->values[i], log));
        }
        return nested_size(log, slot, size);
    }
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BYTES_VALUE:
        return length_delimited_size(value->bytes_value.len);
    default:
        return 0;
    }
}

static size_t key_value_size(const KeyValue *pair, SizeLog *log) {
    size_t size = bytes_size(&pair->key);
    if (pair->value) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, any_value_size(pair->value, log));
    }
    return size;
}

static size_t key_values_size(size_t count, KeyValue *const *pairs, SizeLog *log) {
    size_t size = 0;
    for (size_t i = 0; i < count; i++) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, key_value_size(pairs[i], log));
    }
    return size;
}

static inline size_t uint32_field_size(uint32_t value) {
    return value ? 1 + varint_size(value) : 0;
}

static inline size_t fixed64_field_size(uint64_t value) {
    return value ? 9 : 0;
}

static size_t event_size(const Event *event, SizeLog *log) {
    return fixed64_field_size(event->time_unix_nano) + bytes_size(&event->name)
        + key_values_size(event->n_attributes, event->attributes, log)
        + uint32_field_size(event->dropped_attributes_count);
}

static size_t link_size(const Link *link, SizeLog *log) {
    return bytes_size(&link->trace_id) + bytes_size(&link->span_id) + bytes_size(&link->trace_state)
        + key_values_size(link->n_attributes, link->attributes, log)
        + uint32_field_size(link->dropped_attributes_count) + (link->flags ? 5 : 0);
}

static size_t status_size(const Status *status) {
    return bytes_size(&status->message) + (status->code ? 1 + int32_size((int32_t)status->code) : 0);
}

static size_t span_size(const Span *span, SizeLog *log) {
    size_t size = bytes_size(&span->trace_id) + bytes_size(&span->span_id) + bytes_size(&span->trace_state)
        + bytes_size(&span->parent_span_id) + bytes_size(&span->name)
        + (span->kind ? 1 + int32_size((int32_t)span->kind) : 0)
        + fixed64_field_size(span->start_time_unix_nano) + fixed64_field_size(span->end_time_unix_nano)
        + key_values_size(span->n_attributes, span->attributes, log)
        + uint32_field_size(span->dropped_attributes_count);
    for (size_t i = 0; i < span->n_events; i++) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, event_size(span->events[i], log));
    }
    size += uint32_field_size(span->dropped_events_count);
    for (size_t i = 0; i < span->n_links; i++) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, link_size(span->links[i], log));
    }
    size += uint32_field_size(span->dropped_links_count);
    if (span->status) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, status_size(span->status));
    }
    if (span->flags) size += 2 + 4;  // field 16 takes a two-byte tag
    return size;
}

static size_t scope_size(const Scope *scope, SizeLog *log) {
    return bytes_size(&scope->name) + bytes_size(&scope->version)
        + key_values_size(scope->n_attributes, scope->attributes, log)
        + uint32_field_size(scope->dropped_attributes_count);
}

static size_t scope_spans_size(const ScopeSpans *scope_spans, SizeLog *log) {
    size_t size = 0;
    if (scope_spans->scope) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, scope_size(scope_spans->scope, log));
    }
    for (size_t i = 0; i < scope_spans->n_spans; i++) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, span_size(scope_spans->spans[i], log));
    }
    return size + bytes_size(&scope_spans->schema_url);
}

static size_t resource_size(const Resource *resource, SizeLog *log) {
    return key_values_size(resource->n_attributes, resource->attributes, log)
        + uint32_field_size(resource->dropped_attributes_count);
}

static size_t resource_spans_size(const ResourceSpans *resource_spans, SizeLog *log) {
    size_t size = 0;
    if (resource_spans->resource) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, resource_size(resource_spans->resource, log));
    }
    for (size_t i = 0; i < resource_spans->n_scope_spans; i++) {
        size_t slot = reserve(log);
        size += nested_size(log, slot, scope_spans_size(resource_spans->scope_spans[i], log));
    }
    return size + bytes_size(&resource_spans->schema_url);
}

bool sightline_otlp_trace_request_size(const Request *request, size_t *sizes, size_t capacity, size_t *packed_size) {
    SizeLog log = { sizes, 0, capacity };
    size_t size = 0;
    for (size_t i = 0; i < request->n_resource_spans; i++) {
        size_t slot = reserve(&log);
        size += nested_size(&log, slot, resource_spans_size(request->resource_spans[i], &log));
    }
    *packed_size = size;
    return log.count <= capacity;
}

// MARK: Pack

typedef struct {
    const size_t *sizes;
    size_t next;
} SizeReader;

static inline uint8_t *put_varint(uint8_t *out, uint64_t value) {
    while (value >= 0x80) {
        *out++ = (uint8_t)(value | 0x80);
        value >>= 7;
    }
    *out++ = (uint8_t)value;
    return out;
}

static inline uint8_t *put_tag(uint8_t *out, unsigned number, unsigned wire_type) {
    return put_varint(out, (uint64_t)number << 3 | wire_type);
}

static inline void copy_word(uint8_t *out, const uint8_t *data, size_t offset) {
    uint64_t word;
    memcpy(&word, data + offset, 8);
    memcpy(out + offset, &word, 8);
}

// Copies `length` bytes. Most strings here are keys and short values, for which a call to
// memcpy costs more than the copy: up to 32 bytes move as overlapping words from both ends.
static inline void copy_bytes(uint8_t *out, const uint8_t *data, size_t length) {
    if (length >= 8 && length <= 32) {
        copy_word(out, data, 0);
        copy_word(out, data, length - 8);
        if (length > 16) {
            copy_word(out, data, 8);
            copy_word(out, data, length - 16);
        }
    } else if (length < 8) {
        for (size_t i = 0; i < length; i++) out[i] = data[i];
    } else {
        memcpy(out, data, length);
    }
}

static inline uint8_t *put_length_delimited(uint8_t *out, unsigned number, const uint8_t *data, size_t length) {
    out = put_tag(out, number, LENGTH_DELIMITED);
    out = put_varint(out, length);
    copy_bytes(out, data, length);
    return out + length;
}

static inline uint8_t *put_bytes(uint8_t *out, unsigned number, const ProtobufCBinaryData *data) {
    return data->len ? put_length_delimited(out, number, data->data, data->len) : out;
}

// The tag and length prefix of the next nested message, whose size the size pass recorded.
static inline uint8_t *put_nested(uint8_t *out, unsigned number, SizeReader *reader) {
    out = put_tag(out, number, LENGTH_DELIMITED);
    return put_varint(out, reader->sizes[reader->next++]);
}

static inline uint8_t *put_uint32(uint8_t *out, unsigned number, uint32_t value) {
    if (!value) return out;
    return put_varint(put_tag(out, number, VARINT), value);
}

static inline uint8_t *put_enum(uint8_t *out, unsigned number, int32_t value) {
    if (!value) return out;
    return put_varint(put_tag(out, number, VARINT), (uint64_t)(int64_t)value);
}

static inline uint8_t *put_fixed64(uint8_t *out, unsigned number, uint64_t value) {
    if (!value) return out;
    out = put_tag(out, number, FIXED64);
    for (int i = 0; i < 8; i++) out[i] = (uint8_t)(value >> (8 * i));
    return out + 8;
}

static inline uint8_t *put_fixed32(uint8_t *out, unsigned number, uint32_t value) {
    if (!value) return out;
    out = put_tag(out, number, FIXED32);
    for (int i = 0; i < 4; i++) out[i] = (uint8_t)(value >> (8 * i));
    return out + 4;
}

static uint8_t *pack_key_value(uint8_t *out, const KeyValue *pair, SizeReader *reader);

static uint8_t *pack_any_value(uint8_t *out, const AnyValue *value, SizeReader *reader) {
    switch (value->value_case) {
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE:
        return put_length_delimited(out, 1, value->string_value.data, value->string_value.len);
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BOOL_VALUE:
        out = put_tag(out, 2, VARINT);
        *out++ = value->bool_value ? 1 : 0;
        return out;
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE:
        return put_varint(put_tag(out, 3, VARINT), (uint64_t)value->int_value);
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_DOUBLE_VALUE: {
        uint64_t bits;
        memcpy(&bits, &value->double_value, sizeof bits);
        out = put_tag(out, 4, FIXED64);
        for (int i = 0; i < 8; i++) out[i] = (uint8_t)(bits >> (8 * i));
        return out + 8;
    }
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_ARRAY_VALUE: {
        const ArrayValue *array = value->array_value;
        if (!array) return out;
        out = put_nested(out, 5, reader);
        for (size_t i = 0; i < array->n_values; i++) {
            out = put_nested(out, 1, reader);
            out = pack_any_value(out, array->values[i], reader);
        }
        return out;
    }
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_KVLIST_VALUE: {
        const KeyValueList *list = value->kvlist_value;
        if (!list) return out;
        out = put_nested(out, 6, reader);
        for (size_t i = 0; i < list->n_values; i++) {
            out = put_nested(out, 1, reader);
            out = pack_key_value(out, list->values[i], reader);
        }
        return out;
    }
    case OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_BYTES_VALUE:
        return put_length_delimited(out, 7, value->bytes_value.data, value->bytes_value.len);
    default:
        return out;
    }
}

static uint8_t *pack_key_value(uint8_t *out, const KeyValue *pair, SizeReader *reader) {
    out = put_bytes(out, 1, &pair->key);
    if (pair->value) {
        out = put_nested(out, 2, reader);
        out = pack_any_value(out, pair->value, reader);
    }
    return out;
}

static uint8_t *pack_key_values(uint8_t *out, unsigned number, size_t count, KeyValue *const *pairs,
                                SizeReader *reader) {
    for (size_t i = 0; i < count; i++) {
        out = put_nested(out, number, reader);
        out = pack_key_value(out, pairs[i], reader);
    }
    return out;
}

static uint8_t *pack_event(uint8_t *out, const Event *event, SizeReader *reader) {
    out = put_fixed64(out, 1, event->time_unix_nano);
    out = put_bytes(out, 2, &event->name);
    out = pack_key_values(out, 3, event->n_attributes, event->attributes, reader);
    return put_uint32(out, 4, event->dropped_attributes_count);
}

static uint8_t *pack_link(uint8_t *out, const Link *link, SizeReader *reader) {
    out = put_bytes(out, 1, &link->trace_id);
    out = put_bytes(out, 2, &link->span_id);
    out = put_bytes(out, 3, &link->trace_state);
    out = pack_key_values(out, 4, link->n_attributes, link->attributes, reader);
    out = put_uint32(out, 5, link->dropped_attributes_count);
    return put_fixed32(out, 6, link->flags);
}

static uint8_t *pack_span(uint8_t *out, const Span *span, SizeReader *reader) {
    out = put_bytes(out, 1, &span->trace_id);
    out = put_bytes(out, 2, &span->span_id);
    out = put_bytes(out, 3, &span->trace_state);
    out = put_bytes(out, 4, &span->parent_span_id);
    out = put_bytes(out, 5, &span->name);
    out = put_enum(out, 6, (int32_t)span->kind);
    out = put_fixed64(out, 7, span->start_time_unix_nano);
    out = put_fixed64(out, 8, span->end_time_unix_nano);
    out = pack_key_values(out, 9, span->n_attributes, span->attributes, reader);
    out = put_uint32(out, 10, span->dropped_attributes_count);
    for (size_t i = 0; i < span->n_events; i++) {
        out = put_nested(out, 11, reader);
        out = pack_event(out, span->events[i], reader);
    }
    out = put_uint32(out, 12, span->dropped_events_count);
    for (size_t i = 0; i < span->n_links; i++) {
        out = put_nested(out, 13, reader);
        out = pack_link(out, span->links[i], reader);
    }
    out = put_uint32(out, 14, span->dropped_links_count);
    if (span->status) {
        out = put_nested(out, 15, reader);
        out = put_bytes(out, 2, &span->status->message);
        out = put_enum(out, 3, (int32_t)span->status->code);
    }
    return put_fixed32(out, 16, span->flags);
}

static uint8_t *pack_scope_spans(uint8_t *out, const ScopeSpans *scope_spans, SizeReader *reader) {
    const Scope *scope = scope_spans->scope;
    if (scope) {
        out = put_nested(out, 1, reader);
        out = put_bytes(out, 1, &scope->name);
        out = put_bytes(out, 2, &scope->version);
        out = pack_key_values(out, 3, scope->n_attributes, scope->attributes, reader);
        out = put_uint32(out, 4, scope->dropped_attributes_count);
    }
    for (size_t i = 0; i < scope_spans->n_spans; i++) {
        out = put_nested(out, 2, reader);
        out = pack_span(out, scope_spans->spans[i], reader);
    }
    return put_bytes(out, 3, &scope_spans->schema_url);
}

static uint8_t *pack_resource_spans(uint8_t *out, const ResourceSpans *resource_spans, SizeReader *reader) {
    const Resource *resource = resource_spans->resource;
    if (resource) {
        out = put_nested(out, 1, reader);
        out = pack_key_values(out, 1, resource->n_attributes, resource->attributes, reader);
        out = put_uint32(out, 2, resource->dropped_attributes_count);
    }
    for (size_t i = 0; i < resource_spans->n_scope_spans; i++) {
        out = put_nested(out, 2, reader);
        out = pack_scope_spans(out, resource_spans->scope_spans[i], reader);
    }
    return put_bytes(out, 3, &resource_spans->schema_url);
}

size_t sightline_otlp_trace_request_pack(const Request *request, const size_t *sizes, uint8_t *out) {
    SizeReader reader = { sizes, 0 };
    uint8_t *start = out;
    for (size_t i = 0; i < request->n_resource_spans; i++) {
        out = put_nested(out, 1, &reader);
        out = pack_resource_spans(out, request->resource_spans[i], &reader);
    }
    return (size_t)(out - start);
}

// MARK: Replies

// ExportTracePartialSuccess (rejected_spans = 1, error_message = 2) and google.rpc.Status
// (code = 1, message = 2) share their shape: a varint and a string, each left out at its default.
static size_t number_and_text_size(uint64_t number, size_t text_length) {
    return (number ? 1 + varint_size(number) : 0) + (text_length ? length_delimited_size(text_length) : 0);
}

static uint8_t *pack_number_and_text(uint8_t *out, uint64_t number, const uint8_t *text, size_t text_length) {
    if (number) out = put_varint(put_tag(out, 1, VARINT), number);
    if (text_length) out = put_length_delimited(out, 2, text, text_length);
    return out;
}

size_t sightline_otlp_trace_response_size(int64_t rejected_spans, size_t message_length) {
    size_t partial = number_and_text_size((uint64_t)rejected_spans, message_length);
    return partial ? length_delimited_size(partial) : 0;
}

size_t sightline_otlp_trace_response_pack(int64_t rejected_spans, const uint8_t *message, size_t message_length,
                                          uint8_t *out) {
    size_t partial = number_and_text_size((uint64_t)rejected_spans, message_length);
    if (!partial) return 0;
    uint8_t *end = put_varint(put_tag(out, 1, LENGTH_DELIMITED), partial);
    end = pack_number_and_text(end, (uint64_t)rejected_spans, message, message_length);
    return (size_t)(end - out);
}

size_t sightline_rpc_status_size(int32_t code, size_t message_length) {
    return number_and_text_size((uint64_t)(int64_t)code, message_length);
}

size_t sightline_rpc_status_pack(int32_t code, const uint8_t *message, size_t message_length, uint8_t *out) {
    return (size_t)(pack_number_and_text(out, (uint64_t)(int64_t)code, message, message_length) - out);
}
