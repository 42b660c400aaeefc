package dev.leadrouter.console.pages;

import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.SourceChannel;

/** The facts about a lead the console groups and shows: none of them personal data. */
final class LeadFacts {
  private LeadFacts() {}

  /** "web form / pricing-page": the channel, and the source id when there is one. */
  static String source(Lead lead) {
    SourceChannel channel = lead.getSource().getChannel();
    String name =
        channel == SourceChannel.SOURCE_CHANNEL_UNSPECIFIED || channel == SourceChannel.UNRECOGNIZED
            ? "unknown"
            : channel.name().substring("SOURCE_CHANNEL_".length()).toLowerCase().replace('_', ' ');
    String id = lead.getSource().getSourceId();
    return id.isEmpty() ? name : name + " / " + id;
  }
}
