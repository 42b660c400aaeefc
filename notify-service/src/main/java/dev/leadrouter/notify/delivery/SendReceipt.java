package dev.leadrouter.notify.delivery;

/**
 * A provider's acceptance of a message.
 *
 * @param providerRef the provider's id for it (Twilio message SID, Slack message ts); null when it
 *     gives none
 */
public record SendReceipt(String providerRef) {
  public static final SendReceipt NONE = new SendReceipt(null);
}
