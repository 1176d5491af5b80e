/// How much of each per-span and per-trace collection the collector keeps. What is over a
/// limit is dropped (the first values kept), counted in ``IngestSummary``, and named in the
/// reply: OTLP's partial-success message, or the summary `POST /api/collector` returns. A
/// post-hoc patch over a limit is refused with 400 instead, since its reply has no room to say
/// what was left out.
public enum CollectorLimits {
    /// Labels one span carries into its trace: the first ones, each once.
    public static let labelsPerSpan = 256
    /// Labels one trace keeps, from all its spans and patches together.
    public static let labelsPerTrace = 1_024
    /// Custom metadata keys one span carries (or one patch sets): the first in sorted order.
    public static let metadataKeysPerSpan = 256
    /// Events one span keeps: the first ones.
    public static let eventsPerSpan = 1_024
    /// Links one span keeps: the first ones.
    public static let linksPerSpan = 1_024
    /// Evaluations one trace keeps, from its spans' events and pushes together: the first ones
    /// stored. A push past it is refused with 400.
    public static let evaluationsPerTrace = 1_024
    /// Patches and pushed evaluations that wait for one trace that has not arrived; one more is refused with 400.
    public static let pendingPatchesPerTrace = 100
}
