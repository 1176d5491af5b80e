/// Values ``CollectorLimits`` left out of one ingest call, by kind.
struct DroppedValues: Sendable, Hashable {
    var labels = 0
    var metadataKeys = 0
    var events = 0
    var links = 0
}

/// Holds spans to the per-span limits of ``CollectorLimits``, in place, on the caller's thread.
enum SpanLimiting {
    /// Cuts each span of `spans` to the per-span limits and returns what was cut. Spans within
    /// the limits are not touched (nor copied).
    static func limit(_ spans: inout [CollectedSpan]) -> DroppedValues {
        // Read in place: subscripting the array would copy each span (every field retained).
        let over = spans.withUnsafeBufferPointer { spans in
            spans.indices.filter { index in
                spans[index].labels.count > CollectorLimits.labelsPerSpan
                    || spans[index].metadata.count > CollectorLimits.metadataKeysPerSpan
                    || spans[index].events.count > CollectorLimits.eventsPerSpan
                    || spans[index].links.count > CollectorLimits.linksPerSpan
            }
        }
        var dropped = DroppedValues()
        for index in over {
            let labels = spans[index].labels.count
            if labels > CollectorLimits.labelsPerSpan {
                // Unique already (see CollectedSpan.labels): the first ones are kept.
                spans[index].labels.removeLast(labels - CollectorLimits.labelsPerSpan)
                dropped.labels += labels - CollectorLimits.labelsPerSpan
            }
            let keys = spans[index].metadata.count
            if keys > CollectorLimits.metadataKeysPerSpan {
                let metadata = spans[index].metadata
                let kept = metadata.keys.sorted().prefix(CollectorLimits.metadataKeysPerSpan)
                spans[index].metadata = Dictionary(uniqueKeysWithValues: kept.map { ($0, metadata[$0]!) })
                dropped.metadataKeys += keys - CollectorLimits.metadataKeysPerSpan
            }
            let events = spans[index].events.count
            if events > CollectorLimits.eventsPerSpan {
                spans[index].events.removeLast(events - CollectorLimits.eventsPerSpan)
                dropped.events += events - CollectorLimits.eventsPerSpan
            }
            let links = spans[index].links.count
            if links > CollectorLimits.linksPerSpan {
                spans[index].links.removeLast(links - CollectorLimits.linksPerSpan)
                dropped.links += links - CollectorLimits.linksPerSpan
            }
        }
        return dropped
    }
}
