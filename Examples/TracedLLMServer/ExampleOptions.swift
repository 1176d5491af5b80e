#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The command line: `--serve` and `--port N`; and whether the environment picked an exporter.
struct ExampleOptions {
    var serve = false
    var port = 0
    /// True when `OTEL_TRACES_EXPORTER`, an OTLP endpoint or a backend key is set: the
    /// environment decides where spans go, not the example's default (the local collector).
    let exporterChosenByEnvironment: Bool

    init(_ arguments: some Sequence<String>) {
        var arguments = arguments.makeIterator()
        while let argument = arguments.next() {
            switch argument {
            case "--serve":
                serve = true
                if port == 0 { port = 8080 }
            case "--port":
                guard let value = arguments.next(), let number = Int(value), (0...65535).contains(number) else {
                    fatalUsage("--port needs a port number")
                }
                port = number
            default:
                fatalUsage("unknown argument '\(argument)'")
            }
        }
        let exporterVariables = ["OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT",
                                 "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "LANGWATCH_API_KEY", "LMNR_PROJECT_API_KEY"]
        exporterChosenByEnvironment = exporterVariables.contains { getenv($0) != nil }
    }
}

private func fatalUsage(_ problem: String) -> Never {
    printToStandardError("TracedLLMServer: \(problem)\nusage: TracedLLMServer [--serve] [--port N]")
    exit(2)
}

func printToStandardError(_ line: String) {
    fputs(line + "\n", stderr)
}
