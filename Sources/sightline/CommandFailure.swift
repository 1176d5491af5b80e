/// A command that could not do its job, with the reason in words (printed as `Error: …`,
/// exit status 1), as opposed to a usage mistake, which ArgumentParser answers with the usage.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
