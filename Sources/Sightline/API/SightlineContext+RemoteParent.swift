extension SightlineContext {
    /// A context whose parent span lives in another process, as a W3C `traceparent` header
    /// names it: spans started in it join that trace as children of that span.
    ///
    /// The context's ``span`` stands in for the remote span: it has the remote ids
    /// (``SpanContext/isRemote`` true), records nothing and is never exported. The sampler sees
    /// the remote sampled flag, so ``ParentBasedSampler`` records the trace only when the
    /// caller did. Spans of the trace started in this process share one ``Trace``.
    ///
    /// - Parameters:
    ///   - remoteParent: the caller's span; an invalid one (zero ids) gives an empty context,
    ///     in which spans start a trace of their own.
    ///   - sightline: the SDK that records the children.
    public init(remoteParent: SpanContext, sightline: Sightline = .shared) {
        guard remoteParent.isValid else {
            self.init(span: nil)
            return
        }
        var context = remoteParent
        context.isRemote = true
        self.init(span: Span(
            name: "", context: context, parentSpanId: nil, isLocalRoot: true, kind: .internal, type: .span,
            scope: .sightline, startTime: Timestamp(nanosecondsSinceEpoch: 0),
            trace: Trace(id: context.traceId, metadata: TraceMetadata()), isRecording: false, owner: sightline))
    }

    /// True when the context's span is a remote parent (see ``init(remoteParent:sightline:)``).
    public var isRemote: Bool { span?.context.isRemote ?? false }
}
