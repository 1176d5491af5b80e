import Foundation
import SightlineTesting
import Testing

/// What the browser tests need: the test venv's Python with Selenium (`SIGHTLINE_INTEROP_PYTHON`,
/// set by Scripts/test.sh) and Debian's chromium and chromedriver. Without them the tests are
/// skipped on a developer machine and fail under CI (`CI` set), so a broken setup never passes.
enum BrowserRequirement {
    static var browserInstalled: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var shouldRun: Bool { (InteropEnvironment.python != nil && browserInstalled) || InteropEnvironment.isRequired }

    static let skipReason: Comment = """
        needs SIGHTLINE_INTEROP_PYTHON (with selenium) and chromium + chromedriver: run Scripts/test.sh, which installs them
        """

    /// The checks the browser runs, beside this file.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Browser/viewer_check.py")

    /// Where the tests save their screenshots: the package's build folder, never committed.
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/viewer-screenshots")
}
