import Foundation
import PersonaWire

/// An inquiry's status and the times it changed. A new inquiry is `created` with every time
/// nil; ``SimulateAction``s move it on, as Persona's sandbox does.
struct InquiryLifecycle: Sendable, Equatable {
    var status: InquiryStatus = .created
    var updatedAt: Date?
    var startedAt: Date?
    var completedAt: Date?
    var failedAt: Date?
    var markedForReviewAt: Date?
    var decisionedAt: Date?
    var expiredAt: Date?

    /// The lifecycle after `action` at `now`, or why the action does not apply in this status.
    ///
    /// Our reading of Persona's flow (the OpenAPI lists the actions, not their rules): an inquiry
    /// is started and finished (completed, failed or expired) while `created` or `pending`;
    /// marked for review once completed or failed; approved or declined once completed, failed
    /// or in review. Verification actions are accepted and change no status (the emulator keeps
    /// no verifications).
    func applying(_ action: SimulateAction, at now: Date) -> Result<InquiryLifecycle, SimulateRefusal> {
        var next = self
        let open: Set<InquiryStatus> = [.created, .pending]
        let finished: Set<InquiryStatus> = [.completed, .failed]
        func require(_ allowed: Set<InquiryStatus>) -> Bool { allowed.contains(status) }
        switch action {
        case .createPassedVerification, .createFailedVerification:
            return .success(self)
        case .startInquiry:
            guard status == .created else { return .failure(SimulateRefusal(action: action, status: status)) }
            next.status = .pending
            next.startedAt = now
        case .completeInquiry:
            guard require(open) else { return .failure(SimulateRefusal(action: action, status: status)) }
            next.status = .completed
            next.startedAt = startedAt ?? now
            next.completedAt = now
        case .failInquiry:
            guard require(open) else { return .failure(SimulateRefusal(action: action, status: status)) }
            next.status = .failed
            next.failedAt = now
        case .expireInquiry:
            guard require(open) else { return .failure(SimulateRefusal(action: action, status: status)) }
            next.status = .expired
            next.expiredAt = now
        case .markForReviewInquiry:
            guard require(finished) else { return .failure(SimulateRefusal(action: action, status: status)) }
            next.status = .needsReview
            next.markedForReviewAt = now
        case .approveInquiry, .declineInquiry:
            guard require(finished.union([.needsReview])) else {
                return .failure(SimulateRefusal(action: action, status: status))
            }
            next.status = action == .approveInquiry ? .approved : .declined
            next.decisionedAt = now
        }
        next.updatedAt = now
        return .success(next)
    }
}

/// The `type`s of `meta.simulate-actions` in `POST /inquiries/{id}/perform-simulate-actions`.
enum SimulateAction: String, Sendable, CaseIterable {
    case startInquiry = "start_inquiry"
    case completeInquiry = "complete_inquiry"
    case failInquiry = "fail_inquiry"
    case expireInquiry = "expire_inquiry"
    case markForReviewInquiry = "mark_for_review_inquiry"
    case approveInquiry = "approve_inquiry"
    case declineInquiry = "decline_inquiry"
    case createPassedVerification = "create_passed_verification"
    case createFailedVerification = "create_failed_verification"
}

/// An action that does not apply to an inquiry in its status: a 422.
struct SimulateRefusal: Error, Sendable, Equatable {
    var action: SimulateAction
    var status: InquiryStatus

    var apiError: APIError {
        .unprocessable(
            "\(action.rawValue) does not apply to an inquiry with status \(status.rawValue)",
            pointer: "/meta/simulate-actions")
    }
}
