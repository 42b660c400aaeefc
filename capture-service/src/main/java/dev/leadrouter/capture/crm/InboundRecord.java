package dev.leadrouter.capture.crm;

/**
 * A CRM record waiting to be taken in.
 *
 * @param record the record as polled (JSON), or null when it must be fetched
 */
public record InboundRecord(
    String crm, String recordId, String objectType, String record, int attempts) {}
