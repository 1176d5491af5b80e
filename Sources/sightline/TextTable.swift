/// A plain-text table for the terminal: a header row, a rule, then the rows, each column as
/// wide as its widest cell (capped), numeric columns aligned right.
struct TextTable {
    struct Column {
        let title: String
        let alignRight: Bool
        let maxWidth: Int

        init(_ title: String, alignRight: Bool = false, maxWidth: Int = 40) {
            self.title = title
            self.alignRight = alignRight
            self.maxWidth = maxWidth
        }
    }

    let columns: [Column]
    private(set) var rows: [[String]] = []

    init(_ columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == columns.count, "a row needs one cell per column")
        rows.append(row)
    }

    func render() -> String {
        let cells = rows.map { row in zip(row, columns).map { Text.clip($0, to: $1.maxWidth) } }
        let widths = columns.indices.map { index in
            max(columns[index].title.count, cells.map { $0[index].count }.max() ?? 0)
        }
        func line(_ values: [String]) -> String {
            zip(values, zip(columns, widths)).map { value, layout in
                let padding = String(repeating: " ", count: layout.1 - value.count)
                return layout.0.alignRight ? padding + value : value + padding
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        var lines = [line(columns.map(\.title)), widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")]
        lines += cells.map(line)
        return lines.joined(separator: "\n")
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
