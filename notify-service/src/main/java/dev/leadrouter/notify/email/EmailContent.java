package dev.leadrouter.notify.email;

/**
 * A rendered notification email: one subject line, a plain-text part and an HTML part with the same
 * content.
 */
public record EmailContent(String subject, String text, String html) {}
