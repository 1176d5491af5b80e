import Foundation
import SightlineTesting
import Testing

/// The web viewer as a user sees it: `sightline serve` over a database the SDK filled, the page
/// in headless Chromium driven by Selenium (Browser/viewer_check.py: filters, chips, URL,
/// paging, live arrivals, waterfall, span details, thread, users, overview, annotations,
/// hostile payloads, the API key prompt). Screenshots land in `.build/viewer-screenshots`.
@Suite(.enabled(if: BrowserRequirement.shouldRun, BrowserRequirement.skipReason), .serialized, .timeLimit(.minutes(3)))
struct ViewerBrowserTests {
    @Test func theViewerShowsFiltersAndAnnotatesTracesInChromium() async throws {
        let python = try #require(InteropEnvironment.python, "SIGHTLINE_INTEROP_PYTHON is not set: run Scripts/test.sh")
        try #require(BrowserRequirement.browserInstalled, "chromium and chromedriver are missing: run Scripts/install-browser-dependencies.sh")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-viewer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("viewer.db").path
        let serve = try await ServeProcess.start(databasePath: database)
        let fixture: ViewerFixture
        let run: (status: Int32, output: String)
        do {
            #expect(serve.viewerURL == "http://127.0.0.1:\(serve.port)/", "serve prints the address to open")
            fixture = try await ViewerFixture.record(to: serve.baseURL)
            let fixtureFile = directory.appendingPathComponent("fixture.json")
            try JSONEncoder().encode(fixture).write(to: fixtureFile)
            run = try await runProcess(python, [BrowserRequirement.script.path, "main", serve.baseURL, fixtureFile.path,
                                                BrowserRequirement.screenshots.path], timeout: .seconds(150))
        } catch {
            await serve.stop()
            throw error
        }
        await serve.stop()
        #expect(run.status == 0, "the browser checks failed:\n\(run.output)")

        // The label added through the page is what `sightline traces --label` finds.
        let added = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("ADDED-LABEL ") }?.split(separator: " "),
                                 "the browser checks did not get as far as adding a label:\n\(run.output)")
        let listed = try await runProcess(try SightlineExecutable.url.path,
                                          ["traces", "--label", String(added[1]), "--db", database, "--json"], timeout: .seconds(30))
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.output.contains(String(added[2])) && listed.output.contains(fixture.traces["ana-1"]!),
                "sightline traces --label \(added[1]) finds the trace labelled in the page:\n\(listed.output)")
        #expect(!listed.output.contains(fixture.traces["ana-2"]!))
        // So is the metadata value set there, by `sightline traces --meta`.
        let scored = try await runProcess(try SightlineExecutable.url.path,
                                          ["traces", "--meta", "verdict=good", "--db", database, "--json"], timeout: .seconds(30))
        #expect(scored.status == 0 && scored.output.contains(fixture.traces["ana-1"]!) && !scored.output.contains(fixture.traces["ana-2"]!),
                "sightline traces --meta verdict=good finds the trace annotated in the page:\n\(scored.output)")
    }

    @Test func withAnAPIKeyThePageAsksForItOnceAndSendsIt() async throws {
        let python = try #require(InteropEnvironment.python, "SIGHTLINE_INTEROP_PYTHON is not set: run Scripts/test.sh")
        try #require(BrowserRequirement.browserInstalled, "chromium and chromedriver are missing: run Scripts/install-browser-dependencies.sh")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sightline-viewer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let serve = try await ServeProcess.start(databasePath: directory.appendingPathComponent("keyed.db").path,
                                                 arguments: ["--api-key", "viewer-secret"])
        let run: (status: Int32, output: String)
        do {
            try await ViewerFixture.recordOne(to: serve.baseURL, apiKey: "viewer-secret")
            run = try await runProcess(python, [BrowserRequirement.script.path, "apikey", serve.baseURL, "viewer-secret",
                                                BrowserRequirement.screenshots.path], timeout: .seconds(90))
        } catch {
            await serve.stop()
            throw error
        }
        await serve.stop()
        #expect(run.status == 0, "the browser checks failed:\n\(run.output)")
    }
}
