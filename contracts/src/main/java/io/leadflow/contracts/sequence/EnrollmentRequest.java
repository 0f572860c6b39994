package io.leadflow.contracts.sequence;

/**
 * One sequence to enroll a lead in, as planned when an event was accepted: the sequence's input and what a second
 * enrollment does ({@link EnrollmentPolicy}).
 */
public record EnrollmentRequest(SequenceInput input, String reEnrollment) {
}
