/// How a patch's labels combine with the labels a trace has.
public enum LabelMerge: Sendable, Hashable {
    /// Add the patch's labels to the trace's (Laminar's tags, `POST /v1/tag`).
    case union
    /// The patch's labels become the trace's labels, now and after later spans arrive
    /// (LangWatch's metadata `PATCH`, which replaces labels).
    case replace
}
