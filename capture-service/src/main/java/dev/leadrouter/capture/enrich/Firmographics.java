package dev.leadrouter.capture.enrich;

/** What is known about a company by its domain. Empty strings and 0 mean unknown. */
public record Firmographics(
    String companyName, int employeeCount, String industry, String countryCode) {}
