import Foundation

/// The two SDKs, in the order rounds start with.
let sdkTypes: [any ComparedSDK.Type] = [SightlineUnderTest.self, SwiftOTelUnderTest.self]

func sdkType(named name: String) -> (any ComparedSDK.Type)? {
    sdkTypes.first { $0.name == name }
}

/// Progress goes to standard error; the report to standard output.
func log(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// Command-line options of the comparison.
struct Options {
    var rounds = 7
    var only: Set<String>?
    var burstSpans = 1_000_000
    var burstQueues = [1_000_000, 2048]
    /// A burst child whose resident memory passes this is killed and reported as stopped.
    var burstResidentLimitMegabytes = 6144

    init(_ arguments: ArraySlice<String>) {
        var arguments = arguments
        while let flag = arguments.popFirst() {
            let value = arguments.popFirst() ?? ""
            switch flag {
            case "--rounds": rounds = max(1, Int(value) ?? rounds)
            case "--only": only = Set(value.split(separator: ",").map(String.init))
            case "--burst-spans": burstSpans = max(2, Int(value) ?? burstSpans)
            case "--burst-rss-limit-mb": burstResidentLimitMegabytes = max(64, Int(value) ?? burstResidentLimitMegabytes)
            case "--burst-queues": burstQueues = value.split(separator: ",").compactMap { Int($0) }
            default: log("ignoring unknown option \(flag)")
            }
        }
    }

    func includes(_ id: String) -> Bool { only?.contains(id) ?? true }
}
