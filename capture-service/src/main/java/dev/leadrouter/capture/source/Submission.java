package dev.leadrouter.capture.source;

import dev.leadrouter.v1.Lead;

/**
 * What a source's request said, before intake: the lead, whether a bot filled the honeypot, and
 * where a form wants the browser sent afterwards (empty when nowhere, or not an allowed host).
 */
public record Submission(Lead lead, boolean honeypot, String returnUrl) {}
