/// Labels, each kept once, in the order first seen; built in time linear in the labels added
/// (a sender may put hundreds of thousands on one span).
struct LabelUnion {
    private(set) var labels: [String] = []
    private var seen: Set<String> = []

    init() {}

    init(_ labels: some Sequence<String>) {
        add(contentsOf: labels)
    }

    mutating func add(_ label: String) {
        if seen.insert(label).inserted { labels.append(label) }
    }

    mutating func add(contentsOf labels: some Sequence<String>) {
        for label in labels { add(label) }
    }
}
