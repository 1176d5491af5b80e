import Sightline

/// The spans of a batch grouped by instrumentation scope, the shape of OTLP's `ScopeSpans`:
/// scopes in the order they first appear, spans in batch order within each scope.
struct ScopeGroups {
    /// The distinct scopes, first seen first.
    private(set) var scopes: [InstrumentationScope] = []
    /// Span indices grouped by scope: those of `scopes[i]` are `order[bounds[i]..<bounds[i + 1]]`.
    private var order: [Int]
    private var bounds: [Int]

    init(_ spans: [FinishedSpan]) {
        var scopeOfSpan = [Int]()
        scopeOfSpan.reserveCapacity(spans.count)
        var counts = [Int]()
        var current = -1
        for span in spans {
            let scope = span.scope
            if current < 0 || scopes[current] != scope {
                if let known = scopes.firstIndex(of: scope) {
                    current = known
                } else {
                    scopes.append(scope)
                    counts.append(0)
                    current = scopes.count - 1
                }
            }
            scopeOfSpan.append(current)
            counts[current] += 1
        }
        bounds = [0]
        bounds.reserveCapacity(counts.count + 1)
        for count in counts { bounds.append(bounds.last! + count) }
        if scopes.count <= 1 {
            order = Array(0..<spans.count)
            return
        }
        // A stable counting sort by scope.
        var next = bounds
        order = [Int](repeating: 0, count: spans.count)
        for (index, scope) in scopeOfSpan.enumerated() {
            order[next[scope]] = index
            next[scope] += 1
        }
    }

    /// The indices of the spans recorded by `scopes[scopeIndex]`, in batch order.
    func spanIndices(ofScope scopeIndex: Int) -> ArraySlice<Int> {
        order[bounds[scopeIndex]..<bounds[scopeIndex + 1]]
    }
}
