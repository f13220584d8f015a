/// How one step went.
public struct StepResult: Sendable {
    public enum Status: String, Sendable {
        case passed, failed, skipped
    }
    public let location: SourceLocation
    public let kind: String
    public let summary: String
    public let status: Status
    /// What happened: transaction hash, block, gas, decoded events or the revert.
    public let trace: [String]
    /// Why it failed: what was expected and what happened instead.
    public let failure: String?
}

/// How one scenario went.
public struct ScenarioResult: Sendable {
    public let name: String
    public let file: String
    public let steps: [StepResult]
    /// Seconds the run took (reports only; never part of the verdict).
    public let duration: Double
    /// Set when the scenario could not run at all (a file error).
    public let fileError: ScenarioFileError?

    public var passed: Bool { fileError == nil && !steps.contains { $0.status == .failed } }
    public var failedStep: StepResult? { steps.first { $0.status == .failed } }

    public init(name: String, file: String, steps: [StepResult], duration: Double, fileError: ScenarioFileError? = nil) {
        self.name = name
        self.file = file
        self.steps = steps
        self.duration = duration
        self.fileError = fileError
    }
}
