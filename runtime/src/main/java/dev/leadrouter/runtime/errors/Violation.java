package dev.leadrouter.runtime.errors;

/**
 * One invalid field: a dotted path ({@code lead.contact.email}) and what is wrong with it, safe to
 * show the caller.
 */
public record Violation(String field, String description) {}
