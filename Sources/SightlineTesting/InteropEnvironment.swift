import Foundation

/// What the interop and browser tests run with: the interpreter of the venv that Scripts/test.sh
/// creates (`SIGHTLINE_INTEROP_PYTHON`), and whether its absence fails the run rather than
/// skipping those tests, so that a broken setup never passes silently under CI.
public enum InteropEnvironment {
    /// The venv's interpreter, nil when `SIGHTLINE_INTEROP_PYTHON` is not set.
    public static let python: String? = {
        guard let path = ProcessInfo.processInfo.environment["SIGHTLINE_INTEROP_PYTHON"], !path.isEmpty else { return nil }
        return path
    }()

    /// True under CI (`CI` set, and not to 0 or false).
    public static let isRequired: Bool = {
        guard let value = ProcessInfo.processInfo.environment["CI"] else { return false }
        return !["", "0", "false"].contains(value.lowercased())
    }()

    /// True when tests that need the interpreter should run: one is set, or CI demands one.
    public static var shouldRun: Bool { python != nil || isRequired }
}
